"""Consumer + projection throughput: ``ExactlyOnceConsumer`` vs a raw aiokafka consumer.

A fresh topic holds N CloudEvents records (1 KB ``AfiliadoRegistrado``). Ours: an
``ExactlyOnceConsumer`` driving a realistic read model (a set-based upsert of afiliados, one
``INSERT … SELECT FROM unnest(…) ON CONFLICT`` per batch), timed with
``run_until_caught_up``. Baseline: an ``AIOKafkaConsumer`` with the same client settings
reading every partition from the beginning to the end offsets, decoding nothing.
"""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import Sequence
from dataclasses import dataclass

from aiokafka import AIOKafkaConsumer, TopicPartition
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from bench.common import (
    BenchRun,
    Stopwatch,
    Throughput,
    afiliado_1kb,
    checkpoint,
    execute,
    record_round,
)
from bench.results import Comparison, SectionResult
from eps_contracts.catalog import topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.consumer import ConsumedEvent, ExactlyOnceConsumer
from eps_runtime.db import create_engine, run_ddl
from eps_runtime.kafka import create_consumer, create_producer, ensure_topics
from eps_runtime.schema import CONSUMER_DDL
from eps_runtime.testing.events import kafka_record

SECTION = "consumer"
RAW_CASE = "raw aiokafka consumer (count only)"
OURS_CASE = "ExactlyOnceConsumer + upsert projection"
PARTITIONS = 3
TOPIC = topic_for(AfiliadoRegistrado.ce_type()).name

READ_MODEL_DDL = """
    CREATE TABLE IF NOT EXISTS afiliados (
        afiliado_id      uuid PRIMARY KEY,
        tipo_documento   text NOT NULL,
        numero_documento text NOT NULL,
        nombre_completo  text NOT NULL,
        fecha_nacimiento date NOT NULL,
        email            text,
        telefono_movil   text,
        estado           text NOT NULL,
        version          integer NOT NULL
    )
"""

_UPSERT = text(
    """
    INSERT INTO afiliados (afiliado_id, tipo_documento, numero_documento, nombre_completo,
                           fecha_nacimiento, email, telefono_movil, estado, version)
    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:tipos AS text[]), CAST(:numeros AS text[]),
                         CAST(:nombres AS text[]), CAST(:nacimientos AS date[]),
                         CAST(:emails AS text[]), CAST(:telefonos AS text[]),
                         CAST(:estados AS text[]), CAST(:versions AS integer[]))
    ON CONFLICT (afiliado_id) DO UPDATE SET
        tipo_documento = EXCLUDED.tipo_documento, numero_documento = EXCLUDED.numero_documento,
        nombre_completo = EXCLUDED.nombre_completo,
        fecha_nacimiento = EXCLUDED.fecha_nacimiento, email = EXCLUDED.email,
        telefono_movil = EXCLUDED.telefono_movil, estado = EXCLUDED.estado,
        version = EXCLUDED.version
    WHERE afiliados.version < EXCLUDED.version
    """
)


@dataclass
class AfiliadosProjection:
    """A read model of afiliados like identity's: one set-based upsert per batch."""

    name: str
    topics: tuple[str, ...]

    def handles(self, ce_type: str) -> bool:
        return ce_type.startswith("co.eps.affiliation.AfiliadoRegistrado.")

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        # One row per afiliado per statement: ON CONFLICT cannot touch a row twice.
        latest: dict[uuid.UUID, tuple[AfiliadoRegistrado, int]] = {}
        for consumed in events:
            if isinstance(consumed.event, AfiliadoRegistrado):
                latest[consumed.event.afiliado_id] = (
                    consumed.event,
                    consumed.envelope.aggregate_version,
                )
        rows = [event for event, _ in latest.values()]
        await conn.execute(
            _UPSERT,
            {
                "ids": [e.afiliado_id for e in rows],
                "tipos": [e.tipo_documento.value for e in rows],
                "numeros": [e.numero_documento for e in rows],
                "nombres": [_nombre_completo(e) for e in rows],
                "nacimientos": [e.fecha_nacimiento for e in rows],
                "emails": [e.email for e in rows],
                "telefonos": [e.telefono_movil for e in rows],
                "estados": [e.estado.value for e in rows],
                "versions": [version for _, version in latest.values()],
            },
        )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE afiliados"))


