"""PostgreSQL adapters: the unit of work, the right read model and the service's views."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from authorizations.application.puertos import FilaCola, FilaCuota, FilaMIPRES, FilaSolicitud
from authorizations.domain.derecho import Derecho
from authorizations.domain.ops import OPS
from authorizations.domain.prescripcion import Prescripcion
from authorizations.domain.presolicitud import Presolicitud
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.consecutivos import ConsecutivosSql
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import RepositorioEventos
from eps_runtime.repositorio import UnidadDeTrabajoSql as _Base

_DERECHO = text(
    """
    SELECT d.afiliado_id, d.estado, d.tipo_afiliado, d.cotizante_id, d.rango_salarial,
           d.fecha_nacimiento, d.tipo_documento, d.numero_documento, d.nombre, d.ips_primaria,
           COALESCE((SELECT array_agg(p.plan_codigo) FROM planes_pac p
                     WHERE p.afiliado_id = d.afiliado_id AND p.activo), '{}') AS planes,
           EXISTS (SELECT 1 FROM moras m WHERE m.en_mora
                   AND m.afiliado_id IN (d.afiliado_id, d.cotizante_id)) AS en_mora
    FROM derechos d WHERE d.afiliado_id = :id
    """
)


class DerechosSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def por_documento(self, tipo: str, numero: str) -> UUID | None:
        valor = await self._conn.scalar(
            text(
                "SELECT afiliado_id FROM derechos WHERE tipo_documento = :tipo "
                "AND numero_documento = :numero ORDER BY version DESC LIMIT 1"
            ),
            {"tipo": tipo, "numero": numero},
        )
        return valor if isinstance(valor, UUID) else None

    async def obtener(self, afiliado_id: UUID) -> Derecho | None:
        fila = (await self._conn.execute(_DERECHO, {"id": afiliado_id})).one_or_none()
        if fila is None:
            return None
        return Derecho(
            afiliado_id=fila.afiliado_id,
            estado=fila.estado,
            tipo_afiliado=fila.tipo_afiliado,
            cotizante_id=fila.cotizante_id,
            rango_salarial=fila.rango_salarial,
            fecha_nacimiento=fila.fecha_nacimiento,
            planes_pac=frozenset(fila.planes),
            en_mora=fila.en_mora,
            tipo_documento=fila.tipo_documento,
            numero_documento=fila.numero_documento,
            nombre=fila.nombre,
            ips_primaria=fila.ips_primaria,
        )


_GUARDAR_PRESOLICITUD = text(
    """
    INSERT INTO presolicitudes_vista AS v (presolicitud_id, afiliado_id, consecutivo, plan,
        estado, prioritaria, observaciones, creada_en, responder_antes_de, plazo_incumplido,
        version)
    VALUES (:id, :afiliado, :consecutivo, :plan, :estado, :prioritaria, :observaciones,
        :creada_en, :responder, :incumplido, :version)
    ON CONFLICT (presolicitud_id) DO UPDATE SET estado = EXCLUDED.estado,
        prioritaria = EXCLUDED.prioritaria, responder_antes_de = EXCLUDED.responder_antes_de,
        plazo_incumplido = EXCLUDED.plazo_incumplido, version = EXCLUDED.version
    WHERE v.version < EXCLUDED.version
    """
)
_GUARDAR_OPS = text(
    """
    INSERT INTO ops_vista AS v (ops_id, afiliado_id, presolicitud_id, numero_autorizacion,
        cups_codigo, cups_descripcion, prestador, vence_el, valor_cuota, concepto_cuota, anio,
        estado, version)
    VALUES (:id, :afiliado, :presolicitud, :numero, :cups, :descripcion, :prestador, :vence,
        :valor, :concepto, :anio, :estado, :version)
    ON CONFLICT (ops_id) DO UPDATE SET estado = EXCLUDED.estado, version = EXCLUDED.version
    WHERE v.version < EXCLUDED.version
    """
)


def prestador(ops: OPS) -> str:
    a = ops.autorizada
    assert a is not None
    partes = [a.prestador_nombre, a.prestador_direccion, a.prestador_telefono, a.prestador_ciudad]
    return " - ".join(p for p in partes if p)


class VistasSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def guardar_presolicitud(self, p: Presolicitud) -> None:
        await self._conn.execute(
            _GUARDAR_PRESOLICITUD,
            {
                "id": p.id,
                "afiliado": p.afiliado_id,
                "consecutivo": p.consecutivo,
                "plan": p.plan,
                "estado": p.estado,
                "prioritaria": p.prioritaria,
                "observaciones": p.observaciones,
                "creada_en": p.creada_en,
                "responder": p.responder_antes_de,
                "incumplido": p.plazo_incumplido,
                "version": p.version,
            },
        )

    async def guardar_ops(self, ops: OPS) -> None:
        a = ops.autorizada
        assert a is not None
        await self._conn.execute(
            _GUARDAR_OPS,
            {
                "id": ops.id,
                "afiliado": a.afiliado_id,
                "presolicitud": a.presolicitud_id,
                "numero": a.numero_autorizacion,
                "cups": a.cups_codigo,
                "descripcion": a.cups_descripcion,
                "prestador": prestador(ops),
                "vence": a.vence_el,
                "valor": a.valor_cuota,
                "concepto": str(a.concepto_cuota),
                "anio": a.autorizada_en.astimezone(ZONA_COLOMBIA).year,
                "estado": ops.estado,
                "version": ops.version,
            },
        )

    async def guardar_prescripcion(self, p: Prescripcion) -> None:
        await self._conn.execute(
            text(
                """
                INSERT INTO prescripciones_vista AS v (prescripcion_id, afiliado_id,
                    numero_prescripcion, tipo_tecnologia, descripcion, cantidad,
                    fecha_maxima_entrega, estado, version)
                VALUES (:id, :afiliado_id, :numero_prescripcion, :tipo_tecnologia,
                    :descripcion, :cantidad, :fecha_maxima_entrega, :estado, :version)
                ON CONFLICT (prescripcion_id) DO UPDATE SET afiliado_id = EXCLUDED.afiliado_id,
                    tipo_tecnologia = EXCLUDED.tipo_tecnologia,
                    descripcion = EXCLUDED.descripcion, cantidad = EXCLUDED.cantidad,
                    fecha_maxima_entrega = EXCLUDED.fecha_maxima_entrega,
                    estado = EXCLUDED.estado, version = EXCLUDED.version
                WHERE v.version < EXCLUDED.version
                """
            ),
            {"id": p.id, "version": p.version, **p.campos},
        )

    async def copagos_del_anio(self, afiliado_id: UUID, anio: int) -> int:
        total = await self._conn.scalar(
            text(
                "SELECT COALESCE(sum(valor_cuota), 0) FROM ops_vista WHERE afiliado_id = :a "
                "AND anio = :anio AND concepto_cuota = 'COPAGO' "
                "AND estado IN ('AUTORIZADA', 'ENTREGADA')"
            ),
            {"a": afiliado_id, "anio": anio},
        )
        return int(total or 0)

    async def pago_aprobado(self, ops_id: UUID) -> UUID | None:
        valor = await self._conn.scalar(
            text("SELECT obligacion_id FROM pagos_aprobados WHERE ops_id = :id"), {"id": ops_id}
        )
        return valor if isinstance(valor, UUID) else None

    async def presolicitudes_vencidas(self, ahora: datetime) -> list[UUID]:
        filas = await self._conn.execute(
            text(
                "SELECT presolicitud_id FROM presolicitudes_vista WHERE estado <> 'GESTIONADA' "
                "AND NOT plazo_incumplido AND responder_antes_de < :ahora LIMIT 500"
            ),
            {"ahora": ahora},
        )
        return [f[0] for f in filas]

    async def ops_vencidas(self, hoy: date) -> list[UUID]:
        filas = await self._conn.execute(
            text(
                "SELECT ops_id FROM ops_vista WHERE estado = 'AUTORIZADA' AND vence_el < :hoy "
                "LIMIT 500"
            ),
            {"hoy": hoy},
        )
        return [f[0] for f in filas]


class UnidadDeTrabajoSql(_Base):
    def _preparar(self, conn: AsyncConnection) -> None:
        self.presolicitudes = RepositorioEventos(conn, Presolicitud, self.store)
        self.ops = RepositorioEventos(conn, OPS, self.store)
        self.consecutivos = ConsecutivosSql(conn)
        self.derechos = DerechosSql(conn)
        self.vistas = VistasSql(conn)
        self.prescripciones = RepositorioEventos(conn, Prescripcion, self.store)


_SOLICITUDES = text(
    """
    SELECT p.presolicitud_id, p.afiliado_id, p.consecutivo, o.ops_id, o.numero_autorizacion,
           o.cups_descripcion AS prestacion, COALESCE(o.estado, p.estado) AS estado,
           o.prestador AS proveedor, o.vence_el, COALESCE(o.valor_cuota, 0) AS valor_cuota,
           p.observaciones, p.creada_en
    FROM presolicitudes_vista p LEFT JOIN ops_vista o ON o.presolicitud_id = p.presolicitud_id
    WHERE p.afiliado_id = :afiliado
    ORDER BY p.consecutivo DESC, o.numero_autorizacion
    LIMIT 500
    """
)
_COLA = text(
    """
    SELECT presolicitud_id, afiliado_id, consecutivo, plan, estado, prioritaria,
           responder_antes_de, version
    FROM presolicitudes_vista WHERE estado <> 'GESTIONADA'
    ORDER BY responder_antes_de, consecutivo LIMIT :limite
    """
)


_CUOTAS = """
    SELECT o.numero_autorizacion, o.cups_descripcion AS prestacion, o.concepto_cuota AS concepto,
           h.valor, h.estado, h.motivo, h.en
    FROM pagos_historial h LEFT JOIN ops_vista o ON o.ops_id = h.ops_id
    WHERE h.afiliado_id = :afiliado
    UNION ALL
    SELECT o.numero_autorizacion, o.cups_descripcion, o.concepto_cuota, o.valor_cuota,
           'PENDIENTE', NULL, NULL
    FROM ops_vista o
    WHERE o.afiliado_id = :afiliado AND o.estado = 'AUTORIZADA' AND o.valor_cuota > 0
