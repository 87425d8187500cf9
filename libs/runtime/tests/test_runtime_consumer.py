"""Exactly-once consumer against real Kafka and PostgreSQL."""

from __future__ import annotations

import asyncio
import uuid
from collections.abc import AsyncIterator, Sequence

import pytest
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.catalog import dlq_topic, topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.consumer import ConsumedEvent, ExactlyOnceConsumer
from eps_runtime.dlq import replay
from eps_runtime.eventstore import EventStore
from eps_runtime.kafka import create_producer, ensure_topics
from eps_runtime.rebuild import rebuild_projection
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.events import afiliado_registrado, kafka_record
from eps_runtime.testing.kafka import header, read_topic
from eps_runtime.testing.wait import eventually
from eps_runtime.tracing import tracer

pytestmark = pytest.mark.integration

BASE_TOPIC = topic_for(AfiliadoRegistrado).name


class ConteoProjection:
    """Counts the events applied per afiliado: a second effect shows as a 2."""

    def __init__(self, topic: str, failing: set[uuid.UUID] | None = None) -> None:
        self.name = f"conteo-{uuid.uuid4().hex[:8]}"
        self.topics = (topic,)
        self.failing = failing or set()
        self.calls = 0

    def handles(self, ce_type: str) -> bool:
        return ce_type == AfiliadoRegistrado.ce_type()

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        self.calls += 1
        for consumed in events:
            assert isinstance(consumed.event, AfiliadoRegistrado)
            if consumed.event.afiliado_id in self.failing:
                raise RuntimeError("el manejador no puede con este evento")
            await conn.execute(
                text(
                    "INSERT INTO conteo (afiliado_id, aplicados) VALUES (:id, 1) "
                    "ON CONFLICT (afiliado_id) DO UPDATE SET aplicados = conteo.aplicados + 1"
                ),
                {"id": consumed.event.afiliado_id},
            )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE conteo"))


@pytest.fixture
async def topic(kafka_bootstrap: str, topic_prefix: str) -> str:
    name = topic_prefix + BASE_TOPIC
    await ensure_topics(kafka_bootstrap, [name, dlq_topic(name)], partitions=3)
    return name


@pytest.fixture
async def conteo_engine(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE conteo (afiliado_id uuid PRIMARY KEY, aplicados int NOT NULL)")
        )
    return engine


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = create_producer(kafka_bootstrap)
    await producer.start()
    yield producer
    await producer.stop()


async def publish(
    producer: AIOKafkaProducer,
    topic: str,
    event: AfiliadoRegistrado,
    event_id: uuid.UUID | None = None,
    partition: int | None = None,
) -> uuid.UUID:
    event_id = event_id or uuid.uuid4()
    record = kafka_record(event, event_id=event_id)
    await producer.send_and_wait(
        topic, record.value, key=record.key, partition=partition, headers=record.headers
    )
    return event_id


async def conteos(engine: AsyncEngine) -> dict[uuid.UUID, int]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT afiliado_id, aplicados FROM conteo"))
        return {row.afiliado_id: row.aplicados for row in rows}


async def run_consumer(consumer: ExactlyOnceConsumer) -> tuple[asyncio.Event, asyncio.Task[None]]:
    stop = asyncio.Event()
    task = asyncio.create_task(consumer.run(stop))
    return stop, task


def consumer_for(
    projection: ConteoProjection, engine: AsyncEngine, bootstrap: str, **kwargs: object
) -> ExactlyOnceConsumer:
    return ExactlyOnceConsumer(
        projection=projection,
        engine=engine,
        bootstrap_servers=bootstrap,
        base_backoff_seconds=0.01,
        **kwargs,
    )  # type: ignore[arg-type]


async def test_el_mismo_evento_entregado_dos_veces_tiene_un_solo_efecto(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    event = afiliado_registrado()
    event_id = await publish(producer, topic, event)
    await publish(producer, topic, event, event_id=event_id)  # the relay published it twice
    other = afiliado_registrado()
    await publish(producer, topic, other)
    projection = ConteoProjection(topic)
    stop, task = await run_consumer(consumer_for(projection, conteo_engine, kafka_bootstrap))
    try:
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 2)
        await asyncio.sleep(0.5)  # give a second effect the chance to show up
        assert (
            await conteos(conteo_engine) == result == {event.afiliado_id: 1, other.afiliado_id: 1}
        )
    finally:
        stop.set()
        await task


