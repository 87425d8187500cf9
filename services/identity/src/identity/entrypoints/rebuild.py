"""``python -m identity.entrypoints.rebuild``: rebuilds ``afiliados_validables`` from Kafka.

Stop the live consumer first (the runtime resets the projection's positions). Empties the
view and replays the affiliation topic from the beginning through the same exactly-once
path, with a progress bar on stderr.
"""

import asyncio
import sys

from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_projection
from eps_runtime.topics import ensure_topics_until_ready
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.settings import IdentitySettings


async def reconstruir(settings: IdentitySettings, *, progreso: bool = True) -> int:
    """Returns how many messages were read."""
    projection = AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix)
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


def main() -> int:
    settings = IdentitySettings()
    configure_logging(settings.service_name, settings.log_level)
    leidos = asyncio.run(reconstruir(settings))
    print(f"afiliados_validables reconstruida: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