"""
_PAGINA_CUOTAS = text(
    f"SELECT * FROM ({_CUOTAS}) c ORDER BY c.en DESC NULLS FIRST, c.numero_autorizacion "
    "LIMIT :cuantas OFFSET :desde"
)
_TOTAL_CUOTAS = text(f"SELECT count(*) FROM ({_CUOTAS}) c")


class LecturasSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def solicitudes_de(self, afiliado_id: UUID) -> list[FilaSolicitud]:
        async with self._engine.connect() as conn:
            filas = await conn.execute(_SOLICITUDES, {"afiliado": afiliado_id})
            return [FilaSolicitud(**f._mapping) for f in filas]

    async def cuotas_de(
        self, afiliado_id: UUID, desde: int, cuantas: int
    ) -> tuple[list[FilaCuota], int]:
        async with self._engine.connect() as conn:
            filas = await conn.execute(
                _PAGINA_CUOTAS, {"afiliado": afiliado_id, "desde": desde, "cuantas": cuantas}
            )
            total = await conn.scalar(_TOTAL_CUOTAS, {"afiliado": afiliado_id})
            return [FilaCuota(**f._mapping) for f in filas], int(total or 0)

    async def mipres_de(self, afiliado_id: UUID) -> list[FilaMIPRES]:
        async with self._engine.connect() as conn:
            filas = await conn.execute(
                text(
                    "SELECT prescripcion_id, numero_prescripcion, tipo_tecnologia, descripcion,"
                    " cantidad, fecha_maxima_entrega, estado FROM prescripciones_vista"
                    " WHERE afiliado_id = :a ORDER BY fecha_maxima_entrega DESC LIMIT 500"
                ),
                {"a": afiliado_id},
            )
            return [FilaMIPRES(**f._mapping) for f in filas]

    async def cola(self, limite: int) -> list[FilaCola]:
        async with self._engine.connect() as conn:
            filas = await conn.execute(_COLA, {"limite": limite})
            return [FilaCola(**f._mapping) for f in filas]


def unidad_de_trabajo(engine: AsyncEngine, store: EventStore) -> UnidadDeTrabajoSql:
    return UnidadDeTrabajoSql(engine, store)
