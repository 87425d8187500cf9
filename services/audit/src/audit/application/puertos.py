"""What the auditor's use cases need from the outside (adapters implement it)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import Protocol
from uuid import UUID

from audit.application.modelos import ConsultaRegistrada, EventoArchivado, FiltroEventos, Pagina
from eps_contracts.events.audit import DatosPersonalesConsultados


class Archivo(Protocol):
    """Reads of the archive (never writes: only the archive's consumer appends)."""

    async def buscar(
        self, filtro: FiltroEventos, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        """Events matching ``filtro`` in archive order, a page after ``cursor``."""
        ...

    async def historial(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        """Every event about one affiliate, in the order they happened, paged."""
        ...

    def exportar(self, filtro: FiltroEventos) -> AsyncIterator[EventoArchivado]:
        """Every event matching ``filtro``, streamed in bounded memory."""
        ...

    async def consultas_de(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[ConsultaRegistrada]:
        """Who read the affiliate's personal data, newest first, paged."""
        ...


class RegistroConsultas(Protocol):
    """Records access to personal data through the service's outbox."""

    async def registrar(self, consultas: Sequence[DatosPersonalesConsultados]) -> None: ...
