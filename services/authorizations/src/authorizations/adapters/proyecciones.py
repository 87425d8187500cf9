"""Read models fed by other services' events (Kafka, exactly-once via the runtime consumer).

- ``derechos`` and ``planes_pac`` from affiliation's afiliados topic: the right (state),
  affiliate type, cotizante, rango salarial, birth date and active PAC plans. Partition order
  is per affiliate and each row keeps the aggregate version it was written at: a duplicate
  or an older event changes nothing.
- ``moras`` from billing's cartera: ``MoraDetectada`` / ``MoraSaldada``, never back in time.
- ``pagos_aprobados`` from billing's pagos: kept even when the OPS is not known yet (the
  decision that creates it honours it); a known OPS still AUTORIZADA is delivered in the
  same transaction (its ``OPSEntregada`` goes out through the outbox). A redelivered
  payment finds it ENTREGADA: no second delivery.
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from authorizations.adapters.sql import VistasSql
from authorizations.domain.ops import OPS
from eps_contracts.catalog import SUBSCRIPTIONS
from eps_contracts.events.affiliation import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    AfiliacionSuspendida,
    AfiliadoRegistrado,
    CotizacionActualizada,
    DocumentoIdentidadActualizado,
    NombresActualizados,
    PlanComplementarioCancelado,
    PlanComplementarioContratado,
    TipoAfiliadoCambiado,
)
from eps_contracts.events.billing import MoraDetectada, MoraSaldada, PagoAprobado, PagoRechazado
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.repositorio import RepositorioEventos


def nombre_completo(e: AfiliadoRegistrado | NombresActualizados) -> str:
    partes = (e.primer_nombre, e.segundo_nombre, e.primer_apellido, e.segundo_apellido)
    return " ".join(p for p in partes if p)


def _grupo(topico: str) -> str:
    return next(s.group_id for s in SUBSCRIPTIONS["authorizations"] if s.topic == topico)


class _Proyeccion:
    topico: str
    tipos: tuple[type, ...]
    tablas: tuple[str, ...]

    def __init__(self, topic_prefix: str = "") -> None:
        self.name = _grupo(self.topico)
        self.topics: tuple[str, ...] = (topic_prefix + self.topico,)
        self._ce_types = frozenset(t.ce_type() for t in self.tipos)  # type: ignore[attr-defined]

    def handles(self, ce_type: str) -> bool:
        return ce_type in self._ce_types

    async def reset(self, conn: AsyncConnection) -> None:
        for tabla in self.tablas:
            await conn.execute(text(f"TRUNCATE {tabla}"))


_REGISTRAR = text(
    """
    INSERT INTO derechos AS d (afiliado_id, estado, tipo_afiliado, cotizante_id,
        rango_salarial, fecha_nacimiento, tipo_documento, numero_documento, nombre,
        ips_primaria, version)
    VALUES (:id, :estado, :tipo, :cotizante, :rango, :nacimiento, :tipo_documento,
        :numero_documento, :nombre, :ips, :version)
    ON CONFLICT (afiliado_id) DO UPDATE SET estado = EXCLUDED.estado,
        tipo_documento = EXCLUDED.tipo_documento, numero_documento = EXCLUDED.numero_documento,
        nombre = EXCLUDED.nombre, ips_primaria = EXCLUDED.ips_primaria,
        tipo_afiliado = EXCLUDED.tipo_afiliado, cotizante_id = EXCLUDED.cotizante_id,
        rango_salarial = EXCLUDED.rango_salarial, fecha_nacimiento = EXCLUDED.fecha_nacimiento,
        version = EXCLUDED.version, actualizado_en = now()
    WHERE d.version < EXCLUDED.version
    """
)
_ESTADO = text(
    "UPDATE derechos SET estado = :estado, version = :version, actualizado_en = now() "
    "WHERE afiliado_id = :id AND version < :version"
)
_TIPO = text(
    "UPDATE derechos SET tipo_afiliado = :tipo, cotizante_id = :cotizante, "
    "rango_salarial = COALESCE(:rango, rango_salarial), version = :version "
    "WHERE afiliado_id = :id AND version < :version"
)
_DOCUMENTO = text(
    "UPDATE derechos SET tipo_documento = :tipo_documento, numero_documento = :numero, "
    "version = :version WHERE afiliado_id = :id AND version < :version"
)
_NOMBRE = text(
    "UPDATE derechos SET nombre = :nombre, version = :version "
    "WHERE afiliado_id = :id AND version < :version"
)
_RANGO = text(
    "UPDATE derechos SET rango_salarial = :rango, version = :version "
    "WHERE afiliado_id = :id AND version < :version"
)
_PLAN = text(
    """
    INSERT INTO planes_pac AS p (afiliado_id, plan_codigo, plan_nombre, activo, version)
    VALUES (:id, :plan, :nombre, :activo, :version)
    ON CONFLICT (afiliado_id, plan_codigo) DO UPDATE SET activo = EXCLUDED.activo,
        plan_nombre = COALESCE(EXCLUDED.plan_nombre, p.plan_nombre), version = EXCLUDED.version
    WHERE p.version < EXCLUDED.version
    """
)


class DerechosProjection(_Proyeccion):
    topico = "eps.affiliation.afiliados"
    tipos = (
        AfiliadoRegistrado,
        AfiliacionSuspendida,
        AfiliacionReactivada,
        AfiliacionRetirada,
        TipoAfiliadoCambiado,
        CotizacionActualizada,
        DocumentoIdentidadActualizado,
        NombresActualizados,
        PlanComplementarioContratado,
        PlanComplementarioCancelado,
    )
    tablas = ("derechos", "planes_pac")

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumido in events:
            e, version = consumido.event, consumido.envelope.aggregate_version
            if isinstance(e, AfiliadoRegistrado):
                await conn.execute(
                    _REGISTRAR,
                    {
                        "id": e.afiliado_id,
                        "estado": str(e.estado),
                        "tipo": str(e.tipo_afiliado),
                        "cotizante": e.cotizante_id,
                        "rango": str(e.rango_salarial) if e.rango_salarial else None,
                        "nacimiento": e.fecha_nacimiento,
                        "tipo_documento": str(e.tipo_documento),
                        "numero_documento": e.numero_documento,
                        "nombre": nombre_completo(e),
                        "ips": e.ips_primaria_nombre,
                        "version": version,
                    },
                )
            elif isinstance(e, AfiliacionSuspendida | AfiliacionReactivada | AfiliacionRetirada):
                estado = {
                    AfiliacionSuspendida: "SUSPENDIDO",
                    AfiliacionReactivada: "ACTIVO",
                    AfiliacionRetirada: "RETIRADO",
                }[type(e)]
                await conn.execute(
                    _ESTADO, {"id": e.afiliado_id, "estado": estado, "version": version}
                )
            elif isinstance(e, TipoAfiliadoCambiado):
                await conn.execute(
                    _TIPO,
                    {
                        "id": e.afiliado_id,
                        "tipo": str(e.tipo_afiliado),
                        "cotizante": e.cotizante_id,
                        "rango": str(e.rango_salarial) if e.rango_salarial else None,
                        "version": version,
                    },
                )
            elif isinstance(e, DocumentoIdentidadActualizado):
                await conn.execute(
                    _DOCUMENTO,
                    {
                        "id": e.afiliado_id,
                        "tipo_documento": str(e.tipo_documento),
                        "numero": e.numero_documento,
                        "version": version,
                    },
                )
            elif isinstance(e, NombresActualizados):
                await conn.execute(
                    _NOMBRE, {"id": e.afiliado_id, "nombre": nombre_completo(e), "version": version}
                )
            elif isinstance(e, CotizacionActualizada):
                await conn.execute(
                    _RANGO,
                    {"id": e.afiliado_id, "rango": str(e.rango_salarial), "version": version},
                )
            elif isinstance(e, PlanComplementarioContratado | PlanComplementarioCancelado):
                contratado = isinstance(e, PlanComplementarioContratado)
                await conn.execute(
                    _PLAN,
                    {
                        "id": e.afiliado_id,
                        "plan": e.plan_codigo,
                        "nombre": e.plan_nombre if contratado else e.plan_codigo,  # type: ignore[union-attr]
                        "activo": contratado,
                        "version": version,
                    },
                )


_MORA = text(
    """
    INSERT INTO moras AS m (afiliado_id, en_mora, desde) VALUES (:id, :en_mora, :desde)
    ON CONFLICT (afiliado_id) DO UPDATE SET en_mora = EXCLUDED.en_mora, desde = EXCLUDED.desde
    WHERE m.desde < EXCLUDED.desde
    """
)


class CarteraProjection(_Proyeccion):
    topico = "eps.billing.cartera"
    tipos = (MoraDetectada, MoraSaldada)
    tablas = ("moras",)

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumido in events:
            e = consumido.event
            if isinstance(e, MoraDetectada):
                valores = {"id": e.afiliado_id, "en_mora": True, "desde": e.detectada_en}
            elif isinstance(e, MoraSaldada):
                valores = {"id": e.afiliado_id, "en_mora": False, "desde": e.saldada_en}
            else:
                continue
            await conn.execute(_MORA, valores)


_PAGO = text(
    """
    INSERT INTO pagos_aprobados (ops_id, obligacion_id, valor, aprobado_en)
    VALUES (:ops, :obligacion, :valor, :aprobado_en) ON CONFLICT (ops_id) DO NOTHING
    """
)


_HISTORIAL = text(
    """
    INSERT INTO pagos_historial (transaccion_id, ops_id, afiliado_id, valor, estado, motivo, en)
    VALUES (:transaccion, :ops, :afiliado, :valor, :estado, :motivo, :en)
    ON CONFLICT (transaccion_id) DO NOTHING
    """
)


class PagosProjection(_Proyeccion):
    topico = "eps.billing.pagos"
    tipos = (PagoAprobado, PagoRechazado)
    tablas = ()

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        repositorio = RepositorioEventos(conn, OPS)
        vistas = VistasSql(conn)
        for consumido in events:
            e = consumido.event
            if not isinstance(e, PagoAprobado | PagoRechazado) or e.ops_id is None:
                continue
            aprobado = isinstance(e, PagoAprobado)
            await conn.execute(
                _HISTORIAL,
                {
                    "transaccion": e.transaccion_id,
                    "ops": e.ops_id,
                    "afiliado": e.afiliado_id,
                    "valor": e.valor,
                    "estado": "APROBADO" if aprobado else "RECHAZADO",
                    "motivo": None if aprobado else e.motivo,  # type: ignore[union-attr]
                    "en": e.aprobado_en if aprobado else e.rechazado_en,  # type: ignore[union-attr]
                },
            )
            if not isinstance(e, PagoAprobado):
                continue
            await conn.execute(
                _PAGO,
                {
                    "ops": e.ops_id,
                    "obligacion": e.obligacion_id,
                    "valor": e.valor,
                    "aprobado_en": e.aprobado_en,
                },
            )
            ops = await repositorio.obtener(e.ops_id)
            if ops is not None and ops.entregar(e.obligacion_id, e.aprobado_en):
                await repositorio.guardar(ops)
                await vistas.guardar_ops(ops)

    async def reset(self, conn: AsyncConnection) -> None:
        """The payments received are facts this service cannot re-derive: kept (a rebuild
        replays them; every write is idempotent)."""
