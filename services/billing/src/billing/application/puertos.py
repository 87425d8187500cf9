"""The ports billing's use cases need: the unit of work, its state tables, the gateway."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Generic, Protocol, TypeVar
from uuid import UUID

from billing.domain.cuenta import CuentaCotizante
from billing.domain.obligacion import Obligacion
from billing.domain.valores import Veredicto
from eps_contracts.types import MedioPago
from eps_runtime import unidad

T = TypeVar("T")


class RepositorioObligaciones(Protocol):
    async def obtener(self, agregado_id: UUID) -> Obligacion | None: ...

    async def guardar(self, agregado: Obligacion) -> None: ...


@dataclass(frozen=True)
class TransaccionPorConsultar:
    transaccion_id: UUID
    obligacion_id: UUID
    referencia_pasarela: str
    consultas: int


@dataclass(frozen=True)
class ObligacionFila:
    obligacion_id: UUID
    afiliado_id: UUID
    ops_id: UUID | None
    numero_autorizacion: str | None
    concepto: str
    descripcion: str
    valor: int
    vence_el: date | None
    estado: str
    creada_en: datetime
    numero_factura: str | None = None
    periodo: str | None = None
    referencia_pago: str | None = None


@dataclass(frozen=True)
class ContratoPAC:
    afiliado_id: UUID
    plan_codigo: str
    plan_nombre: str


@dataclass(frozen=True)
class MovimientoFila:
    """One line of the copay history (manual §4.2.4): a transaction and its obligation."""

    transaccion_id: UUID
    obligacion_id: UUID
    recibo: str | None
    numero_autorizacion: str | None
    valor: int
    concepto: str
    medio: str
    fecha: datetime
    estado: str
    observaciones: str | None


@dataclass(frozen=True)
class Pagina(Generic[T]):
    filas: Sequence[T]
    total: int


class VistaPagos(Protocol):
    """The service's own tables of obligations and transactions, written in the command's
    transaction (so a listing never disagrees with the event store)."""

    async def guardar(self, obligacion: Obligacion, urls: dict[UUID, str] | None = None) -> None:
        """Upserts the obligation's row and its transactions' rows (``urls``: the redirect
        URL of a transaction just created)."""

    async def url_de(self, transaccion_id: UUID) -> str | None: ...

    async def obligacion_de_transaccion(self, transaccion_id: UUID) -> UUID | None: ...

    async def por_consultar(
        self, antes_de: datetime, ahora: datetime, limite: int
    ) -> Sequence[TransaccionPorConsultar]:
        """Pending transactions created before ``antes_de`` whose next query is due."""

    async def aplazar_consulta(self, transaccion_id: UUID, hasta: datetime) -> None: ...

    async def obligaciones(
        self,
        afiliado_id: UUID,
        estados: Sequence[str],
        limite: int,
        desde: int,
        facturas: bool = False,
    ) -> Pagina[ObligacionFila]:
        """The affiliate's copays (or PAC invoices) in ``estados`` (all if empty), newest
        first."""

    async def historial(self, afiliado_id: UUID, limite: int, desde: int) -> Pagina[MovimientoFila]:
        """The affiliate's transactions, newest first."""


class RepositorioCuentas(Protocol):
    async def obtener(self, agregado_id: UUID) -> CuentaCotizante | None: ...

    async def guardar(self, agregado: CuentaCotizante) -> None: ...


class Cotizantes(Protocol):
    """billing's read model of affiliation's cotizantes (document → affiliate id)."""

    async def buscar(self, documentos: Sequence[tuple[str, str]]) -> dict[tuple[str, str], UUID]:
        """The affiliate id of each (tipo, número) that is a known affiliate."""

    async def datos(self, afiliado_id: UUID) -> DatosCotizante | None: ...

    async def con_cotizacion(self, desde: UUID | None, limite: int) -> Sequence[UUID]:
        """Cotizantes with a type and an IBC, by id after ``desde`` (pages of a sweep)."""

    async def contratos_pac(self, inicio: date, fin: date) -> Sequence[ContratoPAC]:
        """PAC contracts in force some day between ``inicio`` and ``fin``."""


@dataclass(frozen=True)
class DatosCotizante:
    afiliado_id: UUID
    tipo_cotizante: str | None
    ibc: int | None
    fecha_afiliacion: date | None
    empleador_id: UUID | None
    documento: str | None = None
    """«CC 1000000001», shown only to the person himself (his certificates)."""


class Planillas(Protocol):
    async def registrar(self, resumen: ResumenPlanilla) -> None: ...


@dataclass(frozen=True)
class ResumenPlanilla:
    planilla: str
    periodo: str
    lineas: int
    registrados: int
    repetidos: int
    errores: int


class Consecutivos(Protocol):
    async def siguiente(self, serie: str) -> int: ...


class UnidadDeTrabajo(unidad.UnidadDeTrabajo, Protocol):
    @property
    def obligaciones(self) -> RepositorioObligaciones: ...

    @property
    def vista(self) -> VistaPagos: ...

    @property
    def consecutivos(self) -> Consecutivos: ...

    @property
    def cuentas(self) -> RepositorioCuentas: ...

    @property
    def cotizantes(self) -> Cotizantes: ...

    @property
    def planillas(self) -> Planillas: ...


@dataclass(frozen=True)
class Banco:
    codigo: str
    nombre: str


@dataclass(frozen=True)
class SolicitudTransaccion:
    referencia: UUID
    valor: int
    medio: MedioPago
    banco: str | None
    descripcion: str


@dataclass(frozen=True)
class TransaccionCreada:
    referencia_pasarela: str
    url_redireccion: str


@dataclass(frozen=True)
class Notificacion:
    """A gateway notification whose signature was verified."""

    transaccion_id: UUID
    veredicto: Veredicto


class Pasarela(Protocol):
    """The payment gateway (PSE and card). The simulator's adapter and a real gateway's
    implement it; the create call is idempotent by ``referencia``."""

    async def bancos(self) -> Sequence[Banco]: ...

    async def crear(self, solicitud: SolicitudTransaccion) -> TransaccionCreada: ...

    async def consultar(self, referencia_pasarela: str) -> Veredicto: ...

    def leer_notificacion(self, cuerpo: bytes, firma: str | None, ahora: datetime) -> Notificacion:
        """The notification, or ``FirmaInvalida`` when it is not the gateway's (forged,
        tampered, too old) or ``NotificacionInvalida`` when it is not one."""