async def test_mensaje_venenoso_va_a_la_dlq_y_los_siguientes_se_procesan(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    key = str(uuid.uuid4()).encode()
    await producer.send_and_wait(
        topic, b"{esto no es json", key=key, partition=0, headers=[("ce_specversion", b"1.0")]
    )
    bad_payload = kafka_record(afiliado_registrado())
    await producer.send_and_wait(
        topic,
        b'{"afiliado_id": "no-uuid"}',
        key=bad_payload.key,
        partition=0,
        headers=bad_payload.headers,
    )
    failing = afiliado_registrado()
    later = [afiliado_registrado() for _ in range(3)]
    for event in [failing, *later]:
        record = kafka_record(event)
        await producer.send_and_wait(
            topic, record.value, key=record.key, partition=0, headers=record.headers
        )
    projection = ConteoProjection(topic, failing={failing.afiliado_id})
    stop, task = await run_consumer(
        consumer_for(projection, conteo_engine, kafka_bootstrap, max_attempts=3)
    )
    try:
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 3)
        assert result == {e.afiliado_id: 1 for e in later}
        dead = await read_topic(kafka_bootstrap, dlq_topic(topic), until=lambda r: len(r) >= 3)
    finally:
        stop.set()
        await task
    dead.sort(key=lambda r: int(header(r, "dlq_original_offset") or -1))
    assert [header(r, "dlq_error_type") for r in dead] == [
        "PoisonMessage",
        "PoisonMessage",
        "RuntimeError",
    ]
    assert [header(r, "dlq_original_offset") for r in dead] == ["0", "1", "2"]
    assert all(header(r, "dlq_original_topic") == topic for r in dead)
    assert header(dead[2], "dlq_attempts") == "3"
    assert dead[2].key == str(failing.afiliado_id).encode()


async def test_un_veneno_en_medio_de_la_ronda_va_a_la_dlq_y_el_resto_se_aplica_una_vez(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    antes = [afiliado_registrado() for _ in range(5)]
    despues = [afiliado_registrado() for _ in range(5)]
    otras = [afiliado_registrado() for _ in range(6)]
    for event in antes:
        await publish(producer, topic, event, partition=0)
    poison = kafka_record(afiliado_registrado())
    await producer.send_and_wait(
        topic, b'{"afiliado_id": "no-uuid"}', key=poison.key, partition=0, headers=poison.headers
    )
    for event in despues:
        await publish(producer, topic, event, partition=0)
    for i, event in enumerate(otras):  # the same poll brings the other partitions too
        await publish(producer, topic, event, partition=1 + i % 2)
    projection = ConteoProjection(topic)
    consumer = consumer_for(projection, conteo_engine, kafka_bootstrap)
    stop, task = await run_consumer(consumer)
    try:
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 16)
        dead = await read_topic(kafka_bootstrap, dlq_topic(topic), until=lambda r: len(r) >= 1)
        await asyncio.sleep(0.5)  # give a second effect or a second dead letter the chance
        assert await conteos(conteo_engine) == result
    finally:
        stop.set()
        await task
    assert result == {e.afiliado_id: 1 for e in [*antes, *despues, *otras]}
    assert consumer.dead_lettered == 1
    [dead_letter] = dead
    assert header(dead_letter, "dlq_original_offset") == "5"
    assert header(dead_letter, "dlq_error_type") == "PoisonMessage"


async def test_una_caida_de_la_base_en_medio_de_la_ronda_la_reintenta_entera_sin_dlq(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    class CaeUnaVez(ConteoProjection):
        def __init__(self, topic: str) -> None:
            super().__init__(topic)
            self.rondas: list[set[uuid.UUID]] = []

        async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
            self.rondas.append({e.envelope.id for e in events})
            if len(self.rondas) == 1:
                raise ConnectionResetError("la base de datos se reinició")
            await super().apply(conn, events)

    events = [afiliado_registrado() for _ in range(12)]
    for event in events:
        await publish(producer, topic, event)
    projection = CaeUnaVez(topic)
    consumer = consumer_for(projection, conteo_engine, kafka_bootstrap, max_attempts=1)
    stop, task = await run_consumer(consumer)
    try:
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 12)
        await asyncio.sleep(0.5)
        assert await conteos(conteo_engine) == result
    finally:
        stop.set()
        await task
    assert result == {e.afiliado_id: 1 for e in events}
    assert consumer.dead_lettered == 0  # with max_attempts=1 a message's fault would be
    assert projection.rondas[1] == projection.rondas[0]  # the whole poll again, not one event


