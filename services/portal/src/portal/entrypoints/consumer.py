"""``python -m portal.entrypoints.consumer``: keeps the dashboard read model up to date.

Runs the ``ExactlyOnceConsumer`` of ``TableroProjection`` until SIGTERM/SIGINT, finishing
the batch in hand, and records its lag every ``LAG_CADA_S`` seconds (``retraso_proyeccion``,
shown by the API at /readyz and /metrics, and logged). The consumer group carries the topic
prefix, so environments sharing a Kafka cluster never share a group.
"""

import asyncio

from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.topics import ensure_topics_until_ready
from eps_runtime.tracing import configure_tracing
from portal.adapters.tablero_projection import TableroProjection
from portal.adapters.tablero_retraso import medir_retraso_cada
from portal.settings import PortalSettings

log = get_logger(__name__)

LAG_CADA_S = 5.0


async def main(stop: asyncio.Event, settings: PortalSettings | None = None) -> None:
    settings = settings or PortalSettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    projection = TableroProjection(topic_prefix=settings.topic_prefix)
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
    log.info("consumer_started", projections=[projection.name])
    try:
        if not stop.is_set():
            await asyncio.gather(
                consumer.run(stop),
                medir_retraso_cada(engine, projection.name, consumer.lag, stop, cada_s=LAG_CADA_S),
            )
    finally:
        await engine.dispose()
    log.info(
        "consumer_stopped",
        projection=projection.name,
        applied=consumer.applied,
        dead_lettered=consumer.dead_lettered,
    )


if __name__ == "__main__":
    run_worker(main)
