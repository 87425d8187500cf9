"""Cotizantes (billing's read model of affiliation's affiliates) and imported planillas,
on PostgreSQL."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from billing.application.puertos import ContratoPAC, DatosCotizante, ResumenPlanilla


class CotizantesSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def buscar(self, documentos: Sequence[tuple[str, str]]) -> dict[tuple[str, str], UUID]:
        if not documentos:
            return {}
        filas = await self._conn.execute(
            text(
                """
                SELECT DISTINCT ON (c.tipo_documento, c.numero_documento)
                    c.tipo_documento, c.numero_documento, c.afiliado_id
                FROM cotizantes c
                JOIN unnest(CAST(:tipos AS text[]), CAST(:numeros AS text[])) AS d(tipo, numero)
                  ON c.tipo_documento = d.tipo AND c.numero_documento = d.numero
                ORDER BY c.tipo_documento, c.numero_documento, c.actualizado_en DESC
                """
            ),
            {"tipos": [d[0] for d in documentos], "numeros": [d[1] for d in documentos]},
        )
        return {(f[0], f[1]): f[2] for f in filas}

    async def datos(self, afiliado_id: UUID) -> DatosCotizante | None:
        fila = (
            await self._conn.execute(
                text(
                    "SELECT afiliado_id, tipo_cotizante, ibc, fecha_afiliacion, empleador_id, "
                    "tipo_documento || ' ' || numero_documento "
                    "FROM cotizantes WHERE afiliado_id = :a"
                ),
                {"a": afiliado_id},
            )
        ).first()
        return DatosCotizante(*fila) if fila else None

    async def con_cotizacion(self, desde: UUID | None, limite: int) -> Sequence[UUID]:
        filas = await self._conn.execute(
            text(
                "SELECT afiliado_id FROM cotizantes WHERE tipo_cotizante IS NOT NULL "
                "AND ibc IS NOT NULL AND (CAST(:desde AS uuid) IS NULL OR afiliado_id > :desde) "
                "ORDER BY afiliado_id LIMIT :limite"
            ),
            {"desde": desde, "limite": limite},
        )
        return [f[0] for f in filas]

    async def contratos_pac(self, inicio: date, fin: date) -> Sequence[ContratoPAC]:
        filas = await self._conn.execute(
            text(
                "SELECT afiliado_id, plan_codigo, plan_nombre FROM contratos_pac "
                "WHERE fecha_inicio <= :fin AND (fecha_fin IS NULL OR fecha_fin >= :inicio) "
                "ORDER BY afiliado_id, plan_codigo"
            ),
            {"inicio": inicio, "fin": fin},
        )
        return [ContratoPAC(*f) for f in filas]


class PlanillasSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def registrar(self, resumen: ResumenPlanilla) -> None:
        await self._conn.execute(
            text(
                """
                INSERT INTO planillas AS p (planilla, periodo, lineas, registrados, repetidos,
                    errores)
                VALUES (:planilla, :periodo, :lineas, :registrados, :repetidos, :errores)
                ON CONFLICT (planilla) DO UPDATE SET importaciones = p.importaciones + 1,
                    registrados = p.registrados + EXCLUDED.registrados,
                    importada_en = now()
                """
            ),
            {
                "planilla": resumen.planilla,
                "periodo": resumen.periodo,
                "lineas": resumen.lineas,
                "registrados": resumen.registrados,
                "repetidos": resumen.repetidos,
                "errores": resumen.errores,
            },
        )
