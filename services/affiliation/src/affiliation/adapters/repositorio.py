"""Affiliates stored as event streams in the service's event store.

Guarantee: ``guardar`` appends exactly the aggregate's pending events after the version it
was loaded at, in the unit of work's transaction; if anyone appended in between, it raises
``ConcurrencyConflict`` and nothing is written.
"""

from uuid import UUID

from sqlalchemy.ext.asyncio import AsyncConnection

from affiliation.application.puertos import EventoDelHistorial
from affiliation.domain.afiliado import Afiliado
from eps_runtime.eventstore import EventStore

STREAM_TYPE = "Afiliado"


class RepositorioAfiliadosEventos:
    def __init__(self, conn: AsyncConnection, store: EventStore) -> None:
        self._conn = conn
        self._store = store

    async def obtener(self, afiliado_id: UUID) -> Afiliado | None:
        registrados = await self._store.load(self._conn, afiliado_id)
        if not registrados:
            return None
        return Afiliado.from_events(r.to_domain() for r in registrados)

    async def guardar(self, afiliado: Afiliado) -> None:
        await self._store.append(
            self._conn,
            stream_id=afiliado.afiliado_id,
            stream_type=STREAM_TYPE,
            expected_version=afiliado.version_guardada,
            events=afiliado.cambios,
        )
        afiliado.marcar_guardado()

    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]:
        return [
            EventoDelHistorial(r.version, r.event_type, r.recorded_at, r.data)
            for r in await self._store.load(self._conn, afiliado_id)
        ]
