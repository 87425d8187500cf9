"""Access records through affiliation's own outbox: each read is one new stream
(``consulta_id``, stream type ``ConsultaDatos``, never an affiliate's stream) of the event
store, in its own short transaction; the relay publishes it on ``eps.affiliation.consultas``
and audit's archive files it and lists it to the affiliate."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.affiliation import DatosPersonalesConsultados
from eps_runtime.eventstore import EventStore


class RegistroConsultasSql:
    def __init__(self, engine: AsyncEngine, store: EventStore | None = None) -> None:
        self.engine = engine
        self.store = store or EventStore()

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


class RegistroConsultasEnMemoria:
    """The fake for unit tests: keeps what was recorded, in order."""

    def __init__(self) -> None:
        self.registradas: list[DatosPersonalesConsultados] = []

    async def registrar(self, consultas: Sequence[DatosPersonalesConsultados]) -> None:
        self.registradas.extend(consultas)
