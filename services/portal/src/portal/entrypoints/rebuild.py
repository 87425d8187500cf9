"""``python -m portal.entrypoints.rebuild``: rebuilds the dashboard read model.

Stop the live consumer first (the runtime resets the projection's positions). Empties
``tablero_personas`` and ``tablero_grupos`` and replays the affiliates' topic from the
beginning through the same exactly-once path, with a progress bar on stderr: the result is
the one the live consumer reaches.
"""

import argparse
import asyncio
import sys

from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_projection
from eps_runtime.topics import ensure_topics_until_ready
from portal.adapters.tablero_projection import TableroProjection
from portal.settings import PortalSettings


async def reconstruir(settings: PortalSettings, *, progreso: bool = True) -> int:
    """Returns how many messages were read."""
    projection = TableroProjection(topic_prefix=settings.topic_prefix)
    await ensure_topics_until_ready(
        settings.kafka_bootstrap_servers,
        projection.topics,
        prefix=settings.topic_prefix,
        stop=asyncio.Event(),
    )
    engine = create_engine(settings.database_url)
    try:
        return await rebuild_projection(
            engine, projection, settings.kafka_bootstrap_servers, progress=progreso
        )
    finally:
        await engine.dispose()


def main(argv: list[str] | None = None) -> int:
    argparse.ArgumentParser(description=__doc__).parse_args(argv)
    settings = PortalSettings()
    configure_logging(settings.service_name, settings.log_level)
    leidos = asyncio.run(reconstruir(settings))
    print(f"tablero reconstruido: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
