"""What the use cases need from the outside world (Protocols; adapters implement them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Protocol
from uuid import UUID

from eps_contracts.events.incapacities import Contingencia
from eps_contracts.types import TipoCotizante
from eps_runtime import unidad
from incapacities.domain.cadena import Periodo
from incapacities.domain.derecho import SituacionCotizante
from incapacities.domain.incapacidad import Incapacidad


class RepositorioIncapacidades(Protocol):
    async def obtener(self, agregado_id: UUID) -> Incapacidad | None: ...

    async def guardar(self, agregado: Incapacidad) -> None: ...


@dataclass(frozen=True)
class Fila:
    """One row of the search sheet (INFORME PRESTACIONES ECONÓMICAS)."""

    incapacidad_id: UUID
    folio: int
    cotizante_id: UUID
    aportante_id: UUID | None
    contingencia: Contingencia
    diagnostico: str
    grupo: str
    fecha_inicio: date
    dias: int
    dias_acumulados: int
    prorroga_de: UUID | None
    estado: str
    decidir_antes: date
    pagar_antes: date | None
    motivo: str | None
    valor_eps: int | None
    version: int


class Vista(Protocol):
    """The service's own table of incapacities, written in the command's transaction."""

    async def bloquear_cotizante(self, cotizante_id: UUID) -> None:
        """Serializes filings for one cotizante until the transaction ends."""

    async def periodos(self, cotizante_id: UUID) -> list[Periodo]:
        """Every incapacity of the cotizante that is not RECHAZADA."""

    async def guardar(self, fila: Fila) -> None: ...

    async def obtener(self, incapacidad_id: UUID) -> Fila | None: ...

    async def buscar(
        self,
        *,
        cotizante_id: UUID | None,
        aportante_id: UUID | None,
        desde: date | None,
        hasta: date | None,
    ) -> list[Fila]: ...

    async def vencidas(self, hoy: date) -> list[Fila]: ...


@dataclass(frozen=True)
class Cotizante:
    """What affiliation's events told us about a cotizante."""

    afiliado_id: UUID
    activo: bool
    tipo_cotizante: TipoCotizante | None
    empleadores: frozenset[UUID]


class Situaciones(Protocol):
    """The read model fed by affiliation's and billing's events."""

    async def cotizante(self, afiliado_id: UUID) -> Cotizante | None: ...

    async def situacion(self, afiliado_id: UUID) -> SituacionCotizante: ...


@dataclass(frozen=True)
class CuentaReembolso:
    banco: str
    tipo_cuenta: str
    numero: str

    @property
    def enmascarada(self) -> str:
        return "****" + self.numero[-4:]


class Cuentas(Protocol):
    """The bank account of each aportante (employer, or the independiente himself)."""

    async def registrar(self, titular_id: UUID, cuenta: CuentaReembolso) -> None: ...

    async def obtener(self, titular_id: UUID) -> CuentaReembolso | None: ...


class Consecutivos(Protocol):
    async def siguiente(self, serie: str) -> int: ...


class UnidadDeTrabajo(unidad.UnidadDeTrabajo, Protocol):
    @property
    def incapacidades(self) -> RepositorioIncapacidades: ...

    @property
    def vista(self) -> Vista: ...

    @property
    def situaciones(self) -> Situaciones: ...

    @property
    def consecutivos(self) -> Consecutivos: ...

    @property
    def cuentas(self) -> Cuentas: ...


class AlmacenCertificados(Protocol):
    def guardar(self, incapacidad_id: UUID, extension: str, contenido: bytes) -> None: ...