async def test_consumidor_muerto_entre_commit_de_base_y_de_offset_no_duplica_ni_salta(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    first = [afiliado_registrado() for _ in range(20)]
    for event in first:
        await publish(producer, topic, event)
    projection = ConteoProjection(topic)

    async def die_before_offset_commit(*_args: object, **_kwargs: object) -> None:
        raise asyncio.CancelledError("proceso terminado antes de confirmar el offset")

    class DiesBeforeOffsetCommit(ExactlyOnceConsumer):
        # Patched before the client starts: patched later, a fast first batch could commit
        # for real and the "crash" would never come.
        async def _start(self, consumer: AIOKafkaConsumer) -> None:
            consumer.commit = die_before_offset_commit  # type: ignore[method-assign]
            await super()._start(consumer)

    crashing = DiesBeforeOffsetCommit(
        projection=projection,
        engine=conteo_engine,
        bootstrap_servers=kafka_bootstrap,
        base_backoff_seconds=0.01,
    )
    stop, task = await run_consumer(crashing)
    with pytest.raises(asyncio.CancelledError):
        await asyncio.wait_for(task, timeout=60)
    assert len(await conteos(conteo_engine)) > 0  # effects committed, Kafka offsets not

    second = [afiliado_registrado() for _ in range(5)]
    for event in second:
        await publish(producer, topic, event)
    restarted = consumer_for(projection, conteo_engine, kafka_bootstrap)
    stop, task = await run_consumer(restarted)
    try:
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 25)
        await asyncio.sleep(0.5)
        assert await conteos(conteo_engine) == result
        assert set(result.values()) == {1}
    finally:
        stop.set()
        await task


async def test_reconstruir_la_proyeccion_da_el_mismo_resultado_que_la_viva(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    events = [afiliado_registrado() for _ in range(30)]
    for event in events:
        await publish(producer, topic, event)
    projection = ConteoProjection(topic)
    stop, task = await run_consumer(consumer_for(projection, conteo_engine, kafka_bootstrap))
    live = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 30)
    stop.set()
    await task
    read = await rebuild_projection(conteo_engine, projection, kafka_bootstrap, progress=False)
    assert read == 30
    assert await conteos(conteo_engine) == live


async def test_reproducir_la_dlq_aplica_el_evento_una_vez_corregida_la_causa(
    conteo_engine: AsyncEngine,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    failing = afiliado_registrado()
    await publish(producer, topic, failing)
    projection = ConteoProjection(topic, failing={failing.afiliado_id})
    consumer = consumer_for(projection, conteo_engine, kafka_bootstrap, max_attempts=2)
    stop, task = await run_consumer(consumer)
    try:
        await eventually(lambda: asyncio.sleep(0, consumer.dead_lettered), until=lambda n: n == 1)
        projection.failing.clear()  # the bug is fixed
        assert await replay(kafka_bootstrap, dlq_topic(topic), progress=False) == 1
        assert await replay(kafka_bootstrap, dlq_topic(topic), progress=False) == 0
        result = await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 1)
        assert result == {failing.afiliado_id: 1}
    finally:
        stop.set()
        await task


async def test_una_traza_va_de_la_peticion_a_la_transaccion_del_consumidor(
    conteo_engine: AsyncEngine,
    database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    topic: str,
    spans: InMemorySpanExporter,
) -> None:
    afiliado = afiliado_registrado()
    with tracer("test").start_as_current_span("POST /afiliados") as request:
        async with conteo_engine.begin() as conn:
            await EventStore().append(
                conn,
                stream_id=afiliado.afiliado_id,
                stream_type="Afiliado",
                expected_version=0,
                events=[afiliado],
            )
    trace_id = request.get_span_context().trace_id
    relay = OutboxRelay(
        service="affiliation",
        database_url=database_url,
        bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
        poll_seconds=0.2,
    )
    consumer = consumer_for(ConteoProjection(topic), conteo_engine, kafka_bootstrap)
    relay_stop, consumer_stop = asyncio.Event(), asyncio.Event()
    tasks = [
        asyncio.create_task(relay.run(relay_stop)),
        asyncio.create_task(consumer.run(consumer_stop)),
    ]
    try:
        await eventually(lambda: conteos(conteo_engine), until=lambda c: len(c) == 1)
    finally:
        relay_stop.set()
        consumer_stop.set()
        await asyncio.gather(*tasks)
    in_trace = [s for s in spans.get_finished_spans() if s.context.trace_id == trace_id]
    by_kind = {s.kind: s for s in in_trace}
    assert by_kind[SpanKind.PRODUCER].parent.span_id == request.get_span_context().span_id
    assert by_kind[SpanKind.CONSUMER].parent.span_id == by_kind[SpanKind.PRODUCER].context.span_id
