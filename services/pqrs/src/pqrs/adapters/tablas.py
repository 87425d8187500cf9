"""The service's own tables on the unit of work's connection: radicados (with the anonymous
code's keyed hash), the back-office queue and the survey answers. Written in the same
transaction as the events, so they never disagree with the streams."""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from pqrs.application.puertos import FilaBandeja, FiltrosBandeja, Radicacion, ResumenEncuesta
from pqrs.domain.encuesta import PREGUNTAS, Encuesta
from pqrs.domain.errores import EncuestaYaRespondida

_COLUMNAS = (
    "solicitud_id, radicado, tipo, estado, canal, radicante, riesgo, area, operador_id, "
    "afiliado_id, empleador_id, radicada_en, vence_en, respondida_en, calificacion, version, "
    "abierta, incumplida, unidad_plazo"
)


class RadicadosSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def registrar(self, radicacion: Radicacion) -> None:
        await self._conn.execute(
            text(
                "INSERT INTO radicados (radicado, solicitud_id, codigo_hash) "
                "VALUES (:radicado, :solicitud_id, :codigo_hash)"
            ),
            {
                "radicado": radicacion.radicado,
                "solicitud_id": radicacion.solicitud_id,
                "codigo_hash": radicacion.codigo_hash,
            },
        )

    async def buscar(self, radicado: str) -> Radicacion | None:
        fila = (
            await self._conn.execute(
                text("SELECT solicitud_id, codigo_hash FROM radicados WHERE radicado = :r"),
                {"r": radicado},
            )
        ).first()
        return None if fila is None else Radicacion(radicado, fila.solicitud_id, fila.codigo_hash)


def _fila(r: Any) -> FilaBandeja:
    return FilaBandeja(**{k: getattr(r, k) for k in _COLUMNAS.split(", ")})


class BandejaSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def guardar(self, fila: FilaBandeja) -> None:
        valores = {k: getattr(fila, k) for k in _COLUMNAS.split(", ")}
        marcadores = ", ".join(f":{k}" for k in valores)
        actualizar = ", ".join(f"{k} = EXCLUDED.{k}" for k in valores if k != "solicitud_id")
        await self._conn.execute(
            text(
                f"INSERT INTO solicitudes ({_COLUMNAS}) VALUES ({marcadores}) "
                f"ON CONFLICT (solicitud_id) DO UPDATE SET {actualizar} "
                "WHERE solicitudes.version < EXCLUDED.version"
            ),
            valores,
        )

    async def listar(self, filtros: FiltrosBandeja, ahora: datetime) -> list[FilaBandeja]:
        condiciones = []
        parametros: dict[str, Any] = {
            "ahora": ahora,
            "limite": filtros.limite,
            "desde": filtros.desde,
        }
        for campo in ("tipo", "estado", "riesgo", "area", "operador_id"):
            valor = getattr(filtros, campo)
            if valor is not None:
                condiciones.append(f"{campo} = :{campo}")
                parametros[campo] = valor
        vencida = "(abierta AND vence_en IS NOT NULL AND vence_en < :ahora)"
        if filtros.vencidas is True:
            condiciones.append(vencida)
        elif filtros.vencidas is False:
            condiciones.append(f"NOT {vencida}")
        donde = ("WHERE " + " AND ".join(condiciones)) if condiciones else ""
        filas = await self._conn.execute(
            text(
                f"SELECT {_COLUMNAS} FROM solicitudes {donde} "
                "ORDER BY abierta DESC, vence_en ASC NULLS LAST, radicado "
                "LIMIT :limite OFFSET :desde"
            ),
            parametros,
        )
        return [_fila(r) for r in filas]

    async def de_afiliados(self, afiliados: list[UUID]) -> list[FilaBandeja]:
        filas = await self._conn.execute(
            text(
                f"SELECT {_COLUMNAS} FROM solicitudes WHERE afiliado_id = ANY(:ids) "
                "ORDER BY radicada_en DESC LIMIT 200"
            ),
            {"ids": afiliados},
        )
        return [_fila(r) for r in filas]

    async def de_empleador(self, empleador_id: UUID) -> list[FilaBandeja]:
        filas = await self._conn.execute(
            text(
                f"SELECT {_COLUMNAS} FROM solicitudes WHERE empleador_id = :e "
                "ORDER BY radicada_en DESC LIMIT 200"
            ),
            {"e": empleador_id},
        )
        return [_fila(r) for r in filas]

    async def vencidas_sin_marcar(self, ahora: datetime, limite: int) -> list[UUID]:
        filas = await self._conn.execute(
            text(
                "SELECT solicitud_id FROM solicitudes WHERE abierta AND NOT incumplida "
                "AND vence_en < :ahora ORDER BY vence_en LIMIT :limite FOR UPDATE SKIP LOCKED"
            ),
            {"ahora": ahora, "limite": limite},
        )
        return [r.solicitud_id for r in filas]


class EncuestasSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def registrar(self, encuesta: Encuesta, usuario_clave: str) -> None:
        try:
            async with self._conn.begin_nested():
                await self._conn.execute(
                    text(
                        "INSERT INTO encuestas (encuesta_id, periodo, facilidad, tiempo, "
                        "claridad, satisfaccion) VALUES (:id, :periodo, :facilidad, :tiempo, "
                        ":claridad, :satisfaccion)"
                    ),
                    {"id": encuesta.id, "periodo": encuesta.periodo, **encuesta.puntajes},
                )
        except IntegrityError:
            raise EncuestaYaRespondida() from None

    async def resumen(self) -> list[ResumenEncuesta]:
        promedios = ", ".join(f"round(avg({p})::numeric, 2) AS {p}" for p in PREGUNTAS)
        filas = await self._conn.execute(
            text(
                f"SELECT periodo, count(*) AS n, {promedios} FROM encuestas "
                "GROUP BY periodo ORDER BY periodo DESC LIMIT 36"
            )
        )
        return [
            ResumenEncuesta(r.periodo, r.n, {p: float(getattr(r, p)) for p in PREGUNTAS})
            for r in filas
        ]
