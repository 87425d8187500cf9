"""Affiliates stored as event streams in the service's event store (``eps_runtime.repositorio``
gives the guarantees: append after the version read or ``ConflictoDeVersion``)."""

from uuid import UUID

from affiliation.application.puertos import EventoDelHistorial
from affiliation.domain.afiliado import Afiliado
from eps_runtime.repositorio import RepositorioEventos


class RepositorioAfiliadosEventos(RepositorioEventos[Afiliado]):
    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]:  # type: ignore[override]
        return [
            EventoDelHistorial(r.version, r.event_type, r.recorded_at, r.data)
            for r in await super().historial(afiliado_id)
        ]
