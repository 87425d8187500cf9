"""The ``cotizantes`` read model, from affiliation's affiliates topic.

Only what billing needs: the document (to match PILA lines), the cotizante type, the
employer and the IBC (the expected contribution). Guarantee: a row never goes back in
time (each write needs a newer aggregate version than the row's).
"""

from __future__ import annotations

from collections.abc import Sequence
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS
from eps_contracts.events.affiliation import (
    AfiliadoRegistrado,
    CotizacionActualizada,
    DocumentoIdentidadActualizado,
    EmpleadorDesvinculado,
    EmpleadorVinculado,
    PlanComplementarioCancelado,
    PlanComplementarioContratado,
    TipoAfiliadoCambiado,
)
from eps_runtime.consumer import ConsumedEvent

TOPICO = "eps.affiliation.afiliados"
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["billing"] if s.topic == TOPICO)
_ATENDIDOS = (
    AfiliadoRegistrado,
    CotizacionActualizada,
    DocumentoIdentidadActualizado,
    EmpleadorVinculado,
    EmpleadorDesvinculado,
    TipoAfiliadoCambiado,
    PlanComplementarioContratado,
    PlanComplementarioCancelado,
)
_TIPOS = frozenset(c.ce_type() for c in _ATENDIDOS)

_REGISTRAR = text(
    """
    INSERT INTO cotizantes AS c (afiliado_id, tipo_documento, numero_documento,
        tipo_cotizante, empleador_id, ibc, fecha_afiliacion, version)
    VALUES (:afiliado_id, :tipo_documento, :numero_documento, :tipo_cotizante,
        :empleador_id, :ibc, :fecha_afiliacion, :version)
    ON CONFLICT (afiliado_id) DO UPDATE SET tipo_documento = EXCLUDED.tipo_documento,
        numero_documento = EXCLUDED.numero_documento, tipo_cotizante = EXCLUDED.tipo_cotizante,
        empleador_id = EXCLUDED.empleador_id, ibc = EXCLUDED.ibc,
        fecha_afiliacion = EXCLUDED.fecha_afiliacion, version = EXCLUDED.version,
        actualizado_en = now()
    WHERE c.version < EXCLUDED.version
    """
)


_CONTRATO = text(
    """
    INSERT INTO contratos_pac AS c (afiliado_id, plan_codigo, plan_nombre, fecha_inicio,
        version)
    VALUES (:afiliado_id, :plan, :nombre, :inicio, :version)
    ON CONFLICT (afiliado_id, plan_codigo) DO UPDATE SET plan_nombre = EXCLUDED.plan_nombre,
        fecha_inicio = EXCLUDED.fecha_inicio, fecha_fin = NULL, version = EXCLUDED.version
    WHERE c.version < EXCLUDED.version
    """
)


def _actualizar(asignaciones: str) -> str:
    return (
        f"UPDATE cotizantes SET {asignaciones}, version = :version, actualizado_en = now() "
        "WHERE afiliado_id = :afiliado_id AND version < :version"
    )


class AfiliadosProjection:
    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumido in events:
            e = consumido.event
            base = {
                "afiliado_id": UUID(e.aggregate_id()),
                "version": consumido.envelope.aggregate_version,
            }
            if isinstance(e, AfiliadoRegistrado):
                await conn.execute(
                    _REGISTRAR,
                    base
                    | {
                        "tipo_documento": str(e.tipo_documento),
                        "numero_documento": e.numero_documento,
                        "tipo_cotizante": str(e.tipo_cotizante) if e.tipo_cotizante else None,
                        "empleador_id": e.empleador_id,
                        "ibc": e.ibc,
                        "fecha_afiliacion": e.fecha_afiliacion,
                    },
                )
            elif isinstance(e, DocumentoIdentidadActualizado):
                await conn.execute(
                    text(_actualizar("tipo_documento = :tipo, numero_documento = :numero")),
                    base | {"tipo": str(e.tipo_documento), "numero": e.numero_documento},
                )
            elif isinstance(e, CotizacionActualizada):
                await conn.execute(
                    text(_actualizar("tipo_cotizante = :tipo, ibc = :ibc")),
                    base | {"tipo": str(e.tipo_cotizante), "ibc": e.ibc},
                )
            elif isinstance(e, TipoAfiliadoCambiado):
                await conn.execute(
                    text(_actualizar("tipo_cotizante = :tipo, ibc = :ibc, empleador_id = :emp")),
                    base
                    | {
                        "tipo": str(e.tipo_cotizante) if e.tipo_cotizante else None,
                        "ibc": e.ibc,
                        "emp": e.empleador_id,
                    },
                )
            elif isinstance(e, EmpleadorVinculado):
                await conn.execute(
                    text(_actualizar("empleador_id = :emp")), base | {"emp": e.empleador_id}
                )
            elif isinstance(e, PlanComplementarioContratado):
                await conn.execute(
                    _CONTRATO,
                    base
                    | {
                        "plan": e.plan_codigo,
                        "nombre": e.plan_nombre,
                        "inicio": e.fecha_inicio,
                    },
                )
            elif isinstance(e, PlanComplementarioCancelado):
                await conn.execute(
                    text(
                        "UPDATE contratos_pac SET fecha_fin = :fin, version = :version "
                        "WHERE afiliado_id = :afiliado_id AND plan_codigo = :plan "
                        "AND version < :version"
                    ),
                    base | {"plan": e.plan_codigo, "fin": e.fecha_fin},
                )
            elif isinstance(e, EmpleadorDesvinculado):
                await conn.execute(text(_actualizar("empleador_id = NULL")), base)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("DELETE FROM cotizantes"))
        await conn.execute(text("DELETE FROM contratos_pac"))
