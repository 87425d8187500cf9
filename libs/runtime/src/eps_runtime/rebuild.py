"""Rebuilds a projection from the beginning of its topics, showing progress.

The projection's tables, its processed-event records and its positions are emptied in one
transaction, then every partition is read from the start through the same exactly-once
path the live consumer uses, so the result equals the live one. Stop the live consumer of
the projection first (its database positions are reset here; it would resume from them).
"""

from __future__ import annotations

import asyncio
import sys

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine
from tqdm import tqdm

from eps_runtime.consumer import ExactlyOnceConsumer, Projection
from eps_runtime.db import create_engine
from eps_runtime.logging import get_logger
from eps_runtime.settings import ServiceSettings
from eps_runtime.topics import ensure_topics_until_ready

log = get_logger(__name__)


async def reset_projection(engine: AsyncEngine, projection: Projection) -> None:
    async with engine.begin() as conn:
        await projection.reset(conn)
        await conn.execute(
            text("DELETE FROM consumer_positions WHERE consumer = :c"), {"c": projection.name}
        )
        await conn.execute(
            text("DELETE FROM processed_events WHERE consumer = :c"), {"c": projection.name}
        )


async def rebuild_projection(
    engine: AsyncEngine, projection: Projection, bootstrap_servers: str, *, progress: bool = True
) -> int:
    """Empties and replays ``projection``; returns the number of messages read."""
    consumer = ExactlyOnceConsumer(
        projection=projection, engine=engine, bootstrap_servers=bootstrap_servers
    )
    total = await consumer.messages_to_catch_up()
    await reset_projection(engine, projection)
    log.info("rebuild_started", projection=projection.name, messages=total)
    with tqdm(
        total=total,
        unit="evt",
        desc=f"rebuild {projection.name}",
        file=sys.stderr,
        disable=not progress,
    ) as bar:
        read = await consumer.run_until_caught_up(on_progress=bar.update)
    log.info(
        "rebuild_finished",
        projection=projection.name,
        messages=read,
        applied=consumer.applied,
        dead_lettered=consumer.dead_lettered,
    )
    return read


async def rebuild_service_projection(
    settings: ServiceSettings, projection: Projection, *, progress: bool = True
) -> int:
    """A service's rebuild command: waits for the projection's topics, rebuilds it on the
    service's database (``rebuild_projection``) and returns how many messages were read."""
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        projection.topics,
        prefix=settings.topic_prefix,
        stop=asyncio.Event(),
    )
    engine = create_engine(settings.database_url)
    try:
        return await rebuild_projection(
            engine, projection, settings.kafka_bootstrap_servers, progress=progress
        )
    finally:
        await engine.dispose()
