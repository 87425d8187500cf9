"""``python -m billing.entrypoints.relay``: publishes the service's outbox to Kafka
(``run_service_relay``: the service's topics first, then the relay until SIGTERM/SIGINT)."""

import asyncio

from billing.settings import BillingSettings
from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(BillingSettings(), stop)


if __name__ == "__main__":
    run_worker(main)
