"""``python -m authorizations.entrypoints.relay``: publishes the service's outbox to Kafka."""

import asyncio

from authorizations.settings import AuthorizationsSettings
from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(AuthorizationsSettings(), stop)


if __name__ == "__main__":
    run_worker(main)
