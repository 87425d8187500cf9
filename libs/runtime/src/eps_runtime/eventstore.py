"""Event store on PostgreSQL: append with optimistic concurrency, load a stream.

Guarantees:
- An append succeeds only if the stream is exactly at ``expected_version``; otherwise
  ``ConflictoDeVersion`` is raised and nothing is written (lost updates are impossible).
- The events and their outbox rows are written by one statement inside the caller's
  transaction, so they commit or vanish together with the command's other effects.
  Nothing is published from here: the relay publishes what committed.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.events import DomainEvent, event_class
from eps_runtime.db import driver_connection
from eps_runtime.errores import ConflictoDeVersion
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
_APPEND = """
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

_LOAD = text(
    """
    SELECT stream_id, stream_type, version, event_id, event_type, data, metadata, recorded_at
    FROM events WHERE stream_id = :stream_id AND version > :after ORDER BY version
    """
)

_CURRENT_VERSION = text("SELECT coalesce(max(version), 0) FROM events WHERE stream_id = :stream_id")


class EventStore:
    """Append-only store of one service's aggregates (``events`` + ``outbox`` tables)."""

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
        stream has moved. The current trace context is stored with each event.
        """
        if not events:
            return AppendResult(stream_id=stream_id, versions=[], event_ids=[])
        metadata = {"traceparent": current_traceparent()}
        metadata_json = json.dumps({k: v for k, v in metadata.items() if v})
        versions = list(range(expected_version + 1, expected_version + 1 + len(events)))
        ids = [uuid.uuid4() for _ in events]
        types = [e.ce_type() for e in events]
        datas = [e.model_dump_json() for e in events]
        driver = await driver_connection(conn)
        try:
            status = await driver.execute(
                _APPEND,
                stream_id,
                stream_type,
                expected_version,
                versions,
                ids,
                types,
                datas,
                [metadata_json] * len(events),
            )
        except asyncpg.UniqueViolationError as error:
            raise ConflictoDeVersion(stream_id, expected_version) from error
        if status != f"INSERT 0 {len(events)}":
            raise ConflictoDeVersion(stream_id, expected_version)
        return AppendResult(stream_id=stream_id, versions=versions, event_ids=ids)

    async def load(
        self, conn: AsyncConnection, stream_id: uuid.UUID, *, after_version: int = 0
    ) -> list[RecordedEvent]:
        """The stream's events in version order (empty if it does not exist)."""
        rows = await conn.execute(_LOAD, {"stream_id": stream_id, "after": after_version})
        return [
            RecordedEvent(
                stream_id=row.stream_id,
                stream_type=row.stream_type,
                version=row.version,
                event_id=row.event_id,
                event_type=row.event_type,
                data=row.data,
                recorded_at=row.recorded_at,
                metadata=row.metadata,
            )
            for row in rows
        ]

    async def current_version(self, conn: AsyncConnection, stream_id: uuid.UUID) -> int:
        result = await conn.execute(_CURRENT_VERSION, {"stream_id": stream_id})
        return int(result.scalar_one())
