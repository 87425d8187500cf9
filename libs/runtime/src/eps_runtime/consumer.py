"""Kafka consumers with exactly-once effects on PostgreSQL, and a dead-letter topic.

Guarantees:
- A projection's effect, the record of the events it processed and the partition positions
  commit in ONE database transaction, one per poll whatever partitions the poll brought.
  Kafka offsets are committed only after it, and the database position wins on every
  (re)assignment, so a consumer killed between its database commit and its offset commit
  resumes after the last applied event: no duplicate, no gap.
- The next poll is read while a poll's transaction runs (read-ahead); reading acknowledges
  nothing, and what was read ahead is processed before any later offset is committed.
- A redelivered event has no second effect: its offset is at or below the recorded position,
  or its ``ce_id`` is already in ``processed_events`` (the relay may publish an event twice).
- Nothing is acknowledged before it is processed.
- A message that cannot be decoded, or whose handler keeps failing after ``max_attempts``
  tries with exponential backoff, goes to ``<topic>.dlq`` with the error and its original
  coordinates in headers, and the partition keeps moving; the rest of its poll is applied
  once. Database outages are not the message's fault: they are retried without limit and
  never dead-lettered.
- Event types the consumer does not know (a newer producer) are skipped, not dead-lettered.
"""

from __future__ import annotations

import asyncio
import contextlib
import time
import traceback
from collections.abc import Awaitable, Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Protocol, TypeAlias

import asyncpg
from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.abc import ConsumerRebalanceListener
from opentelemetry.trace import Link, SpanKind
from opentelemetry.util.types import AttributeValue
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.catalog import dlq_topic
from eps_contracts.codec import InvalidEventData, from_envelope
from eps_contracts.envelope import EventEnvelope, InvalidEnvelope, from_kafka_record
from eps_contracts.events import DomainEvent, UnknownEventType
from eps_runtime.db import create_engine, driver_connection
from eps_runtime.kafka import (
    create_consumer,
    create_producer,
    group_instance_id,
    membership_settings,
    topic_partitions,
)
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.settings import ServiceSettings
from eps_runtime.topics import ensure_topics_until_ready
from eps_runtime.tracing import configure_tracing, context_from_traceparent, tracer

log = get_logger(__name__)

CLOSE_TIMEOUT_S = 15.0


@dataclass(frozen=True)
class ConsumedEvent:
    """An event as a consumer sees it: its envelope, its typed payload and where it was read."""

    envelope: EventEnvelope
    event: DomainEvent
    topic: str
    partition: int
    offset: int


class Projection(Protocol):
    """What a subscriber or read model implements to be driven by ``ExactlyOnceConsumer``.

    ``apply`` runs inside the consumer's transaction: it must write only through ``conn``.
    It receives one poll's events, already de-duplicated: possibly of several partitions,
    each partition's in order.
    """

    name: str
    topics: tuple[str, ...]

    def handles(self, ce_type: str) -> bool: ...

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None: ...

    async def reset(self, conn: AsyncConnection) -> None:
        """Empties the read model (used by the rebuild command)."""
        ...


Message: TypeAlias = ConsumerRecord[bytes, bytes]
Decoded: TypeAlias = tuple[Message, ConsumedEvent | None]


class PoisonMessage(Exception):
    """The message can never be processed as it is (undecodable or invalid payload)."""


