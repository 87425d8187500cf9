"""``python -m identity.entrypoints.consumer``: keeps identity's read models up to date.

Runs one ``ExactlyOnceConsumer`` per projection (``afiliados_validables`` from the
affiliates' topic, ``empleadores_conocidos`` from the employers' topic) until
SIGTERM/SIGINT, each finishing the batch in hand. Consumer groups carry the topic prefix,
so environments sharing a Kafka cluster never share a group.
"""

import asyncio

from eps_runtime.consumer import Projection, run_service_consumers
from eps_runtime.process import run_worker
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.settings import IdentitySettings


async def main(stop: asyncio.Event) -> None:
    settings = IdentitySettings()
    projections: list[Projection] = [
        AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix),
        EmpleadoresConocidosProjection(topic_prefix=settings.topic_prefix),
    ]
    await run_service_consumers(settings, projections, stop)


if __name__ == "__main__":
    run_worker(main)
