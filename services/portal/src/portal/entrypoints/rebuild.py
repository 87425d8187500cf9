"""``python -m portal.entrypoints.rebuild``: rebuilds the dashboard read model.

Stop the live consumer first (the runtime resets the projection's positions). Empties
``tablero_personas`` and ``tablero_grupos`` (and each domain section's tables) and replays
their topics from the beginning through the same exactly-once path, with a progress bar on
stderr: the result is the one the live consumer reaches.
"""

import argparse
import asyncio
import sys

from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_service_projection
from portal.entrypoints.consumer import proyecciones
from portal.settings import PortalSettings


async def reconstruir(settings: PortalSettings, *, progreso: bool = True) -> int:
    """Rebuilds the dashboard and every domain section; returns how many messages were read."""
    leidos = 0
    for projection in proyecciones(settings):
        leidos += await rebuild_service_projection(settings, projection, progress=progreso)
    return leidos


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    settings = PortalSettings()
    configure_logging(settings.service_name, settings.log_level)
    leidos = asyncio.run(reconstruir(settings))
    print(f"tablero reconstruido: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
