"""``python -m incapacities.entrypoints.relay``: publishes the service's outbox to Kafka."""

import asyncio

from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay
from incapacities.settings import IncapacitiesSettings


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(IncapacitiesSettings(), stop)


if __name__ == "__main__":
    run_worker(main)
