"""The dashboard's authorizations section, from authorizations' OPS topic only.

Every event of an OPS is keyed by its id, so its ``OPSAutorizada`` (which names the
affiliate, the service, the provider and the cuota) arrives before the rest; later events
change its state, never taking it back in time (``version`` is the stream's). The section
shows the OPS waiting for their payment (paid in billing's «Pagos de cuotas») and the
delivered ones still in force.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import topic_for
from eps_contracts.events.authorizations import (
    OPSAnulada,
    OPSAutorizada,
    OPSEntregada,
    OPSVencida,
)
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.proyecciones import upsert_versionado
from portal.adapters.secciones import LecturaDeSeccion
from portal.adapters.tablero_projection import avisar
from portal.domain.autorizaciones import OPSResumen, ResumenAutorizaciones

GRUPO = "portal.autorizaciones"
TOPICO = topic_for(OPSAutorizada).name
_TIPOS = frozenset(c.ce_type() for c in (OPSAutorizada, OPSEntregada, OPSAnulada, OPSVencida))
_ESTADOS: dict[type[Any], str] = {
    OPSEntregada: "ENTREGADA",
    OPSAnulada: "ANULADA",
    OPSVencida: "VENCIDA",
}

_INSERTAR = upsert_versionado(
    "tablero_ops",
    (
        "ops_id",
        "afiliado_id",
        "numero_autorizacion",
        "prestacion",
        "prestador",
        "estado",
        "valor_cuota",
        "vence_el",
        "autorizada_en",
        "version",
    ),
    ("ops_id",),
)
_CAMBIAR = text(
    "UPDATE tablero_ops SET estado = :estado, version = :version, actualizado_en = now() "
    "WHERE ops_id = :id AND version < :version RETURNING afiliado_id"
)
_LEER = (
    "SELECT ops_id, numero_autorizacion, prestacion, prestador, estado, valor_cuota, vence_el "
    "FROM tablero_ops WHERE afiliado_id = $1 AND estado IN ('AUTORIZADA', 'ENTREGADA') "
    "ORDER BY autorizada_en, numero_autorizacion"
)


class ProyeccionAutorizaciones:
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
            if isinstance(e, OPSAutorizada):
                await conn.execute(
                    _INSERTAR,
                    {
                        "ops_id": e.ops_id,
                        "afiliado_id": e.afiliado_id,
                        "numero_autorizacion": e.numero_autorizacion,
                        "prestacion": e.cups_descripcion,
                        "prestador": e.prestador_nombre,
                        "estado": "AUTORIZADA",
                        "valor_cuota": e.valor_cuota,
                        "vence_el": e.vence_el,
                        "autorizada_en": e.autorizada_en,
                        "version": version,
                    },
                )
                afiliados.append(e.afiliado_id)
                continue
            estado = _ESTADOS.get(type(e))
            if estado is None:
                continue
            fila = (
                await conn.execute(
                    _CAMBIAR,
                    {"id": getattr(e, "ops_id"), "estado": estado, "version": version},  # noqa: B009
                )
            ).first()
            if fila is not None:
                afiliados.append(fila.afiliado_id)
        if afiliados:
            await avisar(conn, afiliados)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("DELETE FROM tablero_ops"))


class _Seccion(LecturaDeSeccion):
    campo = "autorizaciones"
    plantilla = "autorizaciones/_tablero.html"
    consulta = _LEER

    def proyeccion(self, topic_prefix: str = "") -> ProyeccionAutorizaciones:
        return ProyeccionAutorizaciones(topic_prefix)

    def desde_filas(self, filas: list[dict[str, Any]]) -> ResumenAutorizaciones | None:
        if not filas:
            return None
        hoy = date.today()
        ops = [OPSResumen(**f) for f in filas]
        return ResumenAutorizaciones(
            por_pagar=[o for o in ops if o.estado == "AUTORIZADA" and o.valor_cuota > 0],
            entregadas=[o for o in ops if o.estado == "ENTREGADA" and o.vence_el >= hoy],
        )


SECCION = _Seccion()
