"""The dashboard's PQRS section, from the PQRS service's topic only.

Every event of a solicitud is keyed by its id, so its ``PQRSRadicada`` (which names the
affiliate) arrives before the rest; later events change the state or the deadline of that
row, never taking it back in time (``version`` is the stream's). Employers' and anonymous
requests carry no affiliate and never show on a dashboard.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import topic_for
from eps_contracts.events.pqrs import (
    PQRSAsignada,
    PQRSCalificada,
    PQRSClasificada,
    PQRSDesistida,
    PQRSEnGestion,
    PQRSProrrogada,
    PQRSRadicada,
    PQRSRespondida,
    PQRSTrasladada,
)
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.proyecciones import upsert_versionado
from portal.adapters.secciones import LecturaDeSeccion
from portal.adapters.tablero_projection import avisar
from portal.domain.pqrs import ResumenPQRS, SolicitudPQRSResumen

GRUPO = "portal.pqrs"
TOPICO = topic_for(PQRSRadicada).name

_INSERTAR = upsert_versionado(
    "tablero_pqrs",
    (
        "solicitud_id",
        "afiliado_id",
        "radicado",
        "tipo",
        "estado",
        "radicada_en",
        "vence_en",
        "version",
    ),
    ("solicitud_id",),
)
_ESTADOS: dict[type[Any], str] = {
    PQRSAsignada: "ASIGNADA",
    PQRSEnGestion: "EN_GESTION",
    PQRSRespondida: "FINALIZADA",
    PQRSTrasladada: "TRASLADADA",
    PQRSDesistida: "DESISTIDA",
}
_CAMBIAR = text(
    "UPDATE tablero_pqrs SET estado = COALESCE(:estado, estado), "
    "vence_en = COALESCE(:vence_en, vence_en), calificada = calificada OR :calificada, "
    "version = :version, actualizado_en = now() "
    "WHERE solicitud_id = :id AND version < :version RETURNING afiliado_id"
)
_LEER = (
    "SELECT radicado, tipo, estado, calificada, radicada_en, vence_en FROM tablero_pqrs "
    "WHERE afiliado_id = $1 ORDER BY radicada_en"
)
_ABIERTOS = ("RADICADA", "ASIGNADA", "EN_GESTION")


class ProyeccionPQRS:
    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type.startswith("co.eps.pqrs.")

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        afiliados: list[UUID] = []
        for consumido in events:
            e = consumido.event
            version = consumido.envelope.aggregate_version
            if isinstance(e, PQRSRadicada):
                if e.afiliado_id is None:
                    continue
                await conn.execute(
                    _INSERTAR,
                    {
                        "solicitud_id": e.solicitud_id,
                        "afiliado_id": e.afiliado_id,
                        "radicado": e.radicado,
                        "tipo": e.tipo.value,
                        "estado": "RADICADA",
                        "radicada_en": e.radicada_en,
                        "vence_en": e.vence_en,
                        "version": version,
                    },
                )
                afiliados.append(e.afiliado_id)
                continue
            vence = e.vence_en if isinstance(e, PQRSClasificada | PQRSProrrogada) else None
            fila = (
                await conn.execute(
                    _CAMBIAR,
                    {
                        "id": getattr(e, "solicitud_id"),  # noqa: B009
                        "estado": _ESTADOS.get(type(e)),
                        "vence_en": vence,
                        "calificada": isinstance(e, PQRSCalificada),
                        "version": version,
                    },
                )
            ).first()
            if fila is not None and fila.afiliado_id is not None:
                afiliados.append(fila.afiliado_id)
        if afiliados:
            await avisar(conn, afiliados)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("DELETE FROM tablero_pqrs"))


class _Seccion(LecturaDeSeccion):
    campo = "pqrs"
    plantilla = "pqrs/_tablero.html"
    consulta = _LEER

    def proyeccion(self, topic_prefix: str = "") -> ProyeccionPQRS:
        return ProyeccionPQRS(topic_prefix)

    def desde_filas(self, filas: list[dict[str, Any]]) -> ResumenPQRS | None:
        if not filas:
            return None
        return ResumenPQRS(
            abiertas=[
                SolicitudPQRSResumen(
                    radicado=f["radicado"],
                    tipo=f["tipo"],
                    estado=f["estado"],
                    radicada_en=f["radicada_en"],
                    vence_en=f["vence_en"],
                )
                for f in filas
                if f["estado"] in _ABIERTOS
            ],
            por_calificar=sum(
                1 for f in filas if f["estado"] == "FINALIZADA" and not f["calificada"]
            ),
        )


SECCION = _Seccion()
