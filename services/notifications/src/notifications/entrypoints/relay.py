"""``python -m notifications.entrypoints.relay``: publishes ``NotificacionEnviada`` to Kafka.

The runtime's ``run_service_relay``: the service's topics first, then the outbox relay until
SIGTERM/SIGINT, finishing the batch in hand.
"""

import asyncio

from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay
from notifications.bootstrap import bootstrap


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(bootstrap().settings, stop)


if __name__ == "__main__":
    run_worker(main)
