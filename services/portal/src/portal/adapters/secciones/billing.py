"""The dashboard's payments section, from billing's ``eps.billing.pagos`` topic.

Guarantee: a row never goes back in time (each write needs a newer aggregate version of
the obligation than the row's), so a redelivered or late event changes nothing; each
change announces the affiliate's dashboard so an open home page refreshes.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS
from eps_contracts.events.billing import (
    FacturaPACEmitida,
    ObligacionAnulada,
    ObligacionPagoCreada,
    PagoAprobado,
    PagoRechazado,
    TransaccionIniciada,
)
from eps_runtime.consumer import ConsumedEvent
from portal.adapters.secciones import LecturaDeSeccion
from portal.adapters.tablero_projection import avisar
from portal.domain.billing import CuotaPorPagar, PagoReciente, ResumenPagos

TOPICO = "eps.billing.pagos"
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["portal"] if s.topic == TOPICO)
_TIPOS = frozenset(
    c.ce_type()
    for c in (
        ObligacionPagoCreada,
        FacturaPACEmitida,
        TransaccionIniciada,
        PagoAprobado,
        PagoRechazado,
        ObligacionAnulada,
    )
)
ULTIMOS = 5

_CREAR = text(
    """
    INSERT INTO tablero_cuotas AS t (obligacion_id, afiliado_id, numero_autorizacion,
        descripcion, valor, estado, creada_en, version)
    VALUES (:obligacion_id, :afiliado_id, :numero, :descripcion, :valor, 'POR_PAGAR',
        :creada_en, :version)
    ON CONFLICT (obligacion_id) DO NOTHING
    """
)
_ESTADO = text(
    """
    UPDATE tablero_cuotas SET estado = :estado, version = :version, actualizado_en = now(),
        recibo = COALESCE(:recibo, recibo), pagada_en = COALESCE(:pagada_en, pagada_en)
    WHERE obligacion_id = :obligacion_id AND version < :version AND estado <> 'PAGADA'
    """
)


class ProyeccionPagos:
    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        afiliados: list[UUID] = []
        for consumido in events:
            e = consumido.event
            version = consumido.envelope.aggregate_version
            if isinstance(e, ObligacionPagoCreada):
                await conn.execute(
                    _CREAR,
                    {
                        "obligacion_id": e.obligacion_id,
                        "afiliado_id": e.afiliado_id,
                        "numero": e.numero_autorizacion,
                        "descripcion": e.descripcion,
                        "valor": e.valor,
                        "creada_en": e.creada_en,
                        "version": version,
                    },
                )
            elif isinstance(e, FacturaPACEmitida):
                await conn.execute(
                    _CREAR,
                    {
                        "obligacion_id": e.obligacion_id,
                        "afiliado_id": e.afiliado_id,
                        "numero": e.numero_factura,
                        "descripcion": f"{e.plan_nombre} ({e.periodo})",
                        "valor": e.valor,
                        "creada_en": e.emitida_en,
                        "version": version,
                    },
                )
            else:
                estado, recibo, pagada_en = _cambio(e)
                await conn.execute(
                    _ESTADO,
                    {
                        "obligacion_id": UUID(e.aggregate_id()),
                        "estado": estado,
                        "recibo": recibo,
                        "pagada_en": pagada_en,
                        "version": version,
                    },
                )
            afiliados.append(e.afiliado_id)  # type: ignore[attr-defined]
        await avisar(conn, afiliados)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("DELETE FROM tablero_cuotas"))


def _cambio(e: Any) -> tuple[str, str | None, Any]:
    if isinstance(e, TransaccionIniciada):
        return "EN_PROCESO", None, None
    if isinstance(e, PagoAprobado):
        return "PAGADA", e.recibo, e.aprobado_en
    if isinstance(e, PagoRechazado):
        return "POR_PAGAR", None, None
    return "ANULADA", None, None


class _SeccionPagos(LecturaDeSeccion):
    campo = "pagos"
    plantilla = "billing/_tablero.html"
    consulta = f"""
        (SELECT * FROM tablero_cuotas
         WHERE afiliado_id = $1 AND estado IN ('POR_PAGAR', 'EN_PROCESO')
         ORDER BY creada_en DESC LIMIT 50)
        UNION ALL
        (SELECT * FROM tablero_cuotas WHERE afiliado_id = $1 AND estado = 'PAGADA'
         ORDER BY pagada_en DESC LIMIT {ULTIMOS})
    """

    def proyeccion(self, topic_prefix: str = "") -> ProyeccionPagos:
        return ProyeccionPagos(topic_prefix)

    def desde_filas(self, filas: list[dict[str, Any]]) -> ResumenPagos | None:
        if not filas:
            return None
        por_pagar = [
            CuotaPorPagar(
                obligacion_id=f["obligacion_id"],
                numero_autorizacion=f["numero_autorizacion"],
                descripcion=f["descripcion"],
                valor=f["valor"],
                estado=f["estado"],
                creada_en=f["creada_en"],
            )
            for f in filas
            if f["estado"] != "PAGADA"
        ]
        return ResumenPagos(
            por_pagar=por_pagar,
            total_por_pagar=sum(c.valor for c in por_pagar),
            ultimos_pagos=[
                PagoReciente(
                    obligacion_id=f["obligacion_id"],
                    numero_autorizacion=f["numero_autorizacion"],
                    descripcion=f["descripcion"],
                    valor=f["valor"],
                    recibo=f["recibo"],
                    pagada_en=f["pagada_en"],
                )
                for f in filas
                if f["estado"] == "PAGADA"
            ],
        )


SECCION = _SeccionPagos()
