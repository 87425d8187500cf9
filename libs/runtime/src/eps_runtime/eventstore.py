"""Event store on PostgreSQL: append with optimistic concurrency, load a stream.

Guarantees:
- An append succeeds only if the stream is exactly at ``expected_version``; otherwise
  ``ConflictoDeVersion`` is raised and nothing is written (lost updates are impossible).
- The events and their outbox rows are written by one statement inside the caller's
  transaction, so they commit or vanish together with the command's other effects.
  Nothing is published from here: the relay publishes what committed.
- In a unit of work that defers its appends (``diferir``), an append made before anything
  else has begun the transaction waits in the unit; the first other statement on the
  connection, or ``confirmar``, writes it first — so statements still run in the order the
  command made them. A unit that only appended sends its appends at ``confirmar`` as one
  autocommit statement (one atomic, durable commit), shared with the other units confirming
  at that moment (``eps_runtime.grupo_commits``), each keeping its own conflict check.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.asyncio import AsyncConnection
from sqlalchemy.pool import Pool
from sqlalchemy.util import await_only

from eps_contracts.events import DomainEvent, event_class
from eps_runtime.db import driver_connection, transaction_begun
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.grupo_commits import GruposDeCommits
from eps_runtime.tracing import current_traceparent


class StreamNotFound(Exception):
    def __init__(self, stream_id: uuid.UUID) -> None:
        super().__init__(f"stream {stream_id} has no events")
        self.stream_id = stream_id


@dataclass(frozen=True)
class RecordedEvent:
    stream_id: uuid.UUID
    stream_type: str
    version: int
    event_id: uuid.UUID
    event_type: str
    data: dict[str, Any]
    recorded_at: datetime
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_domain(self) -> DomainEvent:
        return event_class(self.event_type).model_validate(self.data)


@dataclass(frozen=True)
class AppendResult:
    """What an append wrote: the new versions (the last one is the stream's version now)."""

    stream_id: uuid.UUID
    versions: list[int]
    event_ids: list[uuid.UUID]

    @property
    def version(self) -> int:
        return self.versions[-1] if self.versions else 0


# One round trip: the guard makes a stale or too-new expected version insert nothing, and the
# primary key stops the race where two writers pass the guard at the same time. Run through
# asyncpg directly (a prepared statement): this is every command's hot path.
APPEND_SQL = """
    WITH appended AS (
        INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data, metadata)
        SELECT $1::uuid, v, id, $2, t, d::jsonb, m::jsonb
        FROM unnest($4::integer[], $5::uuid[], $6::text[], $7::text[], $8::text[])
             AS batch(v, id, t, d, m)
        WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1::uuid) = $3
        RETURNING stream_id, version
    )
    INSERT INTO outbox (stream_id, version)
    SELECT stream_id, version FROM appended ORDER BY version
"""

# The same for the usual single event, without arrays to encode and unnest.
APPEND_ONE_SQL = """
    WITH appended AS (
        INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data, metadata)
        SELECT $1::uuid, $4::integer, $5::uuid, $2, $6, $7::jsonb, $8::jsonb
        WHERE (SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1::uuid) = $3
        RETURNING stream_id, version
    )
    INSERT INTO outbox (stream_id, version) SELECT stream_id, version FROM appended
"""

_LOAD = """
    SELECT stream_id, stream_type, version, event_id, event_type, data, metadata, recorded_at
    FROM events WHERE stream_id = $1 AND version > $2 ORDER BY version
"""

_CURRENT_VERSION = "SELECT coalesce(max(version), 0) FROM events WHERE stream_id = $1"

_DIFERIDOS = "eps_runtime.anexos_diferidos"
"""Key in the pooled connection's ``info``: the appends a unit of work has not sent yet."""


@dataclass(frozen=True)
class Anexo:
    """One stream's append, serialised and ready to send."""

    stream_id: uuid.UUID
    stream_type: str
    expected_version: int
    versions: list[int]
    event_ids: list[uuid.UUID]
    types: list[str]
    datas: list[str]
    metadata: str

    def resultado(self) -> AppendResult:
        return AppendResult(self.stream_id, self.versions, self.event_ids)


async def escribir(driver: asyncpg.Connection, anexo: Anexo) -> None:
    """Sends one append (inside whatever transaction ``driver`` is in, or as its own)."""
    try:
        if len(anexo.versions) == 1:
            status = await driver.execute(
                APPEND_ONE_SQL,
                anexo.stream_id,
                anexo.stream_type,
                anexo.expected_version,
                anexo.versions[0],
                anexo.event_ids[0],
                anexo.types[0],
                anexo.datas[0],
                anexo.metadata,
            )
        else:
            status = await driver.execute(
                APPEND_SQL,
                anexo.stream_id,
                anexo.stream_type,
                anexo.expected_version,
                anexo.versions,
                anexo.event_ids,
                anexo.types,
                anexo.datas,
                [anexo.metadata] * len(anexo.versions),
            )
    except asyncpg.UniqueViolationError as error:
        raise ConflictoDeVersion(anexo.stream_id, anexo.expected_version) from error
    if status != f"INSERT 0 {len(anexo.versions)}":
        raise ConflictoDeVersion(anexo.stream_id, anexo.expected_version)


async def _escribir_en_transaccion(adapter: Any, anexos: list[Anexo]) -> None:
    if adapter._transaction is None:
        await adapter._start_transaction()  # the adapter's own BEGIN, so it also ends it
    for anexo in anexos:
        await escribir(adapter._connection, anexo)


@event.listens_for(Engine, "before_cursor_execute")
def _antes_de_otra_sentencia(conn: Connection, *_: Any) -> None:
    """Writes a unit's deferred appends before any other statement of its connection, in
    the transaction that statement begins: order and read-your-writes are kept."""
    pendientes = conn.info.get(_DIFERIDOS)
    if pendientes:
        conn.info[_DIFERIDOS] = []
        await_only(_escribir_en_transaccion(conn.connection.dbapi_connection, pendientes))


@event.listens_for(Pool, "checkin")
def _al_devolver_la_conexion(_: Any, registro: Any) -> None:
    """A pooled connection never carries a unit's unsent appends to its next user."""
    registro.info.pop(_DIFERIDOS, None)


class EventStore:
    """Append-only store of one service's aggregates (``events`` + ``outbox`` tables)."""

    def __init__(self) -> None:
        self._grupos = GruposDeCommits(escribir)

    async def append(
        self,
        conn: AsyncConnection,
        *,
        stream_id: uuid.UUID,
        stream_type: str,
        expected_version: int,
        events: Sequence[DomainEvent],
    ) -> AppendResult:
        """Appends ``events`` after ``expected_version`` (0 for a new stream).

        Must run inside the caller's transaction; raises ``ConflictoDeVersion`` when the
        stream has moved — at once, or, when the unit deferred it, from the statement or
        the ``confirmar`` that sends it. The current trace context is stored with each event.
        """
        if not events:
            return AppendResult(stream_id=stream_id, versions=[], event_ids=[])
        traceparent = current_traceparent()
        anexo = Anexo(
            stream_id=stream_id,
            stream_type=stream_type,
            expected_version=expected_version,
            versions=list(range(expected_version + 1, expected_version + 1 + len(events))),
            event_ids=[uuid.uuid4() for _ in events],
            types=[e.ce_type() for e in events],
            datas=[e.model_dump_json() for e in events],
            metadata=json.dumps({"traceparent": traceparent}) if traceparent else "{}",
        )
        pendientes: list[Anexo] | None = conn.info.get(_DIFERIDOS)
        if pendientes is not None and not await transaction_begun(conn):
            pendientes.append(anexo)
            return anexo.resultado()
        driver = await self._con_lo_diferido(conn)
        await escribir(driver, anexo)
        return anexo.resultado()

    async def load(
        self, conn: AsyncConnection, stream_id: uuid.UUID, *, after_version: int = 0
    ) -> list[RecordedEvent]:
        """The stream's events in version order (empty if it does not exist)."""
        driver = await self._para_leer(conn)
        rows = await driver.fetch(_LOAD, stream_id, after_version)
        return [
            RecordedEvent(
                stream_id=row["stream_id"],
                stream_type=row["stream_type"],
                version=row["version"],
                event_id=row["event_id"],
                event_type=row["event_type"],
                data=row["data"],
                recorded_at=row["recorded_at"],
                metadata=row["metadata"],
            )
            for row in rows
        ]

    async def current_version(self, conn: AsyncConnection, stream_id: uuid.UUID) -> int:
        driver = await self._para_leer(conn)
        return int(await driver.fetchval(_CURRENT_VERSION, stream_id))

    # -- deferred appends (a unit of work's) ---------------------------------------------

    def diferir(self, conn: AsyncConnection) -> None:
        """From now on, appends on ``conn`` made before its transaction begins wait for
        ``confirmar`` (or for the next statement on ``conn``)."""
        conn.info[_DIFERIDOS] = []

    def descartar(self, conn: AsyncConnection) -> None:
        """Forgets the appends not sent (the unit ends without committing them)."""
        conn.info.pop(_DIFERIDOS, None)

    async def confirmar(self, conn: AsyncConnection) -> None:
        """Sends the deferred appends; the caller then commits ``conn``'s transaction.

        If nothing else began the transaction, they go as one autocommit statement, grouped
        with other units confirming on the same database at the same moment; this unit's
        ``ConflictoDeVersion`` (if its stream moved) is raised here and nothing of it is
        written. Otherwise they are written inside the transaction, before its COMMIT.
        """
        diferidos: list[Anexo] | None = conn.info.get(_DIFERIDOS)
        if not diferidos:
            return
        pendientes = diferidos[:]
        diferidos.clear()
        if await transaction_begun(conn):
            driver = await driver_connection(conn)
            for anexo in pendientes:
                await escribir(driver, anexo)
            return
        driver = await driver_connection(conn, begin=False)
        await self._grupos.confirmar(conn.sync_engine, driver, pendientes)

    async def _con_lo_diferido(self, conn: AsyncConnection) -> asyncpg.Connection:
        """The driver inside ``conn``'s transaction, the deferred appends written first."""
        driver = await driver_connection(conn)
        pendientes: list[Anexo] | None = conn.info.get(_DIFERIDOS)
        if pendientes:
            conn.info[_DIFERIDOS] = []
            for anexo in pendientes:
                await escribir(driver, anexo)
        return driver

    async def _para_leer(self, conn: AsyncConnection) -> asyncpg.Connection:
        # A read needs no BEGIN of its own (READ COMMITTED: a statement sees the same in a
        # transaction or not) unless it must see this unit's own unsent appends.
        if conn.info.get(_DIFERIDOS):
            return await self._con_lo_diferido(conn)
        return await driver_connection(conn, begin=False)
