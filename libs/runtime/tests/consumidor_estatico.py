"""A consumer process for the static-membership test, to be killed with SIGKILL.

    python consumidor_estatico.py BOOTSTRAP DATABASE_URL TOPIC NOMBRE INSTANCIA SESION_MS

Counts ``AfiliadoRegistrado`` per afiliado in the table ``conteo`` (a second effect shows as
a 2), as one static member ``INSTANCIA`` of the group ``NOMBRE``.
"""

from __future__ import annotations

import asyncio
import signal
import sys
from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.events import AfiliadoRegistrado
from eps_runtime import kafka
from eps_runtime.consumer import ConsumedEvent, ExactlyOnceConsumer
from eps_runtime.db import create_engine


class Conteo:
    def __init__(self, name: str, topic: str) -> None:
        self.name = name
        self.topics = (topic,)

    def handles(self, ce_type: str) -> bool:
        return ce_type == AfiliadoRegistrado.ce_type()

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        for consumed in events:
            assert isinstance(consumed.event, AfiliadoRegistrado)
            await conn.execute(
                text(
                    "INSERT INTO conteo (afiliado_id, aplicados) VALUES (:id, 1) "
                    "ON CONFLICT (afiliado_id) DO UPDATE SET aplicados = conteo.aplicados + 1"
                ),
                {"id": consumed.event.afiliado_id},
            )

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE conteo"))


async def main(bootstrap: str, url: str, topic: str, name: str, instancia: str) -> None:
    stop = asyncio.Event()
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
    engine = create_engine(url, pool_size=2)
    consumer = ExactlyOnceConsumer(
        projection=Conteo(name, topic),
        engine=engine,
        bootstrap_servers=bootstrap,
        group_id=name,
        instance_id=kafka.group_instance_id(name, {kafka.INSTANCIA_ENV: instancia}),
    )
    try:
        await consumer.run(stop)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    bootstrap, url, topic, name, instancia, sesion_ms = sys.argv[1:7]
    kafka.STATIC_SESSION_TIMEOUT_MS = int(sesion_ms)
    asyncio.run(main(bootstrap, url, topic, name, instancia))
