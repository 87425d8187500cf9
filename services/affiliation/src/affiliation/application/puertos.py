"""Ports: what the handlers need from the outside world, as protocols.

The real adapters (PostgreSQL) and the fakes (memory) both satisfy these, so handler tests
run in milliseconds with the same code the API runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from types import TracebackType
from typing import Any, Protocol
from uuid import UUID

from affiliation.domain.afiliado import Afiliado
from affiliation.domain.valores import Documento


@dataclass(frozen=True)
class EventoDelHistorial:
    """One event of an affiliate's stream as the history view shows it."""

    version: int
    tipo: str
    registrado_en: datetime
    datos: dict[str, Any]


class RepositorioAfiliados(Protocol):
    async def obtener(self, afiliado_id: UUID) -> Afiliado | None:
        """The affiliate rebuilt from its stream, or ``None`` if the stream is empty."""
        ...

    async def guardar(self, afiliado: Afiliado) -> None:
        """Appends the pending changes after ``version_guardada``.

        Raises ``ConcurrencyConflict`` when the stream moved since it was read.
        """
        ...

    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]: ...


class RegistroDocumentos(Protocol):
    async def reservar(self, documento: Documento, afiliado_id: UUID) -> bool:
        """Claims ``documento`` for ``afiliado_id``; False when someone already holds it."""
        ...


class UnidadDeTrabajo(Protocol):
    """One transaction: what is written through it commits together or not at all.

    Leaving the ``async with`` block without ``commit()`` discards every write.
    """

    @property
    def afiliados(self) -> RepositorioAfiliados: ...

    @property
    def documentos(self) -> RegistroDocumentos: ...

    async def __aenter__(self) -> UnidadDeTrabajo: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
