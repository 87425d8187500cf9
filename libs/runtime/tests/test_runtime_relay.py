"""Outbox relay against real PostgreSQL and Kafka: nothing skipped, lost or reordered."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections import defaultdict
from collections.abc import AsyncIterator, Callable

import pytest
from aiokafka import ConsumerRecord
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from opentelemetry.trace import SpanKind
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.catalog import topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.eventstore import EventStore
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.events import afiliado_registrado
from eps_runtime.testing.infrastructure import Infrastructure, repo_root
from eps_runtime.testing.kafka import header, read_topic
from eps_runtime.testing.wait import eventually
from eps_runtime.tracing import tracer

pytestmark = pytest.mark.integration

store = EventStore()
TOPIC = topic_for(AfiliadoRegistrado).name
Records = list[ConsumerRecord[bytes, bytes]]


def ids_seen(records: Records) -> set[str]:
    return {header(r, "ce_id") or "" for r in records}


def has_all(expected: int) -> Callable[[Records], bool]:
    return lambda records: len(ids_seen(records)) >= expected


async def append(engine: AsyncEngine, stream: uuid.UUID, expected: int) -> None:
    async with engine.begin() as conn:
        await store.append(
            conn,
            stream_id=stream,
            stream_type="Afiliado",
            expected_version=expected,
            events=[afiliado_registrado(stream)],
        )


@pytest.fixture
async def start_relay(
    database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> AsyncIterator[Callable[..., OutboxRelay]]:
    stops: list[tuple[asyncio.Event, asyncio.Task[None]]] = []

    def start(batch_size: int = 500) -> OutboxRelay:
        relay = OutboxRelay(
            service="affiliation",
            database_url=database_url,
            bootstrap_servers=kafka_bootstrap,
            topic_prefix=topic_prefix,
            poll_seconds=0.2,
            max_backoff_seconds=1.0,
            batch_size=batch_size,
        )
        stop = asyncio.Event()
        stops.append((stop, asyncio.create_task(relay.run(stop))))
        return relay

    yield start
    for stop, _ in stops:
        stop.set()
    await asyncio.gather(*(task for _, task in stops))


async def test_el_relay_publica_con_cabeceras_cloudevents_y_clave_del_agregado(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    stream = uuid.uuid4()
    with tracer("test").start_as_current_span("POST /afiliados") as request_span:
        await append(engine, stream, 0)
    start_relay()
    [record] = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(1))
    assert record.key == str(stream).encode()
    assert header(record, "ce_specversion") == "1.0"
    assert header(record, "ce_type") == "co.eps.affiliation.AfiliadoRegistrado.v1"
    assert header(record, "ce_source") == "/eps/affiliation"
    assert header(record, "ce_subject") == str(stream)
    assert header(record, "ce_aggregateversion") == "1"
    assert header(record, "content-type") == "application/json"
    request_trace = format(request_span.get_span_context().trace_id, "032x")
    assert (header(record, "traceparent") or "").split("-")[1] == request_trace
    assert await eventually(lambda: outbox_size(engine), until=lambda n: n == 0) == 0


async def test_transaccion_que_confirma_tarde_con_id_menor_no_se_salta(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    late, early = uuid.uuid4(), uuid.uuid4()
    start_relay()
    async with engine.begin() as slow:
        # Takes the smaller outbox id first, but commits last.
        await store.append(
            slow,
            stream_id=late,
            stream_type="Afiliado",
            expected_version=0,
            events=[afiliado_registrado(late)],
        )
        await append(engine, early, 0)
        seen = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(1))
        assert [r.key for r in seen] == [str(early).encode()]
    records = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(2))
    assert {r.key for r in records} == {str(late).encode(), str(early).encode()}


async def test_un_segundo_relay_no_publica_fuera_de_orden(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    streams = [uuid.uuid4() for _ in range(5)]
    first, second = start_relay(), start_relay()
    for version in range(10):
        await asyncio.gather(*(append(engine, s, version) for s in streams))
    records = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(50))
    assert [first.is_leader, second.is_leader].count(True) == 1
    assert_per_aggregate_order(records, streams, 10)


async def test_lotes_solapados_publican_todo_en_orden_por_agregado_y_vacian_la_outbox(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    streams = [uuid.uuid4() for _ in range(5)]
    for version in range(12):
        await asyncio.gather(*(append(engine, s, version) for s in streams))
    relay = start_relay(batch_size=7)  # 60 rows: nine batches, each sent before the last's acks
    records = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(60))
    assert_per_aggregate_order(records, streams, 12)
    assert await eventually(lambda: outbox_size(engine), until=lambda n: n == 0) == 0
    assert await eventually(lambda: asyncio.sleep(0, relay.published), until=lambda n: n == 60)


async def test_un_lote_abre_un_span_por_traza_y_cada_registro_sigue_la_suya(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
    spans: InMemorySpanExporter,
) -> None:
    requests: dict[bytes, int] = {}
    for _ in range(2):
        with tracer("test").start_as_current_span("POST /afiliados") as request:
            streams = [uuid.uuid4() for _ in range(3)]
            for stream in streams:
                await append(engine, stream, 0)
                requests[str(stream).encode()] = request.get_span_context().trace_id
    start_relay()
    records = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(6))
    traces = set(requests.values())
    producers = [
        s
        for s in spans.get_finished_spans()  # the session's: keep this test's traces
        if s.kind is SpanKind.PRODUCER and s.context.trace_id in traces
    ]
    assert sorted(s.context.trace_id for s in producers) == sorted(traces)  # one per trace
    by_span = {s.context.span_id: s for s in producers}
    for record in records:
        _, trace_id, span_id, _ = (header(record, "traceparent") or "").split("-")
        span = by_span[int(span_id, 16)]
        assert int(trace_id, 16) == span.context.trace_id == requests[record.key]


async def test_kafka_detenido_mientras_se_aceptan_comandos_no_pierde_eventos(
    engine: AsyncEngine,
    start_relay: Callable[..., OutboxRelay],
    kafka_bootstrap: str,
    topic_prefix: str,
    infrastructure: Infrastructure,
) -> None:
    if infrastructure.origin != "local processes":
        pytest.skip("solo se puede detener el Kafka que arrancó el proyecto")
    kafka = str(repo_root() / "scripts" / "infra" / "kafka.sh")
    streams = [uuid.uuid4() for _ in range(4)]
    await append(engine, streams[0], 0)
    start_relay()
    await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(1))
    await asyncio.to_thread(subprocess.run, ["bash", kafka, "stop"], check=True)
    try:
        for version in range(5):
            for stream in streams:
                if stream == streams[0]:
                    await append(engine, stream, version + 1)
                else:
                    await append(engine, stream, version)
        await asyncio.sleep(2)  # the relay is now failing and backing off
        assert await outbox_size(engine) == 20
    finally:
        await asyncio.to_thread(subprocess.run, ["bash", kafka, "start"], check=True)
    records = await read_topic(kafka_bootstrap, topic_prefix + TOPIC, until=has_all(21), timeout=90)
    assert_per_aggregate_order(records, streams[1:], 5)
    assert_per_aggregate_order(records, streams[:1], 6)


async def outbox_size(engine: AsyncEngine) -> int:
    async with engine.connect() as conn:
        return int((await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one())


def assert_per_aggregate_order(records: Records, streams: list[uuid.UUID], count: int) -> None:
    """After de-duplication by event id, each aggregate's versions arrive as 1..count."""
    versions: dict[bytes, list[int]] = defaultdict(list)
    seen: set[str | None] = set()
    for record in records:
        event_id = header(record, "ce_id")
        if event_id in seen:
            continue
        seen.add(event_id)
        versions[record.key].append(int(header(record, "ce_aggregateversion") or 0))
    for stream in streams:
        assert versions[str(stream).encode()] == list(range(1, count + 1))
