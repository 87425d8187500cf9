"""Seeding the synthetic population through the real handlers vs raw INSERTs of its events.

- ours: ``affiliation.entrypoints.seed.sembrar`` — what ``make up`` runs — loads
  ``BENCH_SEED_SIZE`` people (``BenchConfig.seed_size``, default 100 000) into a fresh,
  migrated affiliation database with its 8 workers, on uvloop as its command line runs:
  every employer, person and PAC plan is one command in one transaction through the same
  handlers as the API (domain rules, document guard, ``EventStore.append`` with its outbox
  rows). Timed from the first command to the last (the population is drawn before); the
  events it wrote are counted in the store afterwards.
- raw asyncpg: right after, in the same database, the very event rows the seed wrote (same
  stream ids, versions, types, JSON payloads) are inserted into an empty copy of ``events``
  by plain ``INSERT`` statements, one row per transaction (autocommit), over as many
  connections as the seed has workers — the floor of what those rows cost PostgreSQL.

The ratio is ours / raw in events per second. People per second are reported with the raw
figure converted at the population's own events per person, so that row's ratio is the same.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import date
from typing import Any

import asyncpg
from tqdm import tqdm

from affiliation.application.poblacion_sintetica import poblacion
from affiliation.bootstrap import bootstrap
from affiliation.entrypoints.seed import ejecutar, sembrar
from bench.common import (
    SEED_SIZE_DEFAULT,
    SEED_SIZE_ENV,
    BenchRun,
    Stopwatch,
    Throughput,
    checkpoint,
    plain_dsn,
    progress,
)
from bench.results import Comparison, Sample, SectionResult
from eps_runtime.db import create_engine
from eps_runtime.testing.infrastructure import repo_root

SECTION = "seed"
SEMILLA = 2026  # the seed's own default, so the bench loads what ``make up`` would
HOY = date(2026, 11, 22)
"""A fixed day: every run seeds the same people (and an SMLMV on record) whatever the date."""
WORKERS = 8  # the seed's default

_ROWS = """
    SELECT stream_id, version, event_id, stream_type, event_type, data::text, metadata::text
    FROM events ORDER BY recorded_at
"""
_RAW_INSERT = """
    INSERT INTO events_raw (stream_id, version, event_id, stream_type, event_type, data, metadata)
    VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb)
