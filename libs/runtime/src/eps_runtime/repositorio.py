"""Aggregates stored as event streams, and the unit of work they are written through.

Guarantees:
- ``RepositorioEventos.guardar`` appends exactly the aggregate's pending events after the
  version it was loaded at, inside the unit of work's transaction; if anyone appended in
  between, ``ConflictoDeVersion`` is raised and nothing is written — by ``guardar`` when the
  unit had already written something else, else by the next statement or ``commit()``
  (callers catch it around the whole unit);
- ``obtener`` answers ``None`` for a stream of another aggregate type (an employer's id asked
  as an affiliate's), exactly as for an id with no stream;
- ``UnidadDeTrabajoSql``: one connection, one transaction; leaving the block without
  ``commit()`` rolls everything back (events, outbox rows and the service's own tables).
  A unit that only read and appended costs one round trip per read and one for its commit
  (reads need no BEGIN; its appends go as one autocommit statement, shared with the units
  committing at the same moment — ``eps_runtime.grupo_commits``); its conflict, if any, is
  raised by ``commit()``.
"""

from __future__ import annotations

from types import TracebackType
from typing import Generic, Self, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from eps_runtime.agregado import Agregado
from eps_runtime.eventstore import EventStore, RecordedEvent

A = TypeVar("A", bound=Agregado)


class RepositorioEventos(Generic[A]):
    """The streams of one aggregate type in the service's event store."""

    def __init__(self, conn: AsyncConnection, tipo: type[A], store: EventStore | None = None):
        self._conn = conn
        self._tipo = tipo
        self._store = store or EventStore()

    async def obtener(self, agregado_id: UUID) -> A | None:
        registrados = await self._store.load(self._conn, agregado_id)
        if not registrados or registrados[0].stream_type != self._tipo.tipo_stream():
            return None
        return self._tipo.from_events(r.to_domain() for r in registrados)

    async def guardar(self, agregado: A) -> None:
        if not agregado.cambios:
            return
        await self._store.append(
            self._conn,
            stream_id=agregado.id,
            stream_type=agregado.tipo_stream(),
            expected_version=agregado.version_guardada,
            events=agregado.cambios,
        )
        agregado.marcar_guardado()

    async def historial(self, agregado_id: UUID) -> list[RecordedEvent]:
        """The stream as stored (versions, types, instants, data), oldest first."""
        registrados = await self._store.load(self._conn, agregado_id)
        if registrados and registrados[0].stream_type != self._tipo.tipo_stream():
            return []
        return registrados


class UnidadDeTrabajoSql:
    """One transaction on the service's database. Subclasses build their repositories and
    adapters on ``self.conn`` in ``_preparar``."""

    def __init__(self, engine: AsyncEngine, store: EventStore | None = None) -> None:
        self._engine = engine
        self.store = store or EventStore()
        self._conn: AsyncConnection | None = None
        self._transaccion: AsyncTransaction | None = None

    @property
    def conn(self) -> AsyncConnection:
        if self._conn is None:
            raise RuntimeError("la unidad de trabajo se usa dentro de 'async with'")
        return self._conn

    def _preparar(self, conn: AsyncConnection) -> None:
        """Builds the unit of work's repositories on ``conn`` (subclasses)."""

    def repositorio(self, tipo: type[A]) -> RepositorioEventos[A]:
        return RepositorioEventos(self.conn, tipo, self.store)

    async def __aenter__(self) -> Self:
        self._conn = await self._engine.connect()
        try:
            self._transaccion = await self._conn.begin()  # sends nothing yet: BEGIN is lazy
            self._preparar(self._conn)
        except BaseException:
            await self._conn.close()
            self._conn = None
            raise
        self.store.diferir(self._conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._conn is not None and self._transaccion is not None
        self.store.descartar(self._conn)
        try:
            if self._transaccion.is_active:
                await self._transaccion.rollback()
        finally:
            await self._conn.close()
            self._conn = self._transaccion = None

    async def commit(self) -> None:
        assert self._transaccion is not None
        await self.store.confirmar(self.conn)
        await self._transaccion.commit()
