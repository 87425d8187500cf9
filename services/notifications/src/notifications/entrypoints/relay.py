"""``python -m notifications.entrypoints.relay``: publishes ``NotificacionEnviada`` to Kafka.

Creates the service's topics first (idempotent; retried while Kafka is down), then runs the
runtime's ``OutboxRelay`` until SIGTERM/SIGINT, finishing the batch in hand.
"""

import asyncio

from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from eps_runtime.relay import OutboxRelay
from eps_runtime.topics import ensure_topics_until_ready, owned_topics
from eps_runtime.tracing import configure_tracing
from notifications.settings import NotificationsSettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = NotificationsSettings()
    configure_logging(settings.service_name, settings.log_level)
    configure_tracing(settings.service_name)
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        owned_topics(settings.service_name, settings.topic_prefix),
        prefix=settings.topic_prefix,
        stop=stop,
    )
    relay = OutboxRelay(
        service=settings.service_name,
        database_url=settings.database_url,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        topic_prefix=settings.topic_prefix,
        batch_size=settings.relay_batch_size,
        poll_seconds=settings.relay_poll_seconds,
    )
    log.info("relay_started", topic_prefix=settings.topic_prefix)
    await relay.run(stop)
    log.info("relay_stopped", published=relay.published)


if __name__ == "__main__":
    run_worker(main)