"""


async def run(bench: BenchRun) -> SectionResult:
    size = bench.config.seed_size
    url = await bench.infra.create_migrated_database(
        repo_root() / "services" / "affiliation", f"bench_{bench.tag}_seed"
    )
    result = SectionResult(
        "Seed", f"Seed: {size:,} synthetic people through the handlers, {WORKERS} workers"
    )
    await checkpoint(url)
    # On its own uvloop loop in a thread, as the seed's command line runs it (``make up``);
    # this loop only waits meanwhile.
    ours, people, conteo = await asyncio.to_thread(ejecutar, _seed(url, size))
    progress(
        SECTION,
        f"seed: {people.count} people, {ours.count} events in {ours.seconds:.1f} s "
        f"({people.per_second:.0f} people/s, {ours.per_second:.0f} events/s)",
    )
    await checkpoint(url)
    raw = await _raw_inserts(url)
    progress(SECTION, f"raw INSERT of the same rows: {raw.per_second:.0f} events/s")
    events_per_person = ours.count / people.count
    raw_people = raw.per_second / events_per_person
    name = result.name
    case = f"{size:,} people, {WORKERS} workers"
    result.comparisons = [
        Comparison(
            name,
            case,
            "events/s",
            "seed (handlers + event store)",
            "raw asyncpg INSERT of the same rows",
            None,
            ours=ours.per_second,
            baseline=raw.per_second,
        ),
        Comparison(
            name,
            case,
            "people/s",
            "seed (handlers + event store)",
            f"raw INSERT of their rows ({events_per_person:.2f} events per person)",
            None,
            ours=people.per_second,
            baseline=raw_people,
        ),
    ]
    result.samples = [
        Sample(
            "seed: people",
            1,
            people.per_second,
            "people/s",
            f"{people.count} in {people.seconds:.1f} s; {conteo}",
        ),
        Sample(
            "seed: events",
            1,
            ours.per_second,
            "events/s",
            f"{ours.count} in {ours.seconds:.1f} s ({events_per_person:.2f} per person)",
        ),
        Sample(
            f"raw asyncpg INSERT, {WORKERS} connections",
            1,
            raw.per_second,
            "events/s",
            f"{raw.count} in {raw.seconds:.1f} s",
        ),
    ]
    result.method = [
        f"`affiliation.entrypoints.seed.sembrar` (what `make up` runs) loads {size:,} "
        f"synthetic people (seed {SEMILLA}, day {HOY}) into a fresh migrated affiliation "
        f"database with {WORKERS} workers: each employer, person and PAC plan is one command "
        "in one transaction through the API's handlers (Decreto 806 family-group rules, "
        "document guard, `EventStore.append` with outbox rows). One round: the size is set "
        f"by `{SEED_SIZE_ENV}` (default {SEED_SIZE_DEFAULT:,}, about 3 minutes with the "
        f"baseline on 2 cores; e.g. `{SEED_SIZE_ENV}=20000 make bench` for a shorter run).",
        "Raw asyncpg: the same event rows, read back from the store, inserted into an empty "
        "copy of `events` (`LIKE events INCLUDING ALL`) by one `INSERT` per row and per "
        f"transaction (autocommit) over {WORKERS} connections, JSON prepared before timing.",
        "People/s: the raw row is converted at the population's events per person, so its "
        "ratio equals the events/s ratio. A CHECKPOINT is taken before each case. No target "
        "in DESIGN §5b: reported for information.",
    ]
    return result


async def _seed(url: str, size: int) -> tuple[Throughput, Throughput, str]:

    engine = create_engine(url, pool_size=WORKERS)
    aplicacion = bootstrap(engine, hoy=lambda: HOY)
    try:
        familias = list(poblacion(size, semilla=SEMILLA, hoy=HOY))  # drawn before timing
        with (
            tqdm(
                total=size,
                unit="person",
                desc=f"[{SECTION:<10}] seed",
                file=sys.stderr,
                mininterval=5.0,
            ) as bar,
            Stopwatch() as watch,
        ):
            conteo = await sembrar(aplicacion, familias, trabajadores=WORKERS, barra=bar)
    finally:
        await engine.dispose()
    if conteo.rechazados or conteo.registrados != size:
        raise RuntimeError(f"the seed did not register everyone: {conteo}")
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        events = int(await conn.fetchval("SELECT count(*) FROM events"))
    finally:
        await conn.close()
    summary = (
        f"{conteo.empleadores} employers, {conteo.planes_pac} PAC plans, {len(familias)} families"
    )
    return Throughput(events, watch.seconds), Throughput(size, watch.seconds), summary


async def _raw_inserts(url: str) -> Throughput:
    dsn = plain_dsn(url)
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute("CREATE TABLE events_raw (LIKE events INCLUDING ALL)")
        rows: list[Any] = [tuple(r) for r in await conn.fetch(_ROWS)]
    finally:
        await conn.close()
    await checkpoint(url)
    conns = [await asyncpg.connect(dsn) for _ in range(WORKERS)]

    async def writer(conn: asyncpg.Connection, batch: list[Any]) -> None:
        for row in batch:
            await conn.execute(_RAW_INSERT, *row)

    try:
        with Stopwatch() as watch:
            await asyncio.gather(*(writer(c, rows[i::WORKERS]) for i, c in enumerate(conns)))
    finally:
        for conn in conns:
            await conn.close()
    return Throughput(len(rows), watch.seconds)
