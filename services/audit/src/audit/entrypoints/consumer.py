"""``python -m audit.entrypoints.consumer``: the archive. One exactly-once consumer per topic
of the catalog (``eps_contracts.suscripciones.audit``), each appending what it reads to the
hash-chained archive, until SIGTERM/SIGINT."""

import asyncio

from audit.bootstrap import proyecciones
from audit.settings import AuditSettings
from eps_runtime.consumer import run_service_consumers
from eps_runtime.process import run_worker


async def main(stop: asyncio.Event) -> None:
    settings = AuditSettings()
    await run_service_consumers(settings, proyecciones(settings), stop)


if __name__ == "__main__":
    run_worker(main)