_RECORDED_POSITION = text(
    "SELECT last_offset FROM consumer_positions "
    "WHERE consumer = :consumer AND topic = :topic AND partition = :partition"
)
# The poll's own bookkeeping is ONE statement on asyncpg (prepared once per connection),
# inside the SQLAlchemy transaction the projection writes through: it keeps the events past
# their partition's recorded position, records their ids (RETURNING the ones not seen
# before) and moves every partition's position forward. All CTEs see the positions as they
# were before the statement.
_DEDUPLICATE_AND_ADVANCE = """
    WITH recorded AS (
        SELECT topic, partition, last_offset FROM consumer_positions WHERE consumer = $1
    ), advanced AS (
        INSERT INTO consumer_positions (consumer, topic, partition, last_offset)
        SELECT $1, t, p, o FROM unnest($6::text[], $7::integer[], $8::bigint[]) AS b(t, p, o)
        ON CONFLICT (consumer, topic, partition) DO UPDATE
        SET last_offset = EXCLUDED.last_offset, updated_at = now()
        WHERE consumer_positions.last_offset < EXCLUDED.last_offset
    )
    INSERT INTO processed_events (consumer, event_id)
    SELECT $1, e.id
    FROM unnest($2::uuid[], $3::text[], $4::integer[], $5::bigint[]) AS e(id, t, p, o)
    LEFT JOIN recorded r ON r.topic = e.t AND r.partition = e.p
    WHERE r.last_offset IS NULL OR e.o > r.last_offset
    ON CONFLICT DO NOTHING
    RETURNING event_id
"""
_RECORD_POSITION = text(
    """
    INSERT INTO consumer_positions (consumer, topic, partition, last_offset)
    VALUES (:consumer, :topic, :partition, :offset)
    ON CONFLICT (consumer, topic, partition) DO UPDATE
    SET last_offset = EXCLUDED.last_offset, updated_at = now()
    WHERE consumer_positions.last_offset < EXCLUDED.last_offset
    """
)


def is_infrastructure_error(error: BaseException) -> bool:
    """True when the database (not the message) is at fault: retry, never dead-letter."""
    if isinstance(
        error,
        OperationalError
        | InterfaceError
        | OSError
        | asyncpg.PostgresConnectionError
        | asyncpg.InterfaceError,
    ):
        return True
    if isinstance(error, DBAPIError) and error.connection_invalidated:
        return True
    return isinstance(error, asyncpg.exceptions.CannotConnectNowError)


def decode(message: ConsumerRecord[bytes, bytes]) -> tuple[EventEnvelope, DomainEvent] | None:
    """Envelope and typed event; ``None`` for an event type this build does not know."""
    try:
        envelope = from_kafka_record(message.key, message.value, message.headers)
    except InvalidEnvelope as error:
        raise PoisonMessage(f"sobre CloudEvents inválido: {error}") from error
    try:
        return envelope, from_envelope(envelope)
    except UnknownEventType:
        return None
    except InvalidEventData as error:
        # The codec's message names the bad fields, never their (personal) values.
        raise PoisonMessage(str(error)) from error


@dataclass
class _Lectura:
    """One poll: each partition's messages with their events (``None``: an unknown type or
    a poison message), and the poison messages with their error."""

    lote: dict[TopicPartition, list[Decoded]] = field(default_factory=dict)
    venenos: list[tuple[Message, PoisonMessage]] = field(default_factory=list)


def _decode(
    messages: Sequence[Message], venenos: list[tuple[Message, PoisonMessage]]
) -> list[Decoded]:
    decoded: list[Decoded] = []
    for message in messages:
        try:
            pair = decode(message)
        except PoisonMessage as error:
            venenos.append((message, error))
            decoded.append((message, None))
            continue
        consumed = None
        if pair is not None:
            consumed = ConsumedEvent(
                pair[0], pair[1], message.topic, message.partition, message.offset
            )
        decoded.append((message, consumed))
    return decoded


class _SeekToRecordedPositions(ConsumerRebalanceListener):  # type: ignore[misc]
    """On every assignment, the database position decides where reading resumes."""

    def __init__(self, owner: ExactlyOnceConsumer) -> None:
        self.owner = owner

    async def on_partitions_revoked(self, revoked: Iterable[TopicPartition]) -> None:
        return None

    async def on_partitions_assigned(self, assigned: Iterable[TopicPartition]) -> None:
        await self.owner.seek_to_recorded_positions(list(assigned))


