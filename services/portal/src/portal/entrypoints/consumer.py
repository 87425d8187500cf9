"""``python -m portal.entrypoints.consumer``: keeps the dashboard read model up to date.

Runs the ``ExactlyOnceConsumer`` of ``TableroProjection`` until SIGTERM/SIGINT, finishing
the batch in hand, and records its lag every ``LAG_CADA_S`` seconds (``retraso_proyeccion``,
shown by the API at /readyz and /metrics, and logged). The consumer group carries the topic
prefix, so environments sharing a Kafka cluster never share a group.
"""

import asyncio
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.consumer import ExactlyOnceConsumer, Projection, run_service_consumers
from eps_runtime.process import run_worker
from portal.adapters.secciones import secciones
from portal.adapters.tablero_projection import TableroProjection
from portal.adapters.tablero_retraso import medir_retraso_cada
from portal.settings import PortalSettings

LAG_CADA_S = 5.0


async def _medir_retraso(
    engine: AsyncEngine, consumers: Sequence[ExactlyOnceConsumer], stop: asyncio.Event
) -> None:
    await asyncio.gather(
        *(
            medir_retraso_cada(engine, c.projection.name, c.lag, stop, cada_s=LAG_CADA_S)
            for c in consumers
        )
    )


async def main(stop: asyncio.Event, settings: PortalSettings | None = None) -> None:
    settings = settings or PortalSettings()
    await run_service_consumers(
        settings, proyecciones(settings), stop, acompanantes=[_medir_retraso]
    )


def proyecciones(settings: PortalSettings) -> list[Projection]:
    """The dashboard's own projection and every domain section's (``adapters.secciones``)."""
    prefijo = settings.topic_prefix
    return [
        TableroProjection(topic_prefix=prefijo),
        *(s.proyeccion(prefijo) for s in secciones()),
    ]


if __name__ == "__main__":
    run_worker(main)
