"""Publishing events as a relay would, and reading what reached Kafka, for tests."""

from __future__ import annotations

import asyncio
import contextlib
import time
import uuid
from collections.abc import Callable
from datetime import UTC, datetime

from aiokafka import AIOKafkaConsumer, ConsumerRecord

from eps_contracts.catalog import topic_for
from eps_contracts.codec import to_envelope
from eps_contracts.envelope import to_kafka_record
from eps_contracts.events import DomainEvent
from eps_runtime.kafka import create_producer, ensure_topics
from eps_runtime.kafka import header as header  # tests read headers as the runtime does


async def read_topic(
    bootstrap_servers: str,
    topic: str,
    *,
    until: Callable[[list[ConsumerRecord[bytes, bytes]]], bool],
    timeout: float = 30.0,
) -> list[ConsumerRecord[bytes, bytes]]:
    """Every record of ``topic`` from the beginning, read until ``until(records)`` holds.

    Raises ``TimeoutError`` with what was read when the condition is not met in time.
    """
    consumer = AIOKafkaConsumer(
        topic,
        bootstrap_servers=bootstrap_servers,
        group_id=None,
        auto_offset_reset="earliest",
        enable_auto_commit=False,
        metadata_max_age_ms=1000,
    )
    await consumer.start()
    records: list[ConsumerRecord[bytes, bytes]] = []
    deadline = time.monotonic() + timeout
    try:
        while not until(records):
            if time.monotonic() > deadline:
                raise TimeoutError(f"{len(records)} records read from {topic}, condition unmet")
            batches = await consumer.getmany(timeout_ms=300)
            for messages in batches.values():
                records.extend(messages)
            if not batches:
                await asyncio.sleep(0.05)
        return records
    finally:
        await consumer.stop()


class PublicadorEventos:
    """Publishes domain events as a service's relay would: CloudEvents in binary mode, key =
    aggregate id, on the catalog's topic for the event under ``topic_prefix`` (created on
    first use). ``await publicador(evento, version)`` returns the CloudEvents id; passing it
    again publishes the very same record twice. Use as ``async with``."""

    def __init__(self, bootstrap_servers: str, topic_prefix: str) -> None:
        self._bootstrap = bootstrap_servers
        self._prefix = topic_prefix
        self._productor = create_producer(bootstrap_servers)
        self._creados: set[str] = set()

    async def __aenter__(self) -> PublicadorEventos:
        await self._productor.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._productor.stop()

    async def __call__(
        self, evento: DomainEvent, version: int = 1, event_id: uuid.UUID | None = None
    ) -> uuid.UUID:
        topico = self._prefix + topic_for(type(evento)).name
        if topico not in self._creados:
            await ensure_topics(self._bootstrap, [topico])
            self._creados.add(topico)
        event_id = event_id or uuid.uuid4()
        registro = to_kafka_record(
            to_envelope(
                evento, event_id=event_id, time=datetime.now(UTC), aggregate_version=version
            )
        )
        await self._productor.send_and_wait(
            topico, value=registro.value, key=registro.key, headers=registro.headers
        )
        return event_id


async def delete_topics_with_prefix(bootstrap_servers: str, prefix: str) -> None:
    """Deletes every topic whose name starts with ``prefix`` (best effort: a broker that is
    down or slow only leaves them behind)."""
    from aiokafka.admin import AIOKafkaAdminClient

    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers, request_timeout_ms=10_000)
    try:
        await admin.start()
        nombres = [t for t in await admin.list_topics() if t.startswith(prefix)]
        if nombres:
            await admin.delete_topics(nombres, timeout_ms=10_000)
    except Exception:
        return
    finally:
        with contextlib.suppress(Exception):
            await admin.close()