class ExactlyOnceConsumer:
    def __init__(
        self,
        *,
        projection: Projection,
        engine: AsyncEngine,
        bootstrap_servers: str,
        max_attempts: int = 5,
        base_backoff_seconds: float = 0.1,
        max_backoff_seconds: float = 5.0,
        batch_size: int = 500,
        group_id: str | None = None,
        instance_id: str | None = None,
    ) -> None:
        """``instance_id``: this process's static membership of the group (see
        ``eps_runtime.kafka.group_instance_id``); ``None`` joins it dynamically."""
        self.projection = projection
        self.name = projection.name
        self.engine = engine
        self.bootstrap_servers = bootstrap_servers
        self.max_attempts = max_attempts
        self.base_backoff_seconds = base_backoff_seconds
        self.max_backoff_seconds = max_backoff_seconds
        self.batch_size = batch_size
        self.group_id = group_id or projection.name
        self.instance_id = instance_id
        self._consumer: AIOKafkaConsumer | None = None
        self._dlq: AIOKafkaProducer | None = None
        self._tracer = tracer("eps.consumer")
        self.applied = 0
        self.dead_lettered = 0
        self.positions: dict[TopicPartition, int] = {}
        self.ready = asyncio.Event()
        self._group_mode = True
        self._ahead: asyncio.Future[_Lectura] | None = None

    # -- lifecycle ---------------------------------------------------------------------------

    async def run(self, stop: asyncio.Event) -> None:
        """Consumes as a member of the group until ``stop``; finishes the batch in hand."""
        consumer = create_consumer(
            self.bootstrap_servers,
            self.group_id,
            max_poll_records=self.batch_size,
            **membership_settings(self.instance_id),
        )
        consumer.subscribe(list(self.projection.topics), listener=_SeekToRecordedPositions(self))
        await self._start(consumer)
        try:
            while not stop.is_set():
                await self.poll_once(timeout_ms=500)
        finally:
            await self.close()

    async def run_until_caught_up(self, on_progress: Callable[[int], None] | None = None) -> int:
        """Reads every partition of the projection's topics (no group) up to the end offsets
        seen at start, from the recorded positions; returns how many messages it read."""
        consumer = create_consumer(self.bootstrap_servers, None, max_poll_records=self.batch_size)
        self._group_mode = False
        await self._start(consumer)
        try:
            partitions = await topic_partitions(self.bootstrap_servers, self.projection.topics)
            consumer.assign(partitions)
            await self.seek_to_recorded_positions(partitions)
            ends = await consumer.end_offsets(partitions)
            read = 0
            while any(self.positions.get(tp, -1) < ends[tp] - 1 for tp in partitions):
                handled = await self.poll_once(timeout_ms=1000)
                read += handled
                if on_progress is not None and handled:
                    on_progress(handled)
            return read
        finally:
            await self.close()

    async def messages_to_catch_up(self) -> int:
        """How many messages a rebuild will read (for a progress bar's total)."""
        consumer = create_consumer(self.bootstrap_servers, None)
        await consumer.start()
        try:
            partitions = await topic_partitions(self.bootstrap_servers, self.projection.topics)
            consumer.assign(partitions)  # stopping an unassigned consumer raises in aiokafka
            begins = await consumer.beginning_offsets(partitions)
            ends = await consumer.end_offsets(partitions)
            return sum(ends[tp] - begins[tp] for tp in partitions)
        finally:
            await consumer.stop()

    async def _start(self, consumer: AIOKafkaConsumer) -> None:
        self._consumer = consumer
        await consumer.start()
        self._dlq = create_producer(self.bootstrap_servers)
        await self._dlq.start()

    async def close(self) -> None:
        """Leaves the group and closes the clients, within ``CLOSE_TIMEOUT_S`` each: a broker
        that never answers the leave request must not keep a stopping process alive. Nothing
        is lost by giving up: offsets are only ever committed after their effects, and the
        next member resumes from the database positions."""
        if self._ahead is not None:
            # Never committed: the next member (or run) reads these again from the positions.
            self._ahead.cancel()
            with contextlib.suppress(BaseException):
                await self._ahead
            self._ahead = None
        consumer, dlq = self._consumer, self._dlq
        self._consumer = self._dlq = None
        for client in (consumer, dlq):
            if client is None:
                continue
            try:
                async with asyncio.timeout(CLOSE_TIMEOUT_S):
                    await client.stop()
            except TimeoutError:
                log.warning("kafka_client_close_timed_out", consumer=self.name)

    async def seek_to_recorded_positions(self, partitions: Sequence[TopicPartition]) -> None:
        assert self._consumer is not None
        async with self.engine.connect() as conn:
            for tp in partitions:
                recorded = (
                    await conn.execute(
                        _RECORDED_POSITION,
                        {"consumer": self.name, "topic": tp.topic, "partition": tp.partition},
                    )
                ).scalar_one_or_none()
                if recorded is None:
                    await self._consumer.seek_to_beginning(tp)
                    self.positions.pop(tp, None)
                else:
                    self._consumer.seek(tp, recorded + 1)
                    self.positions[tp] = recorded
        self.ready.set()

    async def poll_once(self, timeout_ms: int = 500) -> int:
        """Reads one poll, applies it in one transaction, then commits its offsets to Kafka."""
        assert self._consumer is not None
        if self._ahead is not None:
            ahead, self._ahead = self._ahead, None
            lectura = await ahead
        else:
            lectura = await self._read(timeout_ms)
        if not lectura.lote:
            return 0
        # The next poll is fetched and decoded while this one's transaction waits on the
        # database; it is only applied (and its offsets committed) after this one.
        self._ahead = asyncio.ensure_future(self._read(timeout_ms))
        await self._dead_letter_poison(lectura.venenos)
        await self._apply_with_retries(lectura.lote)
        offsets = {tp: decoded[-1][0].offset + 1 for tp, decoded in lectura.lote.items()}
        if self._group_mode:
            # One commit for every partition of the poll; the database positions are already
            # committed, so a failed offset commit only means re-reading what will be skipped.
            try:
                await self._consumer.commit(offsets)
            except Exception as error:
                log.warning("offset_commit_failed", error=repr(error))
        return sum(len(decoded) for decoded in lectura.lote.values())

    # -- processing --------------------------------------------------------------------------

    async def _read(self, timeout_ms: int) -> _Lectura:
        assert self._consumer is not None
        batches = await self._consumer.getmany(timeout_ms=timeout_ms, max_records=self.batch_size)
        lectura = _Lectura()
        for tp, messages in batches.items():
            if messages:
                lectura.lote[tp] = _decode(messages, lectura.venenos)
        return lectura

    async def _dead_letter_poison(self, venenos: Sequence[tuple[Message, PoisonMessage]]) -> None:
        """A poison message is in its DLQ (acknowledged) before the transaction that moves
        the position past it; a crash in between sends it there again, never loses it. One
        read again after a seek (a rebalance), already behind the position, is not."""
        for message, error in venenos:
            tp = TopicPartition(message.topic, message.partition)
            if message.offset > self.positions.get(tp, -1):
                await self._dead_letter(message, error, attempts=1)

    async def _apply_with_retries(self, lote: Mapping[TopicPartition, Sequence[Decoded]]) -> None:
        """The poll in one transaction; a database outage retries it whole, without limit; a
        failing event makes the poll go one event per transaction, so only it is retried
        and, in the end, dead-lettered."""
        delay = self.base_backoff_seconds
        while True:
            try:
                await self._apply_batch(lote)
                return
            except Exception as error:
                items = [(tp, item) for tp, decoded in lote.items() for item in decoded]
                if len(items) == 1:
                    await self._apply_one_with_retries(*items[0], first_error=error)
                    return
                if not is_infrastructure_error(error):
                    log.info("batch_failed_retrying_one_by_one", size=len(items), error=repr(error))
                    break
                log.warning("batch_retry", size=len(items), error=repr(error))
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_backoff_seconds)
        for tp, item in items:
            await self._apply_one_with_retries(tp, item, first_error=None)

    async def _apply_one_with_retries(
        self,
        tp: TopicPartition,
        item: tuple[ConsumerRecord[bytes, bytes], ConsumedEvent | None],
        first_error: BaseException | None,
    ) -> None:
        attempts = 0 if first_error is None else 1
        delay = self.base_backoff_seconds
        error: BaseException | None = first_error
        while True:
            if error is not None:
                if is_infrastructure_error(error):
                    attempts = min(attempts, self.max_attempts - 1)  # never dead-letter for it
                if attempts >= self.max_attempts:
                    await self._dead_letter(item[0], error, attempts=attempts)
                    await self._record_position_only(tp, item[0].offset)
                    return
                log.warning(
                    "event_retry",
                    topic=tp.topic,
                    partition=tp.partition,
                    offset=item[0].offset,
                    attempt=attempts,
                    error=repr(error),
                )
                await asyncio.sleep(delay)
                delay = min(delay * 2, self.max_backoff_seconds)
            try:
                await self._apply_batch({tp: [item]})
                return
            except Exception as next_error:
                error = next_error
                attempts += 1

    async def _apply_batch(self, lote: Mapping[TopicPartition, Sequence[Decoded]]) -> None:
        """One transaction: de-duplicate, apply, record ids and every partition's position."""
        last = {tp: decoded[-1][0].offset for tp, decoded in lote.items()}
        events = [
            c
            for decoded in lote.values()
            for _, c in decoded
            if c is not None and self.projection.handles(c.envelope.type)
        ]
        topics = [tp.topic for tp in last]
        with self._batch_span(sorted(set(topics)), events, sum(map(len, lote.values()))):
            async with self.engine.begin() as conn:
                driver = await driver_connection(conn)
                new_ids = {
                    row[0]
                    for row in await driver.fetch(
                        _DEDUPLICATE_AND_ADVANCE,
                        self.name,
                        [e.envelope.id for e in events],
                        [e.topic for e in events],
                        [e.partition for e in events],
                        [e.offset for e in events],
                        topics,
                        [tp.partition for tp in last],
                        list(last.values()),
                    )
                }
                to_apply: list[ConsumedEvent] = []
                for e in events:
                    if e.envelope.id in new_ids:
                        new_ids.discard(e.envelope.id)  # a second copy in the poll is skipped
                        to_apply.append(e)
                if to_apply:
                    await self.projection.apply(conn, to_apply)
                    # Inside the batch span: the line carries the first event's trace id.
                    log.info(
                        "events_applied",
                        consumer=self.name,
                        topics=sorted(set(topics)),
                        partitions=len(last),
                        count=len(to_apply),
                        event_id=str(to_apply[0].envelope.id),
                    )
        self.applied += len(to_apply)
        for tp, offset in last.items():
            self.positions[tp] = max(self.positions.get(tp, -1), offset)

    @contextmanager
    def _batch_span(
        self, topics: Sequence[str], events: Sequence[ConsumedEvent], size: int
    ) -> Iterator[None]:
        """The transaction's span continues the first event's trace; every other event's
        trace gets a span of its own for the same transaction, linked to it, so each
        request's trace reaches the consumer whatever batch its event landed in."""
        attributes: dict[str, AttributeValue] = {
            "messaging.system": "kafka",
            "messaging.consumer.group.name": self.name,
            "messaging.destination.name": ",".join(topics),
            "messaging.batch.message_count": size,
        }
        name = f"{','.join(topics)} process"
        first = events[0].envelope.traceparent if events else None
        started = time.time_ns()
        with self._tracer.start_as_current_span(
            name,
            context=context_from_traceparent(first),
            kind=SpanKind.CONSUMER,
            attributes=attributes,
        ) as batch_span:
            yield
        for consumed in events[1:]:
            traceparent = consumed.envelope.traceparent
            if traceparent and traceparent != first:
                span = self._tracer.start_span(
                    name,
                    context=context_from_traceparent(traceparent),
                    kind=SpanKind.CONSUMER,
                    links=[Link(batch_span.get_span_context())],
                    attributes={**attributes, "messaging.message.id": str(consumed.envelope.id)},
                    start_time=started,
                )
                span.end()

    async def _record_position_only(self, tp: TopicPartition, offset: int) -> None:
        while True:
            try:
                async with self.engine.begin() as conn:
                    await conn.execute(
                        _RECORD_POSITION,
                        {
                            "consumer": self.name,
                            "topic": tp.topic,
                            "partition": tp.partition,
                            "offset": offset,
                        },
                    )
                self.positions[tp] = max(self.positions.get(tp, -1), offset)
                return
            except Exception as error:
                log.warning("position_record_retry", error=repr(error))
                await asyncio.sleep(self.max_backoff_seconds)

    async def _dead_letter(
        self, message: ConsumerRecord[bytes, bytes], error: BaseException, *, attempts: int
    ) -> None:
        """Publishes the original message to ``<topic>.dlq`` and waits for the ack."""
        assert self._dlq is not None
        headers = [
            *[(k, v) for k, v in message.headers if not k.startswith("dlq_")],
            ("dlq_error", _error_text(error).encode()),
            ("dlq_error_type", type(error).__name__.encode()),
            ("dlq_original_topic", message.topic.encode()),
            ("dlq_original_partition", str(message.partition).encode()),
            ("dlq_original_offset", str(message.offset).encode()),
            ("dlq_consumer", self.name.encode()),
            ("dlq_attempts", str(attempts).encode()),
            ("dlq_failed_at", datetime.now(UTC).isoformat().encode()),
        ]
        await self._dlq.send_and_wait(
            dlq_topic(message.topic), value=message.value, key=message.key, headers=headers
        )
        self.dead_lettered += 1
        log.error(
            "event_dead_lettered",
            topic=message.topic,
            partition=message.partition,
            offset=message.offset,
            consumer=self.name,
            error_type=type(error).__name__,
        )

    def lag(self) -> dict[str, int]:
        """Messages behind the high watermark, per ``topic:partition`` (for /readyz, metrics)."""
        if self._consumer is None:
            return {}
        result: dict[str, int] = {}
        for tp in self._consumer.assignment():
            high = self._consumer.highwater(tp)
            if high is None:
                continue
            result[f"{tp.topic}:{tp.partition}"] = max(0, high - 1 - self.positions.get(tp, -1))
        return result


