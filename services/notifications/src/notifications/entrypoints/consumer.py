"""``python -m notifications.entrypoints.consumer``: records the e-mails identity's events cause.

Runs one ``ExactlyOnceConsumer`` per subscription of the catalog (``eps.identity.usuarios``
and ``eps.identity.empleadores``, each with its own consumer group) until SIGTERM/SIGINT.
Each writes pending rows into ``envios``; the sender worker
(``python -m notifications.entrypoints.enviador``) delivers them.
"""

import asyncio

from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.topics import ensure_topics_until_ready
from eps_runtime.tracing import configure_tracing
from notifications.adapters.envios_projection import proyecciones
from notifications.settings import NotificationsSettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = NotificationsSettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    todas = proyecciones(EnlacesSettings().clave, settings.topic_prefix)
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        [t for p in todas for t in p.topics],
        prefix=settings.topic_prefix,
        stop=stop,
    )
    engine = create_engine(settings.database_url)
    consumidores = [
        ExactlyOnceConsumer(
            projection=p,
            engine=engine,
            bootstrap_servers=settings.kafka_bootstrap_servers,
            max_attempts=settings.consumer_max_attempts,
            batch_size=settings.consumer_batch_size,
            group_id=settings.topic_prefix + p.name,
        )
        for p in todas
    ]
    log.info("consumer_started", projections=[p.name for p in todas])
    try:
        if not stop.is_set():
            await asyncio.gather(*(c.run(stop) for c in consumidores))
    finally:
        await engine.dispose()
    log.info(
        "consumer_stopped",
        applied=sum(c.applied for c in consumidores),
        dead_lettered=sum(c.dead_lettered for c in consumidores),
    )


if __name__ == "__main__":
    run_worker(main)
