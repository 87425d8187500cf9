"""What the use cases need from the outside world (Protocols; SQL and memory adapters)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, TypeVar
from uuid import UUID

from eps_runtime import unidad
from pqrs.domain.encuesta import Encuesta
from pqrs.domain.solicitud import Solicitud

A = TypeVar("A")


class EventoRegistrado(Protocol):
    """One stored event of a stream, as the history shows it."""

    @property
    def version(self) -> int: ...

    @property
    def event_type(self) -> str: ...

    @property
    def recorded_at(self) -> datetime: ...

    @property
    def data(self) -> dict[str, Any]: ...


class Repositorio(Protocol[A]):
    async def obtener(self, agregado_id: UUID) -> A | None: ...
    async def guardar(self, agregado: A) -> None: ...
    async def historial(self, agregado_id: UUID) -> Sequence[EventoRegistrado]: ...


class Consecutivos(Protocol):
    async def siguiente(self, serie: str) -> int: ...


@dataclass(frozen=True)
class Radicacion:
    """A radicado's row: whose solicitud it is and, for an anonymous one, the keyed hash of
    its consultation code (never the code)."""

    radicado: str
    solicitud_id: UUID
    codigo_hash: str | None


class RegistroRadicados(Protocol):
    async def registrar(self, radicacion: Radicacion) -> None: ...
    async def buscar(self, radicado: str) -> Radicacion | None: ...


@dataclass(frozen=True)
class FiltrosBandeja:
    tipo: str | None = None
    estado: str | None = None
    riesgo: str | None = None
    area: str | None = None
    operador_id: str | None = None
    vencidas: bool | None = None
    limite: int = 100
    desde: int = 0


@dataclass(frozen=True)
class FilaBandeja:
    """One solicitud as the back-office queue and the lists show it (no description)."""

    solicitud_id: UUID
    radicado: str
    tipo: str
    estado: str
    canal: str
    radicante: str
    riesgo: str | None
    area: str | None
    operador_id: str | None
    afiliado_id: UUID | None
    empleador_id: UUID | None
    radicada_en: datetime
    vence_en: datetime | None
    respondida_en: datetime | None
    calificacion: int | None
    version: int
    abierta: bool = field(default=True)
    incumplida: bool = False
    unidad_plazo: str | None = None


class Bandeja(Protocol):
    """The queue table, written in the same transaction as the solicitud's events."""

    async def guardar(self, fila: FilaBandeja) -> None: ...
    async def listar(self, filtros: FiltrosBandeja, ahora: datetime) -> list[FilaBandeja]: ...
    async def de_afiliados(self, afiliados: list[UUID]) -> list[FilaBandeja]: ...
    async def de_empleador(self, empleador_id: UUID) -> list[FilaBandeja]: ...
    async def vencidas_sin_marcar(self, ahora: datetime, limite: int) -> list[UUID]: ...


@dataclass(frozen=True)
class ResumenEncuesta:
    periodo: str
    respuestas: int
    promedios: dict[str, float]


class Encuestas(Protocol):
    async def registrar(self, encuesta: Encuesta, usuario_clave: str) -> None:
        """Raises ``EncuestaYaRespondida`` when the user already answered this month."""
        ...

    async def resumen(self) -> list[ResumenEncuesta]: ...


class UnidadDeTrabajo(unidad.UnidadDeTrabajo, Protocol):
    """One transaction: what is written through it commits together or not at all."""

    @property
    def solicitudes(self) -> Repositorio[Solicitud]: ...

    @property
    def encuestas_eventos(self) -> Repositorio[Encuesta]: ...

    @property
    def consecutivos(self) -> Consecutivos: ...

    @property
    def radicados(self) -> RegistroRadicados: ...

    @property
    def bandeja(self) -> Bandeja: ...

    @property
    def encuestas(self) -> Encuestas: ...


class AlmacenAdjuntos(Protocol):
    """Private storage of attachments, under server-generated names."""

    async def guardar(self, adjunto_id: UUID, contenido: bytes) -> None: ...
    async def leer(self, adjunto_id: UUID) -> bytes | None: ...
    async def borrar(self, adjunto_id: UUID) -> None: ...
