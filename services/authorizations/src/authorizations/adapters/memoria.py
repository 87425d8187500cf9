"""In-memory fakes of the unit of work, the right read model and the views (unit tests)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from authorizations.application.puertos import FilaCola, FilaCuota, FilaMIPRES, FilaSolicitud
from authorizations.domain.derecho import Derecho
from authorizations.domain.ops import OPS
from authorizations.domain.prescripcion import Prescripcion
from authorizations.domain.presolicitud import Presolicitud
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.archivos import ArchivoValidado
from eps_runtime.memoria import ConsecutivosEnMemoria, EventosEnMemoria
from eps_runtime.memoria import UnidadDeTrabajoEnMemoria as _Base


@dataclass
class AlmacenEnMemoria:
    eventos: EventosEnMemoria = field(default_factory=EventosEnMemoria)
    consecutivos: dict[str, int] = field(default_factory=dict)
    derechos: dict[UUID, Derecho] = field(default_factory=dict)
    presolicitudes: dict[UUID, Presolicitud] = field(default_factory=dict)
    ops: dict[UUID, OPS] = field(default_factory=dict)
    pagos: dict[UUID, UUID] = field(default_factory=dict)
    prescripciones: dict[UUID, Prescripcion] = field(default_factory=dict)


class DerechosEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def obtener(self, afiliado_id: UUID) -> Derecho | None:
        return self._almacen.derechos.get(afiliado_id)

    async def por_documento(self, tipo: str, numero: str) -> UUID | None:
        for d in self._almacen.derechos.values():
            if (d.tipo_documento, d.numero_documento) == (tipo, numero):
                return d.afiliado_id
        return None


class VistasEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self._presolicitudes: dict[UUID, Presolicitud] = {}
        self._ops: dict[UUID, OPS] = {}
        self._prescripciones: dict[UUID, Prescripcion] = {}

    async def guardar_presolicitud(self, presolicitud: Presolicitud) -> None:
        self._presolicitudes[presolicitud.id] = presolicitud

    async def guardar_ops(self, ops: OPS) -> None:
        self._ops[ops.id] = ops

    async def guardar_prescripcion(self, prescripcion: Prescripcion) -> None:
        self._prescripciones[prescripcion.id] = prescripcion

    async def copagos_del_anio(self, afiliado_id: UUID, anio: int) -> int:
        todas = {**self._almacen.ops, **self._ops}.values()
        return sum(
            o.valor_cuota
            for o in todas
            if o.autorizada is not None
            and o.afiliado_id == afiliado_id
            and o.autorizada.autorizada_en.astimezone(ZONA_COLOMBIA).year == anio
            and o.autorizada.concepto_cuota == "COPAGO"
            and o.estado in ("AUTORIZADA", "ENTREGADA")
        )

    async def pago_aprobado(self, ops_id: UUID) -> UUID | None:
        return self._almacen.pagos.get(ops_id)

    async def presolicitudes_vencidas(self, ahora: datetime) -> list[UUID]:
        return [
            p.id
            for p in self._almacen.presolicitudes.values()
            if p.estado != "GESTIONADA"
            and not p.plazo_incumplido
            and p.responder_antes_de is not None
            and p.responder_antes_de < ahora
        ]

    async def ops_vencidas(self, hoy: date) -> list[UUID]:
        return [
            o.id
            for o in self._almacen.ops.values()
            if o.estado == "AUTORIZADA" and o.vence_el is not None and o.vence_el < hoy
        ]

    def verificar(self) -> None:
        """Nothing to check: the event streams carry the concurrency guarantee."""

    def confirmar(self) -> None:
        self._almacen.presolicitudes.update(self._presolicitudes)
        self._almacen.ops.update(self._ops)
        self._almacen.prescripciones.update(self._prescripciones)
        self._presolicitudes, self._ops, self._prescripciones = {}, {}, {}


class UnidadDeTrabajoEnMemoria(_Base):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen.eventos)
        self.almacen = almacen

    def _preparar(self) -> None:
        self.presolicitudes = self.repositorio(Presolicitud)
        self.ops = self.repositorio(OPS)
        self.consecutivos = ConsecutivosEnMemoria(self.almacen.consecutivos)
        self.participa(self.consecutivos)
        self.derechos = DerechosEnMemoria(self.almacen)
        self.vistas = VistasEnMemoria(self.almacen)
        self.participa(self.vistas)
        self.prescripciones = self.repositorio(Prescripcion)


class LecturasEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def solicitudes_de(self, afiliado_id: UUID) -> list[FilaSolicitud]:
        filas: list[FilaSolicitud] = []
        for p in sorted(self._almacen.presolicitudes.values(), key=lambda p: -p.consecutivo):
            if p.afiliado_id != afiliado_id:
                continue
            assert p.creada_en is not None
            ops = [
                o
                for o in self._almacen.ops.values()
                if o.autorizada is not None and o.autorizada.presolicitud_id == p.id
            ]
            if not ops:
                filas.append(
                    FilaSolicitud(
                        p.id,
                        afiliado_id,
                        p.consecutivo,
                        None,
                        None,
                        None,
                        p.estado,
                        None,
                        None,
                        0,
                        p.observaciones,
                        p.creada_en,
                    )
                )
            for o in ops:
                a = o.autorizada
                assert a is not None
                filas.append(
                    FilaSolicitud(
                        p.id,
                        afiliado_id,
                        p.consecutivo,
                        o.id,
                        a.numero_autorizacion,
                        a.cups_descripcion,
                        o.estado,
                        a.prestador_nombre,
                        a.vence_el,
                        a.valor_cuota,
                        p.observaciones,
                        p.creada_en,
                    )
                )
        return filas

    async def mipres_de(self, afiliado_id: UUID) -> list[FilaMIPRES]:
        return [
            FilaMIPRES(p.id, **{k: v for k, v in p.campos.items() if k != "afiliado_id"})  # type: ignore[arg-type]
            for p in self._almacen.prescripciones.values()
            if p.campos.get("afiliado_id") == afiliado_id
        ]

    async def cuotas_de(
        self, afiliado_id: UUID, desde: int, cuantas: int
    ) -> tuple[list[FilaCuota], int]:
        pendientes = [
            FilaCuota(
                o.autorizada.numero_autorizacion,
                o.autorizada.cups_descripcion,
                str(o.autorizada.concepto_cuota),
                o.valor_cuota,
                "PENDIENTE",
                None,
                None,
            )
            for o in self._almacen.ops.values()
            if o.autorizada is not None
            and o.afiliado_id == afiliado_id
            and o.estado == "AUTORIZADA"
            and o.valor_cuota > 0
        ]
        return pendientes[desde : desde + cuantas], len(pendientes)

    async def cola(self, limite: int) -> list[FilaCola]:
        pendientes = [p for p in self._almacen.presolicitudes.values() if p.estado != "GESTIONADA"]
        pendientes.sort(key=lambda p: (p.responder_antes_de, p.consecutivo))
        filas = []
        for p in pendientes[:limite]:
            assert p.afiliado_id is not None and p.responder_antes_de is not None
            filas.append(
                FilaCola(
                    p.id,
                    p.afiliado_id,
                    p.consecutivo,
                    p.plan,
                    p.estado,
                    p.prioritaria,
                    p.responder_antes_de,
                    p.version,
                )
            )
        return filas


class SoportesEnMemoria:
    def __init__(self) -> None:
        self.guardados: dict[UUID, ArchivoValidado] = {}

    def guardar(self, soporte_id: UUID, archivo: ArchivoValidado) -> None:
        self.guardados[soporte_id] = archivo
