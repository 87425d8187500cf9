"""Kafka clients with the settings our guarantees depend on, and topic administration."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable, Mapping
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


INSTANCIA_ENV = "EPS_INSTANCIA"
"""The variable naming this process among the replicas of its kind, stable across restarts
(``affiliation-consumer-0``; in Kubernetes, the pod's name)."""

STATIC_SESSION_TIMEOUT_MS = 30_000
"""How long the broker keeps a silent static member's partitions for it. A process that comes
back with its instance id within it resumes them at once; only a process gone for longer
hands them to the others."""

STATIC_HEARTBEAT_INTERVAL_MS = 1_000


def group_instance_id(group_id: str, env: Mapping[str, str] = os.environ) -> str | None:
    """``<group>@<instancia>``: this process's static identity in ``group_id`` (KIP-345), or
    ``None`` without ``EPS_INSTANCIA`` (dynamic membership). One per group, so a process with
    several consumers is one static member of each of their groups."""
    instancia = env.get(INSTANCIA_ENV, "").strip()
    return f"{group_id}@{instancia}" if instancia else None


def membership_settings(instance_id: str | None) -> dict[str, Any]:
    """The consumer settings of a static member ``instance_id``; none for a dynamic one.

    A static member never sends LeaveGroup (aiokafka skips it), so a restarted process with
    the same id gets its partitions back without a rebalance, instead of waiting for its
    dead predecessor's session to expire. Heartbeats every second keep a live member's
    failures (a broker that moved the coordinator) noticed quickly."""
    if instance_id is None:
        return {}
    return {
        "group_instance_id": instance_id,
        "session_timeout_ms": STATIC_SESSION_TIMEOUT_MS,
        "heartbeat_interval_ms": STATIC_HEARTBEAT_INTERVAL_MS,
    }


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
