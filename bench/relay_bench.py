"""Relay publish throughput: ``OutboxRelay`` draining N outbox events vs a raw producer.

The outbox is preloaded with N 1 KB ``AfiliadoRegistrado`` events (bulk SQL into ``events`` +
``outbox``, the shape ``EventStore.append`` writes). The relay is timed from its start until
it has deleted the last outbox row (so every record was acknowledged by Kafka). The baseline
is an ``AIOKafkaProducer`` with ``PRODUCER_SETTINGS`` (acks=all, idempotent) sending the
same records — same keys, values and headers — to its own fresh topic and awaiting every
acknowledgement.
"""

from __future__ import annotations

import asyncio
import time
import uuid

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
from bench.eventstore_bench import STREAM_TYPE, run_ddl_once
from bench.results import Comparison, SectionResult
from eps_contracts.catalog import topic_for
from eps_contracts.envelope import EventEnvelope, KafkaRecord, to_kafka_record
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.kafka import create_producer, ensure_topics
from eps_runtime.relay import OutboxRelay

SECTION = "relay"
_TIMEOUT_SECONDS = 300.0
SERVICE = "affiliation"
TOPIC = topic_for(AfiliadoRegistrado.ce_type()).name
PARTITIONS = 3

_PRELOAD = """
    WITH appended AS (
        INSERT INTO events (stream_id, version, event_id, stream_type, event_type, data)
        SELECT s, 1, id, $3, $4, CAST(d AS jsonb)
        FROM unnest($1::uuid[], $2::uuid[], $5::text[]) AS batch(s, id, d)
        RETURNING stream_id, version, event_id
    )
    INSERT INTO outbox (stream_id, version)
    SELECT stream_id, version FROM appended ORDER BY event_id
"""

_ROWS = """
    SELECT o.id, e.stream_id, e.stream_type, e.version, e.event_id, e.event_type,
           e.data::text AS data, e.recorded_at
    FROM outbox o JOIN events e ON e.stream_id = o.stream_id AND e.version = o.version
    ORDER BY o.id
"""

# The relay runs inside a span (``configure_tracing`` as in a service), so its records carry
# a traceparent header; the baseline's records carry one of the same size.
_TRACEPARENT = f"00-{uuid.uuid4().hex}-{uuid.uuid4().hex[:16]}-01"


async def run(bench: BenchRun) -> SectionResult:
    config = bench.config
    n = config.relay_events
    relay_rates: list[float] = []
    raw_rates: list[float] = []
    result = SectionResult("Relay publishing", f"Relay publishing ({n} outbox events of 1 KB)")
    url = await bench.create_database("relay")
    await run_ddl_once(url)
    for round_ in range(1, config.rounds + 1):
        records = await _preload(url, n)
        raw_topic = bench.topic_prefix(f"raw{round_}") + TOPIC
        await ensure_topics(bench.kafka, [raw_topic], partitions=PARTITIONS)
        raw = await _raw_producer(bench.kafka, raw_topic, records)
        raw_rates.append(raw.per_second)
        record_round(result, SECTION, "raw aiokafka producer", round_, config.rounds, raw)

        relay_prefix = bench.topic_prefix(f"relay{round_}")
        await ensure_topics(bench.kafka, [relay_prefix + TOPIC], partitions=PARTITIONS)
        await checkpoint(url)
        relayed = await _relay(url, bench.kafka, relay_prefix, n)
        relay_rates.append(relayed.per_second)
        record_round(result, SECTION, "OutboxRelay", round_, config.rounds, relayed)
    result.comparisons = [
        Comparison.of_rounds(
            result.name,
            "publish until acknowledged",
            "events/s",
            "OutboxRelay",
            "raw aiokafka producer",
            0.7,
            relay_rates,
            raw_rates,
        ),
    ]
    result.method = [
        f"{n} events preloaded into `events` + `outbox` by bulk SQL (the rows "
        f"`EventStore.append` writes), topics created beforehand with {PARTITIONS} "
        f"partitions; median of {config.rounds} round(s).",
        "Ours: `OutboxRelay.run` (service `affiliation`, default batch size, tracing "
        "configured as in a service), timed from its start until it has deleted the last "
        "outbox row, i.e. every record acknowledged by Kafka.",
        "Baseline: one `AIOKafkaProducer` with `eps_runtime.kafka.PRODUCER_SETTINGS` "
        "(acks=all, idempotent, linger 2 ms) sending the same keys, values and headers, "
        "timed from its start until every send is acknowledged.",
    ]
    return result


async def _preload(url: str, n: int) -> list[KafkaRecord]:
    """Fills the outbox with ``n`` events; returns the records the relay will publish."""
    await execute(url, "TRUNCATE events, outbox")
    events = [afiliado_1kb() for _ in range(n)]
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        await conn.execute(
            _PRELOAD,
            [e.afiliado_id for e in events],
            [uuid.uuid4() for _ in events],
            STREAM_TYPE,
            AfiliadoRegistrado.ce_type(),
            [e.model_dump_json() for e in events],
        )
        rows = await conn.fetch(_ROWS)
    finally:
        await conn.close()
    return [
        to_kafka_record(
            EventEnvelope(
                id=row["event_id"],
                source=f"/eps/{SERVICE}",
                type=row["event_type"],
                time=row["recorded_at"],
                subject=str(row["stream_id"]),
                data=row["data"].encode(),
                aggregate_type=row["stream_type"],
                aggregate_version=row["version"],
                traceparent=_TRACEPARENT,
            )
        )
        for row in rows
    ]


async def _raw_producer(kafka: str, topic: str, records: list[KafkaRecord]) -> Throughput:
    producer = create_producer(kafka)
    try:
        with Stopwatch() as watch:
            await producer.start()
            deliveries = [
                await producer.send(topic, value=r.value, key=r.key, headers=r.headers)
                for r in records
            ]
            await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
    return Throughput(len(records), watch.seconds)


async def _relay(url: str, kafka: str, topic_prefix: str, n: int) -> Throughput:
    relay = OutboxRelay(
        service=SERVICE, database_url=url, bootstrap_servers=kafka, topic_prefix=topic_prefix
    )
    stop = asyncio.Event()
    deadline = time.monotonic() + _TIMEOUT_SECONDS
    with Stopwatch() as watch:
        task = asyncio.create_task(relay.run(stop))
        while relay.published < n and time.monotonic() < deadline:  # noqa: ASYNC110 - only a counter to watch
            await asyncio.sleep(0.002)
    stop.set()
    await task
    left = await _outbox_size(url)
    if relay.published != n or left:
        raise RuntimeError(f"relay published {relay.published} of {n}; {left} left in outbox")
    return Throughput(n, watch.seconds)


async def _outbox_size(url: str) -> int:
    conn = await asyncpg.connect(plain_dsn(url))
    try:
        return int(await conn.fetchval("SELECT count(*) FROM outbox"))
    finally:
        await conn.close()
