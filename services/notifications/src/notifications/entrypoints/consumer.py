"""``python -m notifications.entrypoints.consumer``: records the e-mails identity's events cause.

Runs one ``ExactlyOnceConsumer`` per subscription of the catalog (``eps.identity.usuarios``
and ``eps.identity.empleadores``, each with its own consumer group) until SIGTERM/SIGINT.
Each writes pending rows into ``envios``; the sender worker
(``python -m notifications.entrypoints.enviador``) delivers them.
"""

import asyncio

from eps_runtime.consumer import run_service_consumers
from eps_runtime.enlaces import EnlacesSettings
from eps_runtime.process import run_worker
from notifications.adapters.envios_projection import proyecciones
from notifications.settings import NotificationsSettings


async def main(stop: asyncio.Event) -> None:
    settings = NotificationsSettings()
    todas = proyecciones(EnlacesSettings().clave, settings.topic_prefix)
    await run_service_consumers(settings, todas, stop)


if __name__ == "__main__":
    run_worker(main)
