"""What the use cases need from the outside world, as Protocols (adapters implement them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Protocol, TypeVar
from uuid import UUID

from authorizations.domain.derecho import Derecho
from authorizations.domain.ops import OPS
from authorizations.domain.prescripcion import Direccionamiento, Prescripcion
from authorizations.domain.presolicitud import Presolicitud
from eps_runtime import unidad
from eps_runtime.archivos import ArchivoValidado

A = TypeVar("A")


class Repositorio(Protocol[A]):
    async def obtener(self, agregado_id: UUID) -> A | None: ...
    async def guardar(self, agregado: A) -> None: ...


class Consecutivos(Protocol):
    async def siguiente(self, serie: str) -> int: ...


class Derechos(Protocol):
    async def obtener(self, afiliado_id: UUID) -> Derecho | None: ...
    async def por_documento(self, tipo: str, numero: str) -> UUID | None: ...


class Vistas(Protocol):
    """The service's own views, written in the same transaction as the events."""

    async def guardar_presolicitud(self, presolicitud: Presolicitud) -> None: ...
    async def guardar_ops(self, ops: OPS) -> None: ...
    async def copagos_del_anio(self, afiliado_id: UUID, anio: int) -> int:
        """The copagos of OPS authorized that year and not voided (AUTORIZADA or ENTREGADA)."""
        ...

    async def pago_aprobado(self, ops_id: UUID) -> UUID | None:
        """The obligation of an approved payment already received for ``ops_id``."""
        ...

    async def guardar_prescripcion(self, prescripcion: Prescripcion) -> None: ...
    async def presolicitudes_vencidas(self, ahora: datetime) -> list[UUID]: ...
    async def ops_vencidas(self, hoy: date) -> list[UUID]: ...


class UnidadDeTrabajo(unidad.UnidadDeTrabajo, Protocol):
    @property
    def presolicitudes(self) -> Repositorio[Presolicitud]: ...
    @property
    def ops(self) -> Repositorio[OPS]: ...
    @property
    def consecutivos(self) -> Consecutivos: ...
    @property
    def derechos(self) -> Derechos: ...
    @property
    def vistas(self) -> Vistas: ...
    @property
    def prescripciones(self) -> Repositorio[Prescripcion]: ...


class AlmacenSoportes(Protocol):
    """Private storage of attachments under server-generated names."""

    def guardar(self, soporte_id: UUID, archivo: ArchivoValidado) -> None: ...


@dataclass(frozen=True)
class FilaSolicitud:
    """One row of «Estado de mis solicitudes» (manual 4.2.2)."""

    presolicitud_id: UUID
    afiliado_id: UUID
    consecutivo: int
    ops_id: UUID | None
    numero_autorizacion: str | None
    prestacion: str | None
    estado: str
    proveedor: str | None
    vence_el: date | None
    valor_cuota: int
    observaciones: str | None
    creada_en: datetime


@dataclass(frozen=True)
class FilaCola:
    """One row of the back-office queue, ordered by deadline."""

    presolicitud_id: UUID
    afiliado_id: UUID
    consecutivo: int
    plan: str
    estado: str
    prioritaria: bool
    responder_antes_de: datetime
    version: int


@dataclass(frozen=True)
class FilaCuota:
    """One row of «Histórico C. Moderadoras y Copagos»."""

    numero_autorizacion: str | None
    prestacion: str | None
    concepto: str | None
    valor: int
    estado: str
    motivo: str | None
    en: datetime | None


class FuenteMIPRES(Protocol):
    """The Ministry's MIPRES web service (or the project's simulator)."""

    async def direccionamientos(self) -> list[Direccionamiento]:
        """Every current direccionamiento; raises ``MIPRESNoDisponible`` when it is down
        or answers something that is not the expected shape."""
        ...


@dataclass(frozen=True)
class FilaMIPRES:
    prescripcion_id: UUID
    numero_prescripcion: str
    tipo_tecnologia: str
    descripcion: str
    cantidad: int
    fecha_maxima_entrega: date
    estado: str


class Lecturas(Protocol):
    async def mipres_de(self, afiliado_id: UUID) -> list[FilaMIPRES]: ...
    async def solicitudes_de(self, afiliado_id: UUID) -> list[FilaSolicitud]: ...
    async def cuotas_de(
        self, afiliado_id: UUID, desde: int, cuantas: int
    ) -> tuple[list[FilaCuota], int]: ...
    async def cola(self, limite: int) -> list[FilaCola]: ...
