"""Ports: what the handlers need from the outside world, as protocols.

The real adapters (PostgreSQL) and the fakes (memory) both satisfy these, so handler tests
run in milliseconds with the same code the API runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any, Protocol
from uuid import UUID

from affiliation.domain.afiliado import Afiliado
from affiliation.domain.empleador import Empleador
from eps_contracts.valores import Documento
from eps_runtime import unidad


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

        Raises ``ConflictoDeVersion`` when the stream moved since it was read.
        """
        ...

    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]: ...


class RegistroDocumentos(Protocol):
    async def reservar(self, documento: Documento, afiliado_id: UUID) -> bool:
        """Claims ``documento`` for ``afiliado_id``; False when someone already holds it."""
        ...

    async def liberar(self, documento: Documento) -> None:
        """Drops the claim (the affiliate changed document: novedad 1)."""
        ...

    async def buscar(self, documento: Documento) -> UUID | None:
        """The affiliate holding ``documento``, if any."""
        ...


class RepositorioEmpleadores(Protocol):
    async def obtener(self, empleador_id: UUID) -> Empleador | None: ...

    async def guardar(self, empleador: Empleador) -> None:
        """Appends the pending changes; ``ConflictoDeVersion`` if the stream moved."""
        ...

    async def reservar_documento(self, tipo: str, numero: str, empleador_id: UUID) -> bool:
        """Claims the employer's document; False when another employer holds it."""
        ...


@dataclass(frozen=True)
class TareaPendiente:
    """Something back office must decide: an IPS change or a support document to review."""

    tarea_id: UUID
    tipo: str
    afiliado_id: UUID
    creada_en: datetime
    detalle: dict[str, Any]


class Bandeja(Protocol):
    """The back-office work queue, written in the same transaction as the events that open
    and close each task (so it never disagrees with the streams)."""

    async def abrir(
        self, tarea_id: UUID, tipo: str, afiliado_id: UUID, detalle: dict[str, Any]
    ) -> None: ...

    async def cerrar(self, tarea_id: UUID) -> None: ...

    async def pendientes(self, tipo: str, limite: int) -> list[TareaPendiente]: ...


class ArchivosSoporte(Protocol):
    """Where each support document's file is kept (its private storage reference)."""

    async def registrar(self, soporte_id: UUID, afiliado_id: UUID, referencia: str) -> None: ...

    async def referencia(self, soporte_id: UUID, afiliado_id: UUID) -> str | None: ...


class UnidadDeTrabajo(unidad.UnidadDeTrabajo, Protocol):
    """One transaction: what is written through it commits together or not at all.

    Leaving the ``async with`` block without ``commit()`` discards every write.
    """

    @property
    def afiliados(self) -> RepositorioAfiliados: ...

    @property
    def documentos(self) -> RegistroDocumentos: ...

    @property
    def empleadores(self) -> RepositorioEmpleadores: ...

    @property
    def bandeja(self) -> Bandeja: ...

    @property
    def archivos(self) -> ArchivosSoporte: ...
