"""``python -m pqrs.entrypoints.relay``: publishes the service's outbox to Kafka.

The runtime's ``run_service_relay``: the service's topics first, then the outbox relay until
SIGTERM/SIGINT, finishing the batch in hand.
"""

import asyncio

from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay
from pqrs.settings import PqrsSettings


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(PqrsSettings(), stop)


if __name__ == "__main__":
    run_worker(main)
