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
from eps_runtime.logging import configure_logging
from eps_runtime.rebuild import rebuild_service_projection
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
    return await rebuild_service_projection(settings, projection, progress=progreso)


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
