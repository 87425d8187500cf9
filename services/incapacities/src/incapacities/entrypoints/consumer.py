"""``python -m incapacities.entrypoints.consumer``: keeps the read model of affiliation's
affiliates and billing's contributions and arrears (what validation reads)."""

import asyncio

from eps_runtime.consumer import run_service_consumers
from eps_runtime.process import run_worker
from incapacities.adapters.proyecciones import proyecciones
from incapacities.settings import IncapacitiesSettings


async def main(stop: asyncio.Event) -> None:
    settings = IncapacitiesSettings()
    await run_service_consumers(settings, proyecciones(settings.topic_prefix), stop)


if __name__ == "__main__":
    run_worker(main)