def _nombre_completo(e: AfiliadoRegistrado) -> str:
    parts = (e.primer_nombre, e.segundo_nombre, e.primer_apellido, e.segundo_apellido)
    return " ".join(p for p in parts if p)


async def run(bench: BenchRun) -> SectionResult:
    config = bench.config
    n = config.consumer_events
    result = SectionResult("Consumer + projection", f"Consumer + projection ({n} records of 1 KB)")
    topic = bench.topic_prefix("consumer") + TOPIC
    await _fill_topic(bench.kafka, topic, n)
    url = await bench.create_database("consumer")
    engine = create_engine(url)
    try:
        await run_ddl(engine, (*CONSUMER_DDL, READ_MODEL_DDL))
    finally:
        await engine.dispose()
    ours_rates: list[float] = []
    raw_rates: list[float] = []
    for round_ in range(1, config.rounds + 1):
        raw = await _raw_consumer(bench.kafka, topic)
        raw_rates.append(raw.per_second)
        record_round(result, SECTION, RAW_CASE, round_, config.rounds, raw)
        await execute(url, "TRUNCATE afiliados, processed_events, consumer_positions")
        await checkpoint(url)
        ours = await _exactly_once(url, bench.kafka, topic, round_)
        if ours.count != n:
            raise RuntimeError(f"the projection applied {ours.count} of {n} events")
        ours_rates.append(ours.per_second)
        record_round(result, SECTION, OURS_CASE, round_, config.rounds, ours)
    result.comparisons = [
        Comparison.of_rounds(
            result.name,
            "read + project",
            "events/s",
            "ExactlyOnceConsumer + projection",
            "raw aiokafka consumer",
            0.5,
            ours_rates,
            raw_rates,
        ),
    ]
    result.method = [
        f"One topic with {PARTITIONS} partitions and {n} CloudEvents records "
        "(binary mode, 1 KB `AfiliadoRegistrado`), produced before timing; median of "
        f"{config.rounds} round(s).",
        "Ours: `ExactlyOnceConsumer.run_until_caught_up` (default batch size 500) driving "
        "an afiliados read model: decode + validate each event, de-duplicate by id "
        "(`processed_events`), one `INSERT … SELECT FROM unnest(…) ON CONFLICT DO UPDATE` "
        "per poll and the partitions' positions, all in one transaction per poll (the "
        "next poll read and decoded meanwhile). Timed from client start until every "
        "partition is caught up.",
        "Baseline: `AIOKafkaConsumer` with the settings of `eps_runtime.kafka.create_consumer` "
        "(read_committed, 500 records per poll), all partitions assigned, from the "
        "beginning to the end offsets, counting records and decoding nothing.",
    ]
    return result


async def _fill_topic(kafka: str, topic: str, n: int) -> None:
    await ensure_topics(kafka, [topic], partitions=PARTITIONS)
    producer = create_producer(kafka)
    await producer.start()
    try:
        deliveries = []
        for _ in range(n):
            record = kafka_record(afiliado_1kb())
            deliveries.append(
                await producer.send(
                    topic, value=record.value, key=record.key, headers=record.headers
                )
            )
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()


async def _raw_consumer(kafka: str, topic: str) -> Throughput:
    consumer = create_consumer(kafka, None)
    count = 0
    with Stopwatch() as watch:
        await consumer.start()
        try:
            partitions = [TopicPartition(topic, p) for p in range(PARTITIONS)]
            consumer.assign(partitions)
            await consumer.seek_to_beginning(*partitions)
            ends = await consumer.end_offsets(partitions)
            while not await _caught_up(consumer, ends):
                batches = await consumer.getmany(timeout_ms=1000)
                count += sum(len(messages) for messages in batches.values())
        finally:
            await consumer.stop()
    return Throughput(count, watch.seconds)


async def _caught_up(consumer: AIOKafkaConsumer, ends: dict[TopicPartition, int]) -> bool:
    for tp, end in ends.items():
        if await consumer.position(tp) < end:
            return False
    return True


async def _exactly_once(url: str, kafka: str, topic: str, round_: int) -> Throughput:
    engine = create_engine(url)
    projection = AfiliadosProjection(name=f"bench-afiliados-{round_}", topics=(topic,))
    consumer = ExactlyOnceConsumer(projection=projection, engine=engine, bootstrap_servers=kafka)
    try:
        with Stopwatch() as watch:
            await consumer.run_until_caught_up()
    finally:
        await engine.dispose()
    return Throughput(consumer.applied, watch.seconds)
