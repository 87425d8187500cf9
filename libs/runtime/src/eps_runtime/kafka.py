"""Kafka clients with the settings our guarantees depend on, and topic administration."""

from __future__ import annotations

import contextlib
from collections.abc import Iterable
from typing import Any

from aiokafka import AIOKafkaConsumer, AIOKafkaProducer, ConsumerRecord, TopicPartition
from aiokafka.admin import AIOKafkaAdminClient, NewTopic
from aiokafka.errors import TopicAlreadyExistsError

# aiokafka defaults to acks=1 without idempotence: a broker failover could lose or duplicate.
PRODUCER_SETTINGS: dict[str, Any] = {
    "acks": "all",
    "enable_idempotence": True,
    "linger_ms": 2,
    "request_timeout_ms": 15_000,
}


def create_producer(bootstrap_servers: str, **overrides: Any) -> AIOKafkaProducer:
    return AIOKafkaProducer(
        bootstrap_servers=bootstrap_servers, **{**PRODUCER_SETTINGS, **overrides}
    )


def create_consumer(
    bootstrap_servers: str, group_id: str | None, **overrides: Any
) -> AIOKafkaConsumer:
    """A consumer that never commits by itself: offsets move only after processing."""
    settings: dict[str, Any] = {
        "group_id": group_id,
        "enable_auto_commit": False,
        "auto_offset_reset": "earliest",
        "isolation_level": "read_committed",
        "max_poll_records": 500,
    }
    settings.update(overrides)
    return AIOKafkaConsumer(bootstrap_servers=bootstrap_servers, **settings)


async def ensure_topics(
    bootstrap_servers: str,
    topics: Iterable[str],
    *,
    partitions: int = 3,
    replication_factor: int = 1,
) -> None:
    """Creates the topics that do not exist yet (idempotent)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        existing = set(await admin.list_topics())
        missing = [
            NewTopic(name=name, num_partitions=partitions, replication_factor=replication_factor)
            for name in topics
            if name not in existing
        ]
        if missing:
            # Another process may create one between our list and our create.
            with contextlib.suppress(TopicAlreadyExistsError):
                await admin.create_topics(missing)
    finally:
        await admin.close()


async def topic_partitions(bootstrap_servers: str, topics: Iterable[str]) -> list[TopicPartition]:
    """Every partition of ``topics`` that exist, in (topic, partition) order."""
    admin = AIOKafkaAdminClient(bootstrap_servers=bootstrap_servers)
    await admin.start()
    try:
        described = await admin.describe_topics(list(topics))
    finally:
        await admin.close()
    return sorted(
        (
            TopicPartition(topic["topic"], partition["partition"])
            for topic in described
            if topic["error_code"] == 0
            for partition in topic["partitions"]
        ),
        key=lambda tp: (tp.topic, tp.partition),
    )


def header(record: ConsumerRecord[bytes, bytes], name: str) -> str | None:
    """The value of a record's header ``name`` (the first one), decoded as UTF-8."""
    for key, value in record.headers:
        if key == name:
            return bytes(value).decode()
    return None
