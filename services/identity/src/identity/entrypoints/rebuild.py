"""``python -m identity.entrypoints.rebuild [afiliados|empleadores]``: rebuilds a read model.

``afiliados`` (the default) is ``afiliados_validables`` from the affiliates' topic;
``empleadores`` is ``empleadores_conocidos`` from the employers' topic. Stop the live
consumer first (the runtime resets the projection's positions). Empties the view and
replays its topic from the beginning through the same exactly-once path, with a progress
bar on stderr.
"""

import argparse
import asyncio
import sys
from collections.abc import Callable

from eps_runtime.consumer import Projection
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_projection
from eps_runtime.topics import ensure_topics_until_ready
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.settings import IdentitySettings

PROYECCIONES: dict[str, Callable[[str], Projection]] = {
    "afiliados": lambda prefijo: AfiliadosValidablesProjection(topic_prefix=prefijo),
    "empleadores": lambda prefijo: EmpleadoresConocidosProjection(topic_prefix=prefijo),
}


async def reconstruir(
    settings: IdentitySettings, *, progreso: bool = True, vista: str = "afiliados"
) -> int:
    """Returns how many messages were read."""
    projection = PROYECCIONES[vista](settings.topic_prefix)
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
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("vista", nargs="?", choices=sorted(PROYECCIONES), default="afiliados")
    vista = parser.parse_args(argv).vista
    settings = IdentitySettings()
    configure_logging(settings.service_name, settings.log_level)
    leidos = asyncio.run(reconstruir(settings, vista=vista))
    print(f"vista {vista} reconstruida: {leidos} mensajes leídos", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
