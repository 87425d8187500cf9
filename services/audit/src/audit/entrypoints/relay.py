"""``python -m audit.entrypoints.relay``: publishes the service's outbox (its access records)."""

import asyncio

from audit.settings import AuditSettings
from eps_runtime.process import run_worker
from eps_runtime.relay import run_service_relay


async def main(stop: asyncio.Event) -> None:
    await run_service_relay(AuditSettings(), stop)


if __name__ == "__main__":
    run_worker(main)
