"""Event-store append throughput: ``EventStore.append`` vs raw asyncpg vs ``eventsourcing``.

One 1 KB ``AfiliadoRegistrado`` per command and per transaction, each command on a new
stream, single writer and N concurrent writers (each writer its own streams).

- ours: the runtime's unit of work (``eps_runtime.repositorio.UnidadDeTrabajoSql``) on an
  engine from ``eps_runtime.db.create_engine``: append, ``commit()`` — exactly how the
  services write a command.
- raw asyncpg: one ``INSERT`` of the same row into the same ``events`` table, autocommit
  (one round trip, one transaction per row), payload serialised beforehand.
- eventsourcing: ``PostgresApplicationRecorder.insert_events`` with database functions on
  (its fastest insert path), payload serialised beforehand, threads for concurrency.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Awaitable, Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import urlsplit

import asyncpg

from bench.common import (
    BenchRun,
    Stopwatch,
    Throughput,
    afiliado_1kb,
    checkpoint,
    execute,
    plain_dsn,
    record_round,
)
from bench.results import Comparison, SectionResult
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.db import create_engine, run_ddl
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import UnidadDeTrabajoSql
from eps_runtime.schema import EVENT_STORE_DDL

SECTION = "append"
STREAM_TYPE = "Afiliado"
ES_TOPIC = "eps_contracts.events.affiliation:AfiliadoRegistrado"
"""What ``eventsourcing`` stores as an event's topic (its class path)."""

_RAW_INSERT = """
    INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data, metadata)
    VALUES ($1, 1, $2, $3, $4, $5::jsonb, '{}'::jsonb)
"""

T = TypeVar("T")


@dataclass(frozen=True)
class Case:
    key: str
    label: str
    writers: int


async def run(bench: BenchRun) -> SectionResult:
    config = bench.config
    url = await bench.create_database("append")
    await run_ddl_once(url)
    cases = [
        Case("raw1", "raw asyncpg INSERT, 1 connection", 1),
        Case("ours1", "EventStore.append, 1 writer", 1),
        Case("es1", "eventsourcing recorder, 1 thread", 1),
        Case("rawN", f"raw asyncpg INSERT, {config.writers} connections", config.writers),
        Case("oursN", f"EventStore.append, {config.writers} writers", config.writers),
        Case("esN", f"eventsourcing recorder, {config.writers} threads", config.writers),
    ]
    rates: dict[str, list[float]] = {case.key: [] for case in cases}
    result = SectionResult(
        "Event-store append", "Event-store append (1 KB events, one per transaction)"
    )
    for round_ in range(1, config.append_rounds + 1):
        for case in cases:  # interleaved, so drift in the machine hits every case alike
            per_writer = config.append_single if case.writers == 1 else config.append_per_writer
            throughput = await _measure(url, case, per_writer, config.warmup)
            rates[case.key].append(throughput.per_second)
            record_round(result, SECTION, case.label, round_, config.append_rounds, throughput)
    n = config.writers
    name = result.name
    result.comparisons = [
        Comparison.of_rounds(
            name,
            "single writer",
            "events/s",
            "EventStore.append",
            "raw asyncpg INSERT",
            0.8,
            rates["ours1"],
            rates["raw1"],
        ),
        Comparison.of_rounds(
            name,
            f"{n} concurrent writers",
            "events/s",
            "EventStore.append",
            "raw asyncpg INSERT",
            1.0,
            rates["oursN"],
            rates["rawN"],
        ),
        Comparison.of_rounds(
            name,
            "single writer",
            "events/s",
            "EventStore.append",
            "eventsourcing recorder",
            1.4,
            rates["ours1"],
            rates["es1"],
        ),
        Comparison.of_rounds(
            name,
            f"{n} concurrent writers",
            "events/s",
            "EventStore.append",
            "eventsourcing recorder",
            2.0,
            rates["oursN"],
            rates["esN"],
        ),
    ]
    result.method = [
        f"Each case appends {config.append_single} events (single writer) or "
        f"{n}×{config.append_per_writer} (concurrent, each writer its own streams) after "
        f"{config.warmup} warm-up appends, one event per command, one command per "
        "transaction, each on a new stream; median of "
        f"{config.append_rounds} interleaved round(s). Tables are truncated and a CHECKPOINT is "
        "taken before every case.",
        "Ours: `async with UnidadDeTrabajoSql(engine, store) as uow:` append, "
        "`await uow.commit()` on `eps_runtime.db.create_engine` (as the services write a "
        "command: events + outbox rows, the version guard, JSON serialisation of the pydantic "
        "event inside the timing). An append-only unit sends its append as one autocommit "
        "statement at commit; concurrent writers' commits are grouped "
        "(`eps_runtime.grupo_commits`), each command keeping its own version check. "
        "PostgreSQL runs with the project's settings (fsync and synchronous_commit on, no "
        "commit_delay): the grouping is the unit of work's, every commit stays durable.",
        "Raw asyncpg: one `INSERT INTO events … VALUES (…)` of the same row per transaction "
        "(autocommit), JSON prepared before timing — the floor of what a PostgreSQL event "
        "row costs.",
        "eventsourcing: `PostgresApplicationRecorder.insert_events` with "
        "`enable_db_functions=True` (its fastest insert path), one `StoredEvent` per call, "
        "same JSON bytes prepared before timing, threads for concurrency "
        "(`PostgresDatastore` pool sized to the writers).",
    ]
    return result


