"""Time stamps of a command's milestones: published on Kafka, visible in a read model.

A watcher is told which document numbers to expect (before the command is sent, so a fast
pipeline is not missed) and resolves each one's future with the ``time.perf_counter()`` at
which it first saw it.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Iterable

import asyncpg
from aiokafka import TopicPartition

from bench.common import plain_dsn
from eps_runtime.kafka import create_consumer


class _Watcher:
    def __init__(self) -> None:
        self._pending: dict[str, asyncio.Future[float]] = {}
        self._task: asyncio.Task[None] | None = None

    def expect(self, key: str) -> asyncio.Future[float]:
        future: asyncio.Future[float] = asyncio.get_running_loop().create_future()
        self._pending[key] = future
        return future

    def forget(self, key: str) -> None:
        self._pending.pop(key, None)

    def _seen(self, keys: Iterable[str], at: float) -> None:
        for key in keys:
            future = self._pending.pop(key, None)
            if future is not None and not future.done():
                future.set_result(at)

    async def _stop_task(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task


class ReadModelWatcher(_Watcher):
    """Polls ``table`` every ``interval`` seconds for the expected CC document numbers."""

    def __init__(self, database_url: str, table: str, interval: float) -> None:
        super().__init__()
        self.database_url = database_url
        self.interval = interval
        # (tipo_documento, numero_documento) is the read model's unique key: indexed.
        self.query = (
            f"SELECT numero_documento FROM {table} "
            "WHERE tipo_documento = 'CC' AND numero_documento = ANY($1::text[])"
        )
        self._conn: asyncpg.Connection | None = None

    async def __aenter__(self) -> ReadModelWatcher:
        self._conn = await asyncpg.connect(plain_dsn(self.database_url))
        self._task = asyncio.create_task(self._poll(self._conn))
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._stop_task()
        if self._conn is not None:
            await self._conn.close()

    async def _poll(self, conn: asyncpg.Connection) -> None:
        while True:
            if self._pending:
                rows = await conn.fetch(self.query, list(self._pending))
                self._seen((row["numero_documento"] for row in rows), time.perf_counter())
            await asyncio.sleep(self.interval)


class KafkaWatcher(_Watcher):
    """Reads ``topic`` from its end; a record counts by its payload's ``numero_documento``."""

    def __init__(self, kafka: str, topic: str, partitions: int) -> None:
        super().__init__()
        self.consumer = create_consumer(kafka, None)
        self.partitions = [TopicPartition(topic, p) for p in range(partitions)]

    async def __aenter__(self) -> KafkaWatcher:
        await self.consumer.start()
        self.consumer.assign(self.partitions)
        await self.consumer.seek_to_end(*self.partitions)
        for tp in self.partitions:
            await self.consumer.position(tp)  # resolve the end before anything new arrives
        self._task = asyncio.create_task(self._read())
        return self

    async def __aexit__(self, *_: object) -> None:
        await self._stop_task()
        await self.consumer.stop()

    async def _read(self) -> None:
        while True:
            batches = await self.consumer.getmany(timeout_ms=500)
            now = time.perf_counter()
            self._seen(
                (
                    json.loads(m.value)["numero_documento"]
                    for messages in batches.values()
                    for m in messages
                    if m.value
                ),
                now,
            )
