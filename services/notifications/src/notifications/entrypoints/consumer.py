"""``python -m notifications.entrypoints.consumer``: keeps the contacts directory and records
the e-mails events cause.

Runs one ``ExactlyOnceConsumer`` per subscription of
``eps_contracts.suscripciones.notifications`` (the directory's affiliation topics and every
topic of ``CORREOS``, each with its own consumer group) until SIGTERM/SIGINT. The e-mails'
consumers write rows into ``envios``; the sender worker
(``python -m notifications.entrypoints.enviador``) delivers the pending ones.
"""

import asyncio

from eps_runtime.consumer import run_service_consumers
from eps_runtime.process import run_worker
from notifications.bootstrap import bootstrap


async def main(stop: asyncio.Event) -> None:
    notificaciones = bootstrap()
    await run_service_consumers(notificaciones.settings, notificaciones.proyecciones(), stop)


if __name__ == "__main__":
    run_worker(main)