async def run_ddl_once(url: str) -> None:
    engine = create_engine(url)
    try:
        await run_ddl(engine, EVENT_STORE_DDL)
    finally:
        await engine.dispose()


async def _measure(url: str, case: Case, per_writer: int, warmup: int) -> Throughput:
    await execute(url, "TRUNCATE events, outbox", "DROP TABLE IF EXISTS stored_events")
    await checkpoint(url)
    if case.key.startswith("es"):
        return await asyncio.to_thread(
            _measure_eventsourcing, url, case.writers, per_writer, warmup
        )
    batches = [[afiliado_1kb() for _ in range(per_writer)] for _ in range(case.writers)]
    warm = [afiliado_1kb() for _ in range(warmup)]
    if case.key.startswith("raw"):
        return await _measure_raw(url, batches, warm)
    return await _measure_ours(url, batches, warm)


async def _run_writers(
    writers: Sequence[Callable[[Sequence[T]], Awaitable[None]]], batches: Sequence[Sequence[T]]
) -> Throughput:
    """Times the writers running concurrently, each on its own batch."""
    with Stopwatch() as watch:
        await asyncio.gather(*(w(b) for w, b in zip(writers, batches, strict=True)))
    return Throughput(sum(len(b) for b in batches), watch.seconds)


def _spread(items: Sequence[T], parts: int) -> list[Sequence[T]]:
    return [items[i::parts] for i in range(parts)]


async def _measure_ours(
    url: str, batches: Sequence[Sequence[AfiliadoRegistrado]], warm: Sequence[AfiliadoRegistrado]
) -> Throughput:
    engine = create_engine(url)
    store = EventStore()

    async def writer(events: Sequence[AfiliadoRegistrado]) -> None:
        for event in events:
            async with UnidadDeTrabajoSql(engine, store) as uow:
                await store.append(
                    uow.conn,
                    stream_id=event.afiliado_id,
                    stream_type=STREAM_TYPE,
                    expected_version=0,
                    events=[event],
                )
                await uow.commit()

    writers = [writer] * len(batches)
    try:
        # Warm-up opens every pooled connection, as a long-running service has them.
        await _run_writers(writers, _spread(warm, len(writers)))
        return await _run_writers(writers, batches)
    finally:
        await engine.dispose()


RawRow = tuple[uuid.UUID, uuid.UUID, str]
"""stream id, event id, JSON payload."""


async def _measure_raw(
    url: str, batches: Sequence[Sequence[AfiliadoRegistrado]], warm: Sequence[AfiliadoRegistrado]
) -> Throughput:
    def rows(events: Sequence[AfiliadoRegistrado]) -> list[RawRow]:
        return [(e.afiliado_id, uuid.uuid4(), e.model_dump_json()) for e in events]

    ce_type = AfiliadoRegistrado.ce_type()
    conns = [await asyncpg.connect(plain_dsn(url)) for _ in batches]

    def writer_on(conn: asyncpg.Connection) -> Callable[[Sequence[RawRow]], Awaitable[None]]:
        async def writer(batch: Sequence[RawRow]) -> None:
            for stream_id, event_id, data in batch:
                await conn.execute(_RAW_INSERT, stream_id, event_id, STREAM_TYPE, ce_type, data)

        return writer

    try:
        writers = [writer_on(conn) for conn in conns]
        await _run_writers(writers, _spread(rows(warm), len(conns)))
        return await _run_writers(writers, [rows(b) for b in batches])
    finally:
        for conn in conns:
            await conn.close()


def _measure_eventsourcing(url: str, writers: int, per_writer: int, warmup: int) -> Throughput:
    """Runs in a worker thread: the recorder is synchronous (psycopg 3)."""
    # Imported here: eventsourcing is only in the ``bench`` dependency group.
    from eventsourcing.persistence import StoredEvent
    from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore

    parts = urlsplit(plain_dsn(url))
    datastore = PostgresDatastore(
        dbname=parts.path.lstrip("/"),
        host=parts.hostname or "127.0.0.1",
        port=parts.port or 5432,
        user=parts.username or "",
        password=parts.password or "",
        pool_size=writers,
        enable_db_functions=True,
    )
    try:
        recorder = PostgresApplicationRecorder(datastore)
        recorder.create_table()

        def stored(count: int) -> list[StoredEvent]:
            return [
                StoredEvent(
                    originator_id=e.afiliado_id,
                    originator_version=1,
                    topic=ES_TOPIC,
                    state=e.model_dump_json().encode(),
                )
                for e in (afiliado_1kb() for _ in range(count))
            ]

        def writer(events: Sequence[StoredEvent]) -> None:
            for event in events:
                recorder.insert_events([event])

        batches = [stored(per_writer) for _ in range(writers)]
        warm = stored(warmup)
        with ThreadPoolExecutor(max_workers=writers) as pool:
            list(pool.map(writer, _spread(warm, writers)))
            with Stopwatch() as watch:
                list(pool.map(writer, batches))
        return Throughput(writers * per_writer, watch.seconds)
    finally:
        datastore.close()
