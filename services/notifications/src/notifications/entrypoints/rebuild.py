"""``python -m notifications.entrypoints.rebuild [directorio|correos]``: replays the topics.

``directorio`` (the default) empties the contacts directory and rebuilds it from the
beginning of affiliation's topics; e-mails that were waiting for a person are completed as
the rebuild reaches them. ``correos`` replays every e-mail topic from the beginning: it
re-creates no e-mail (one per event and template), it only proves it. Stop the live
consumer first (the runtime resets the projections' positions). Progress bars on stderr.
"""

import argparse
import asyncio
import sys

from eps_runtime.consumer import Projection
from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_service_projection
from notifications.bootstrap import Notificaciones, bootstrap


def _proyecciones(notificaciones: Notificaciones, vista: str) -> list[Projection]:
    if vista == "directorio":
        return list(notificaciones.proyecciones_directorio())
    return list(notificaciones.proyecciones_correos())


async def reconstruir(
    notificaciones: Notificaciones, *, vista: str = "directorio", progreso: bool = True
) -> int:
    """Returns how many messages were read."""
    leidos = 0
    for proyeccion in _proyecciones(notificaciones, vista):
        leidos += await rebuild_service_projection(
            notificaciones.settings, proyeccion, progress=progreso
        )
    return leidos


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vista", nargs="?", choices=("directorio", "correos"), default="directorio")
    vista = parser.parse_args(argv).vista
    notificaciones = bootstrap()
    configure_logging(notificaciones.settings.service_name, notificaciones.settings.log_level)
    leidos = asyncio.run(reconstruir(notificaciones, vista=vista))
    print(f"{vista} reconstruido: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
