"""``python -m identity.entrypoints.consumer``: keeps ``afiliados_validables`` up to date.

Runs the runtime's ``ExactlyOnceConsumer`` with ``AfiliadosValidablesProjection`` until
SIGTERM/SIGINT, finishing the batch in hand. The consumer group carries the topic prefix,
so environments sharing a Kafka cluster never share a group.
"""

import asyncio

from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.topics import ensure_topics_until_ready
from eps_runtime.tracing import configure_tracing
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.settings import IdentitySettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = IdentitySettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    projection = AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix)
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        projection.topics,
        prefix=settings.topic_prefix,
        stop=stop,
    )
    engine = create_engine(settings.database_url)
    consumer = ExactlyOnceConsumer(
        projection=projection,
        engine=engine,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        max_attempts=settings.consumer_max_attempts,
        batch_size=settings.consumer_batch_size,
        group_id=settings.topic_prefix + projection.name,
    )
    log.info("consumer_started", projection=projection.name, topics=list(projection.topics))
    try:
        if not stop.is_set():
            await consumer.run(stop)
    finally:
        await engine.dispose()
    log.info("consumer_stopped", applied=consumer.applied, dead_lettered=consumer.dead_lettered)


if __name__ == "__main__":
    run_worker(main)
