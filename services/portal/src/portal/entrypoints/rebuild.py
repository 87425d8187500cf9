"""``python -m portal.entrypoints.rebuild``: rebuilds the dashboard read model.

Stop the live consumer first (the runtime resets the projection's positions). Empties
``tablero_personas`` and ``tablero_grupos`` and replays the affiliates' topic from the
beginning through the same exactly-once path, with a progress bar on stderr: the result is
the one the live consumer reaches.
"""

import argparse
import asyncio
import sys

from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_service_projection
from portal.adapters.tablero_projection import TableroProjection
from portal.settings import PortalSettings


async def reconstruir(settings: PortalSettings, *, progreso: bool = True) -> int:
    """Returns how many messages were read."""
    projection = TableroProjection(topic_prefix=settings.topic_prefix)
    return await rebuild_service_projection(settings, projection, progress=progreso)


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    settings = PortalSettings()
    configure_logging(settings.service_name, settings.log_level)
    leidos = asyncio.run(reconstruir(settings))
    print(f"tablero reconstruido: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
