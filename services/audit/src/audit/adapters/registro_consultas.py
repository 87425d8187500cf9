"""Access records through the audit service's own outbox: each read is one new stream
(``consulta_id``) of the event store; the relay publishes it on ``eps.audit.consultas``,
and the archive's consumer files it like any other event."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.audit import DatosPersonalesConsultados
from eps_runtime.eventstore import EventStore


class RegistroConsultasSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.store = EventStore()

    async def registrar(self, consultas: Sequence[DatosPersonalesConsultados]) -> None:
        if not consultas:
            return
        async with self.engine.begin() as conn:
            for consulta in consultas:
                await self.store.append(
                    conn,
                    stream_id=consulta.consulta_id,
                    stream_type=consulta.aggregate_type,
                    expected_version=0,
                    events=[consulta],
                )
