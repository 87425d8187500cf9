"""The topics identity reads, created before subscribing (idempotent; waits for Kafka).

Creating them here, with the catalog's partition count, keeps a broker's automatic topic
creation from making them first with its own defaults; the dead-letter topics too.
"""

import asyncio

from eps_contracts.catalog import dlq_topic, topic_named
from eps_runtime.kafka import ensure_topics
from eps_runtime.logging import get_logger

log = get_logger(__name__)


async def asegurar_topicos(
    bootstrap_servers: str, topicos: tuple[str, ...], prefijo: str, stop: asyncio.Event
) -> None:
    """``topicos`` are physical names (``prefijo`` + catalog name)."""
    espera = 0.5
    while not stop.is_set():
        try:
            for fisico in topicos:
                particiones = topic_named(fisico.removeprefix(prefijo)).partitions
                await ensure_topics(
                    bootstrap_servers, [fisico, dlq_topic(fisico)], partitions=particiones
                )
            return
        except Exception as error:
            log.warning("topics_not_ready", error=repr(error), retry_seconds=espera)
            try:
                await asyncio.wait_for(stop.wait(), timeout=espera)
            except TimeoutError:
                espera = min(espera * 2, 10.0)
