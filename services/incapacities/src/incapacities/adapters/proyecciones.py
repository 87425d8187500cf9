"""Read models of other services' events (driven by eps_runtime.consumer, idempotent)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.events import affiliation as af
from eps_contracts.events import billing as bi
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.logging import get_logger

log = get_logger(__name__)

_ESTADOS: dict[type, str] = {
    af.AfiliacionSuspendida: "SUSPENDIDO",
    af.AfiliacionReactivada: "ACTIVO",
    af.AfiliacionRetirada: "RETIRADO",
}
_TIPOS_AFILIADOS = {
    c.ce_type()
    for c in (
        af.AfiliadoRegistrado,
        af.AfiliacionSuspendida,
        af.AfiliacionReactivada,
        af.AfiliacionRetirada,
        af.EmpleadorVinculado,
        af.EmpleadorDesvinculado,
        af.CotizacionActualizada,
        af.TipoAfiliadoCambiado,
    )
}
_TIPOS_CARTERA = {c.ce_type() for c in (bi.AporteRegistrado, bi.MoraDetectada, bi.MoraSaldada)}


class ProyeccionAfiliados:
    """Which cotizantes are active, independiente or dependent, and of which employers."""

    name: str = "incapacities.afiliados"

    def __init__(self, topic_prefix: str = "") -> None:
        self.topics: tuple[str, ...] = (topic_prefix + "eps.affiliation.afiliados",)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS_AFILIADOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumido in events:
            e = consumido.event
            version = consumido.envelope.aggregate_version
            if isinstance(e, af.AfiliadoRegistrado):
                await conn.execute(
                    text(
                        "INSERT INTO cotizantes (afiliado_id, estado, tipo_cotizante, version) "
                        "VALUES (:a, :e, :t, :v) ON CONFLICT (afiliado_id) DO UPDATE SET "
                        "estado = EXCLUDED.estado, tipo_cotizante = EXCLUDED.tipo_cotizante, "
                        "version = EXCLUDED.version WHERE cotizantes.version < EXCLUDED.version"
                    ),
                    {
                        "a": e.afiliado_id,
                        "e": e.estado.value,
                        "t": e.tipo_cotizante.value if e.tipo_cotizante else None,
                        "v": version,
                    },
                )
                if e.empleador_id is not None:
                    await self._vincular(conn, e.afiliado_id, e.empleador_id)
            elif isinstance(
                e, af.AfiliacionSuspendida | af.AfiliacionReactivada | af.AfiliacionRetirada
            ):
                await self._actualizar(conn, e.afiliado_id, version, estado=_ESTADOS[type(e)])
            elif isinstance(e, af.CotizacionActualizada | af.TipoAfiliadoCambiado):
                tipo = getattr(e, "tipo_cotizante", None)
                await self._actualizar(
                    conn, e.afiliado_id, version, tipo_cotizante=tipo.value if tipo else None
                )
            elif isinstance(e, af.EmpleadorVinculado):
                await self._vincular(conn, e.afiliado_id, e.empleador_id)
            elif isinstance(e, af.EmpleadorDesvinculado):
                await conn.execute(
                    text(
                        "DELETE FROM cotizante_empleadores "
                        "WHERE afiliado_id = :a AND empleador_id = :e"
                    ),
                    {"a": e.afiliado_id, "e": e.empleador_id},
                )

    async def _vincular(
        self, conn: AsyncConnection, afiliado_id: object, empleador: object
    ) -> None:
        await conn.execute(
            text(
                "INSERT INTO cotizante_empleadores (afiliado_id, empleador_id) VALUES (:a, :e) "
                "ON CONFLICT DO NOTHING"
            ),
            {"a": afiliado_id, "e": empleador},
        )

    async def _actualizar(
        self, conn: AsyncConnection, afiliado_id: object, version: int, **campos: str | None
    ) -> None:
        asignaciones = ", ".join(f"{c} = :{c}" for c in campos)
        await conn.execute(
            text(
                f"UPDATE cotizantes SET {asignaciones}, version = :v "
                "WHERE afiliado_id = :a AND version < :v"
            ),
            {**campos, "a": afiliado_id, "v": version},
        )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE cotizantes, cotizante_empleadores"))


class ProyeccionCartera:
    """Contributions (one row per aporte: a redelivery changes nothing) and arrears."""

    name: str = "incapacities.cartera"

    def __init__(self, topic_prefix: str = "") -> None:
        self.topics: tuple[str, ...] = (topic_prefix + "eps.billing.cartera",)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS_CARTERA

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumido in events:
            e = consumido.event
            if isinstance(e, bi.AporteRegistrado):
                await conn.execute(
                    text(
                        "INSERT INTO aportes (aporte_id, afiliado_id, periodo, dias_cotizados, ibc)"
                        " "
                        "VALUES (:id, :a, :p, :d, :i) ON CONFLICT (aporte_id) DO NOTHING"
                    ),
                    {
                        "id": e.aporte_id,
                        "a": e.afiliado_id,
                        "p": e.periodo,
                        "d": e.dias_cotizados,
                        "i": e.ibc,
                    },
                )
            elif isinstance(e, bi.MoraDetectada):
                await conn.execute(
                    text(
                        "INSERT INTO moras (afiliado_id, periodos, desde) VALUES (:a, :p, :d) "
                        "ON CONFLICT (afiliado_id) DO UPDATE SET periodos = EXCLUDED.periodos, "
                        "desde = EXCLUDED.desde WHERE moras.desde <= EXCLUDED.desde"
                    ),
                    {"a": e.afiliado_id, "p": list(e.periodos), "d": e.detectada_en},
                )
            elif isinstance(e, bi.MoraSaldada):
                await conn.execute(
                    text("DELETE FROM moras WHERE afiliado_id = :a AND desde <= :d"),
                    {"a": e.afiliado_id, "d": e.saldada_en},
                )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE aportes, moras"))


def proyecciones(topic_prefix: str = "") -> tuple[ProyeccionAfiliados, ProyeccionCartera]:
    return ProyeccionAfiliados(topic_prefix), ProyeccionCartera(topic_prefix)
