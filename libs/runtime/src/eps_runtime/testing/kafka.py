"""Reading what reached Kafka, for assertions."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable

from aiokafka import AIOKafkaConsumer, ConsumerRecord

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