def _error_text(error: BaseException) -> str:
    text_ = "".join(traceback.format_exception_only(type(error), error)).strip()
    return text_[:2000]


Acompanante = Callable[[AsyncEngine, Sequence[ExactlyOnceConsumer], asyncio.Event], Awaitable[None]]
"""Work a consumer process does beside its consumers until ``stop`` (recording their lag,
say), given the process's engine and consumers."""


async def run_service_consumers(
    settings: ServiceSettings,
    projections: Sequence[Projection],
    stop: asyncio.Event,
    *,
    acompanantes: Sequence[Acompanante] = (),
) -> None:
    """What every service's ``python -m <service>.entrypoints.consumer`` does: waits for the
    projections' topics, then runs one ``ExactlyOnceConsumer`` per projection (consumer
    groups carry the topic prefix, so environments sharing a cluster never share a group)
    and the ``acompanantes`` until ``stop``, each consumer finishing the batch in hand.
    With ``EPS_INSTANCIA`` set, each consumer is a static member of its group, so this
    process restarted after a crash resumes its partitions at once."""
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        [topic for projection in projections for topic in projection.topics],
        prefix=settings.topic_prefix,
        stop=stop,
    )
    engine = create_engine(settings.database_url)
    consumers = [
        ExactlyOnceConsumer(
            projection=projection,
            engine=engine,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            max_attempts=settings.consumer_max_attempts,
            batch_size=settings.consumer_batch_size,
            group_id=settings.topic_prefix + projection.name,
            instance_id=group_instance_id(settings.topic_prefix + projection.name),
        )
        for projection in projections
    ]
    log.info("consumer_started", projections=[p.name for p in projections])
    try:
        if not stop.is_set():
            await asyncio.gather(
                *(consumer.run(stop) for consumer in consumers),
                *(acompanante(engine, consumers, stop) for acompanante in acompanantes),
            )
    finally:
        await engine.dispose()
    for consumer in consumers:
        log.info(
            "consumer_stopped",
            projection=consumer.projection.name,
            applied=consumer.applied,
            dead_lettered=consumer.dead_lettered,
        )
