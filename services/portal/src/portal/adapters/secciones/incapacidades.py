"""The dashboard's incapacities section, from ``eps.incapacities.incapacidades`` only.

One row per incapacity (``portal_incapacidades``): filing inserts it, every later event
changes its state; a row never goes back in version, so a redelivered or replayed event
changes nothing. Open ones (EN TRAMITE, LIQUIDADA) are what the home page shows.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.events.incapacities import (
    EVENT_CLASSES,
    IncapacidadLiquidada,
    IncapacidadPagada,
    IncapacidadRadicada,
    IncapacidadRechazada,
    IncapacidadSinSubsidio,
)
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.proyecciones import upsert_versionado
from portal.adapters.secciones import LecturaDeSeccion
from portal.adapters.tablero_projection import avisar
from portal.domain.incapacidades import IncapacidadAbierta, ResumenIncapacidades

TOPICO = "eps.incapacities.incapacidades"
ABIERTAS = ("EN TRAMITE", "LIQUIDADA")
_ESTADOS: dict[type, str] = {
    IncapacidadLiquidada: "LIQUIDADA",
    IncapacidadRechazada: "RECHAZADA",
    IncapacidadSinSubsidio: "SIN SUBSIDIO",
    IncapacidadPagada: "PAGADA",
}
_TIPOS = {c.ce_type() for c in EVENT_CLASSES}
_RADICADA = upsert_versionado(
    "portal_incapacidades",
    (
        "incapacidad_id",
        "cotizante_id",
        "folio",
        "contingencia",
        "fecha_inicio",
        "dias",
        "estado",
        "version",
    ),
    ("incapacidad_id",),
)
_ESTADO = text(
    "UPDATE portal_incapacidades SET estado = :estado, version = :version, "
    "actualizado_en = now() WHERE incapacidad_id = :incapacidad_id AND version < :version"
)


class ProyeccionIncapacidades:
    name = "portal.incapacidades"

    def __init__(self, topic_prefix: str = "") -> None:
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        afectados: list[UUID] = []
        for consumido in events:
            e = consumido.event
            version = consumido.envelope.aggregate_version
            if isinstance(e, IncapacidadRadicada):
                await conn.execute(
                    _RADICADA,
                    {
                        "incapacidad_id": e.incapacidad_id,
                        "cotizante_id": e.cotizante_id,
                        "folio": e.folio,
                        "contingencia": e.contingencia.value,
                        "fecha_inicio": e.fecha_inicio,
                        "dias": e.dias,
                        "estado": "EN TRAMITE",
                        "version": version,
                    },
                )
            elif isinstance(
                e,
                IncapacidadLiquidada
                | IncapacidadRechazada
                | IncapacidadSinSubsidio
                | IncapacidadPagada,
            ):
                await conn.execute(
                    _ESTADO,
                    {
                        "estado": _ESTADOS[type(e)],
                        "version": version,
                        "incapacidad_id": e.incapacidad_id,
                    },
                )
            else:
                continue
            afectados.append(e.cotizante_id)
        if afectados:
            await avisar(conn, afectados)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE portal_incapacidades"))


class _Seccion(LecturaDeSeccion):
    campo = "incapacidades"
    plantilla = "incapacidades/_tablero.html"
    consulta = (
        "SELECT incapacidad_id, folio, contingencia, fecha_inicio, dias, estado "
        "FROM portal_incapacidades WHERE cotizante_id = $1 "
        f"AND estado IN ({', '.join(repr(e) for e in ABIERTAS)}) "
        "ORDER BY fecha_inicio DESC, folio DESC LIMIT 20"
    )

    def proyeccion(self, topic_prefix: str = "") -> ProyeccionIncapacidades:
        return ProyeccionIncapacidades(topic_prefix)

    def desde_filas(self, filas: list[dict[str, Any]]) -> ResumenIncapacidades | None:
        abiertas = [IncapacidadAbierta(**f) for f in filas]
        return ResumenIncapacidades(abiertas=abiertas) if abiertas else None


SECCION = _Seccion()
