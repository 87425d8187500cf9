"""``python -m identity.entrypoints.consumer``: keeps identity's read models up to date.

Runs one ``ExactlyOnceConsumer`` per projection (``afiliados_validables`` from the
affiliates' topic, ``empleadores_conocidos`` from the employers' topic) until
SIGTERM/SIGINT, each finishing the batch in hand. Consumer groups carry the topic prefix,
so environments sharing a Kafka cluster never share a group.
"""

import asyncio

from eps_runtime.consumer import ExactlyOnceConsumer, Projection
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.topics import ensure_topics_until_ready
from eps_runtime.tracing import configure_tracing
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.settings import IdentitySettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = IdentitySettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    projections: list[Projection] = [
        AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix),
        EmpleadoresConocidosProjection(topic_prefix=settings.topic_prefix),
    ]
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        [topic for projection in projections for topic in projection.topics],
        prefix=settings.topic_prefix,
        stop=stop,
    )
    engine = create_engine(settings.database_url)
    consumers = [
        ExactlyOnceConsumer(
            projection=projection,
            engine=engine,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            max_attempts=settings.consumer_max_attempts,
            batch_size=settings.consumer_batch_size,
            group_id=settings.topic_prefix + projection.name,
        )
        for projection in projections
    ]
    log.info("consumer_started", projections=[p.name for p in projections])
    try:
        if not stop.is_set():
            await asyncio.gather(*(consumer.run(stop) for consumer in consumers))
    finally:
        await engine.dispose()
    for consumer in consumers:
        log.info(
            "consumer_stopped",
            projection=consumer.projection.name,
            applied=consumer.applied,
            dead_lettered=consumer.dead_lettered,
        )


if __name__ == "__main__":
    run_worker(main)
