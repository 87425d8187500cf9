"""Creating a service's topics (and their dead-letter topics) before it uses them.

Creating them with the catalog's partition count keeps a broker's automatic topic creation
from making them first with its own defaults.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterable

from eps_contracts.catalog import TOPICS, dlq_topic, topic_named
from eps_runtime.kafka import ensure_topics
from eps_runtime.logging import get_logger

log = get_logger(__name__)


def owned_topics(service: str, prefix: str = "") -> tuple[str, ...]:
    """Physical names of the topics ``service`` publishes."""
    return tuple(prefix + topic.name for topic in TOPICS if topic.owner == service)


async def ensure_topics_until_ready(
    bootstrap_servers: str, physical_topics: Iterable[str], *, prefix: str, stop: asyncio.Event
) -> None:
    """Creates each topic and its ``.dlq`` (idempotent), retrying while Kafka is down.

    ``physical_topics`` carry ``prefix`` in front of their catalog names.
    """
    wait = 0.5
    while not stop.is_set():
        try:
            for physical in physical_topics:
                partitions = topic_named(physical.removeprefix(prefix)).partitions
                await ensure_topics(
                    bootstrap_servers, [physical, dlq_topic(physical)], partitions=partitions
                )
            return
        except Exception as error:
            log.warning("topics_not_ready", error=repr(error), retry_seconds=wait)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=wait)
            wait = min(wait * 2, 10.0)
