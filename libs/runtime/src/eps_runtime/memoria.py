"""In-memory event streams and unit of work, for handler tests that run in milliseconds.

They keep the guarantees handlers rely on from ``eps_runtime.repositorio``: writes become
visible only on ``commit()``; an append at a stale version raises ``ConflictoDeVersion``
(also when another unit of work committed first); a stream of another aggregate type reads
as absent. A service's in-memory unit of work subclasses ``UnidadDeTrabajoEnMemoria`` and
registers its own fakes as participants of the commit.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Generic, Protocol, Self, TypeVar
from uuid import UUID, uuid4

from eps_contracts.events import DomainEvent
from eps_runtime.agregado import Agregado
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.eventstore import RecordedEvent

A = TypeVar("A", bound=Agregado)


class StreamEnMemoria(list[DomainEvent]):
    """A committed stream: its events in version order, its aggregate type, and when each
    event was committed."""

    def __init__(self, tipo: str) -> None:
        super().__init__()
        self.tipo = tipo
        self.ids: list[UUID] = []
        self.instantes: list[datetime] = []

    def registrados(self, stream_id: UUID) -> list[RecordedEvent]:
        return [
            RecordedEvent(
                stream_id=stream_id,
                stream_type=self.tipo,
                version=n,
                event_id=event_id,
                event_type=evento.ce_type(),
                data=evento.model_dump(mode="json"),
                recorded_at=instante,
            )
            for n, (evento, event_id, instante) in enumerate(
                zip(self, self.ids, self.instantes, strict=True), start=1
            )
        ]


@dataclass
class EventosEnMemoria:
    """The committed streams every unit of work of one test shares."""

    streams: dict[UUID, StreamEnMemoria] = field(default_factory=dict)
    commits: int = 0

    def version(self, stream_id: UUID) -> int:
        return len(self.streams.get(stream_id, ()))

    def todos(self) -> list[RecordedEvent]:
        """Every committed event, stream by stream (what a relay would publish)."""
        return [e for i, s in self.streams.items() for e in s.registrados(i)]


class Participante(Protocol):
    """A fake whose pending writes commit with the unit of work."""

    def verificar(self) -> None:
        """Raises if committing would break a guarantee (a stale version, a taken claim)."""

    def confirmar(self) -> None:
        """Makes the pending writes visible."""


class RepositorioEnMemoria(Generic[A]):
    def __init__(self, eventos: EventosEnMemoria, tipo: type[A]) -> None:
        self._eventos = eventos
        self._tipo = tipo
        self.pendientes: dict[UUID, tuple[str, int, list[DomainEvent]]] = {}

    async def obtener(self, agregado_id: UUID) -> A | None:
        stream = self._eventos.streams.get(agregado_id)
        if stream is None or stream.tipo != self._tipo.tipo_stream():
            return None
        return self._tipo.from_events(stream)

    async def guardar(self, agregado: A) -> None:
        if not agregado.cambios:
            return
        stream_id, version = agregado.id, agregado.version_guardada
        if self._eventos.version(stream_id) != version or stream_id in self.pendientes:
            raise ConflictoDeVersion(stream_id, version)
        self.pendientes[stream_id] = (agregado.tipo_stream(), version, list(agregado.cambios))
        agregado.marcar_guardado()

    async def historial(self, agregado_id: UUID) -> list[RecordedEvent]:
        stream = self._eventos.streams.get(agregado_id)
        if stream is None or stream.tipo != self._tipo.tipo_stream():
            return []
        return stream.registrados(agregado_id)

    def verificar(self) -> None:
        for stream_id, (_, version, _) in self.pendientes.items():
            if self._eventos.version(stream_id) != version:
                raise ConflictoDeVersion(stream_id, version)

    def confirmar(self) -> None:
        ahora = datetime.now(UTC)
        for stream_id, (tipo, _, cambios) in self.pendientes.items():
            stream = self._eventos.streams.setdefault(stream_id, StreamEnMemoria(tipo))
            stream.extend(cambios)
            stream.ids.extend(uuid4() for _ in cambios)
            stream.instantes.extend(ahora for _ in cambios)
        self.pendientes.clear()


class UnidadDeTrabajoEnMemoria:
    """Commit verifies every participant first, then confirms them all (all or nothing)."""

    def __init__(self, eventos: EventosEnMemoria) -> None:
        self.eventos = eventos
        self._participantes: list[Participante] = []

    def participa(self, fake: Participante) -> None:
        self._participantes.append(fake)

    def repositorio(self, tipo: type[A]) -> RepositorioEnMemoria[A]:
        repositorio = RepositorioEnMemoria(self.eventos, tipo)
        self.participa(repositorio)
        return repositorio

    def _preparar(self) -> None:
        """Builds the fakes of a fresh transaction (subclasses)."""

    async def __aenter__(self) -> Self:
        self._participantes = []
        self._preparar()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self._participantes = []

    async def commit(self) -> None:
        for participante in self._participantes:
            participante.verificar()
        for participante in self._participantes:
            participante.confirmar()
        self._participantes = []
        self.eventos.commits += 1


class ConsecutivosEnMemoria:
    """``Consecutivos`` for unit tests: numbers taken in a unit of work that does not commit
    are given back, as in the database."""

    def __init__(self, ultimos: dict[str, int]) -> None:
        self._ultimos = ultimos
        self._tomados: dict[str, int] = {}

    async def siguiente(self, serie: str) -> int:
        actual = self._tomados.get(serie, self._ultimos.get(serie, 0))
        self._tomados[serie] = actual + 1
        return actual + 1

    def verificar(self) -> None:
        """Nothing to check: one unit of work at a time in unit tests."""

    def confirmar(self) -> None:
        self._ultimos.update(self._tomados)
        self._tomados.clear()
