"""Event store on PostgreSQL: append with optimistic concurrency, load a stream.

Guarantees:
- An append succeeds only if the stream is exactly at ``expected_version``; otherwise
  ``ConcurrencyConflict`` is raised and nothing is written (lost updates are impossible).
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

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.events import DomainEvent, event_class
from eps_runtime.tracing import current_traceparent


class ConcurrencyConflict(Exception):
    """Someone else changed the stream since the caller read it."""

    def __init__(self, stream_id: uuid.UUID, expected_version: int) -> None:
        super().__init__(f"stream {stream_id} is no longer at version {expected_version}")
        self.stream_id = stream_id
        self.expected_version = expected_version


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


# One round trip: the guard makes a stale or too-new expected version insert nothing, and the
# primary key stops the race where two writers pass the guard at the same time.
_APPEND = text(
    """
    WITH appended AS (
        INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data, metadata)
        SELECT CAST(:stream_id AS uuid), v, id, :stream_type, t, CAST(d AS jsonb),
               CAST(m AS jsonb)
        FROM unnest(CAST(:versions AS integer[]), CAST(:ids AS uuid[]),
                    CAST(:types AS text[]), CAST(:datas AS text[]), CAST(:metas AS text[]))
             AS batch(v, id, t, d, m)
        WHERE (SELECT coalesce(max(version), 0) FROM events
               WHERE stream_id = CAST(:stream_id AS uuid)) = :expected
        RETURNING stream_id, version
    )
    INSERT INTO outbox (stream_id, version)
    SELECT stream_id, version FROM appended ORDER BY version
    """
)

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
    ) -> list[RecordedEvent]:
        """Appends ``events`` after ``expected_version`` (0 for a new stream).

        Must run inside the caller's transaction; raises ``ConcurrencyConflict`` when the
        stream has moved. The current trace context is stored with each event.
        """
        if not events:
            return []
        metadata = {"traceparent": current_traceparent()}
        metadata_json = json.dumps({k: v for k, v in metadata.items() if v})
        versions = list(range(expected_version + 1, expected_version + 1 + len(events)))
        ids = [uuid.uuid4() for _ in events]
        types = [e.ce_type() for e in events]
        datas = [e.model_dump_json() for e in events]
        try:
            result = await conn.execute(
                _APPEND,
                {
                    "stream_id": stream_id,
                    "stream_type": stream_type,
                    "expected": expected_version,
                    "versions": versions,
                    "ids": ids,
                    "types": types,
                    "datas": datas,
                    "metas": [metadata_json] * len(events),
                },
            )
        except IntegrityError as error:
            raise ConcurrencyConflict(stream_id, expected_version) from error
        if result.rowcount != len(events):
            raise ConcurrencyConflict(stream_id, expected_version)
        now = datetime.now().astimezone()
        return [
            RecordedEvent(
                stream_id=stream_id,
                stream_type=stream_type,
                version=version,
                event_id=event_id,
                event_type=event_type,
                data=json.loads(data),
                recorded_at=now,
                metadata=metadata,
            )
            for version, event_id, event_type, data in zip(versions, ids, types, datas, strict=True)
        ]

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
