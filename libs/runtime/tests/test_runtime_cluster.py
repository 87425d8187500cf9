"""The relay on a three-broker cluster (RF 3, min ISR 2): a broker dies, nothing is lost."""

from __future__ import annotations

import asyncio
import subprocess
import uuid
from collections.abc import Iterator

import pytest
from aiokafka.admin import AIOKafkaAdminClient
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.catalog import topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.eventstore import EventStore
from eps_runtime.kafka import ensure_topics, header
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.events import afiliado_registrado
from eps_runtime.testing.infrastructure import Infrastructure, repo_root
from eps_runtime.testing.kafka import read_topic

pytestmark = pytest.mark.integration

KAFKA = str(repo_root() / "scripts" / "infra" / "kafka.sh")
CLUSTER = "127.0.0.1:29092,127.0.0.1:29094,127.0.0.1:29096"
store = EventStore()


def kafka_script(*args: str) -> None:
    subprocess.run(["bash", KAFKA, *args], check=True, capture_output=True, timeout=180)


@pytest.fixture(scope="module")
def cluster(infrastructure: Infrastructure) -> Iterator[str]:
    if infrastructure.origin != "local processes":
        pytest.skip("el clúster de tres brokers lo arrancan los scripts del proyecto")
    kafka_script("cluster-start")
    try:
        yield CLUSTER
    finally:
        kafka_script("cluster-stop")


async def partition_leaders(topic: str, timeout: float = 30.0) -> set[int]:
    """The leaders of the topic's partitions, once every broker's metadata has them (right
    after creation, a broker may still describe the topic without partitions)."""
    admin = AIOKafkaAdminClient(bootstrap_servers=CLUSTER)
    await admin.start()
    try:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            [described] = await admin.describe_topics([topic])
            leaders = {p["leader"] for p in described["partitions"] if p["leader"] >= 0}
            if leaders or asyncio.get_running_loop().time() > deadline:
                return leaders
            await asyncio.sleep(0.2)
    finally:
        await admin.close()


async def test_muere_el_broker_lider_y_el_relay_publica_todo_en_orden(
    engine: AsyncEngine, cluster: str, database_url: str, topic_prefix: str
) -> None:
    topic = topic_prefix + topic_for(AfiliadoRegistrado).name
    await ensure_topics(cluster, [topic], partitions=1, replication_factor=3)
    [leader] = await partition_leaders(topic)
    streams = [uuid.uuid4() for _ in range(3)]
    relay = OutboxRelay(
        service="affiliation",
        database_url=database_url,
        bootstrap_servers=cluster,
        topic_prefix=topic_prefix,
        poll_seconds=0.2,
        max_backoff_seconds=1.0,
    )
    stop = asyncio.Event()
    task = asyncio.create_task(relay.run(stop))

    async def append_round(version: int) -> None:
        for stream in streams:
            async with engine.begin() as conn:
                await store.append(
                    conn,
                    stream_id=stream,
                    stream_type="Afiliado",
                    expected_version=version,
                    events=[afiliado_registrado(stream)],
                )

    try:
        for version in range(5):
            await append_round(version)
        await read_topic(cluster, topic, until=lambda r: len(r) >= 15, timeout=60)
        kafka_script("cluster-kill", str(leader))
        try:
            for version in range(5, 10):
                await append_round(version)
            records = await read_topic(
                cluster,
                topic,
                until=lambda r: len({header(x, "ce_id") for x in r}) >= 30,
                timeout=120,
            )
        finally:
            kafka_script("cluster-restart-node", str(leader))
    finally:
        stop.set()
        await task
    versions: dict[bytes, list[int]] = {str(s).encode(): [] for s in streams}
    seen: set[str | None] = set()
    for record in records:
        if header(record, "ce_id") not in seen:
            seen.add(header(record, "ce_id"))
            versions[record.key].append(int(header(record, "ce_aggregateversion") or 0))
    assert all(v == list(range(1, 11)) for v in versions.values())
