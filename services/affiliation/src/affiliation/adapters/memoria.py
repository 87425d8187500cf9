"""In-memory fakes of the ports, for handler tests that run in milliseconds.

They keep the real adapters' guarantees that handlers rely on: writes become visible only on
``commit()``; an append at a stale version raises ``ConcurrencyConflict``; a document is
claimed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from uuid import UUID

from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.application.puertos import EventoDelHistorial
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.valores import Documento
from eps_contracts.events import DomainEvent
from eps_runtime.eventstore import ConcurrencyConflict


@dataclass
class AlmacenEnMemoria:
    """What the fakes share: the committed streams and document claims."""

    streams: dict[UUID, list[DomainEvent]] = field(default_factory=dict)
    documentos: dict[Documento, UUID] = field(default_factory=dict)
    commits: int = 0


class RepositorioAfiliadosEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self.pendientes: dict[UUID, tuple[int, list[DomainEvent]]] = {}

    async def obtener(self, afiliado_id: UUID) -> Afiliado | None:
        eventos = self._almacen.streams.get(afiliado_id)
        return Afiliado.from_events(eventos) if eventos else None

    async def guardar(self, afiliado: Afiliado) -> None:
        actual = len(self._almacen.streams.get(afiliado.afiliado_id, []))
        if actual != afiliado.version_guardada or afiliado.afiliado_id in self.pendientes:
            raise ConcurrencyConflict(afiliado.afiliado_id, afiliado.version_guardada)
        self.pendientes[afiliado.afiliado_id] = (actual, list(afiliado.cambios))
        afiliado.marcar_guardado()

    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]:
        ahora = datetime.now(UTC)
        return [
            EventoDelHistorial(n, e.ce_type(), ahora, e.model_dump(mode="json"))
            for n, e in enumerate(self._almacen.streams.get(afiliado_id, []), start=1)
        ]

    def verificar(self) -> None:
        """Raises ``ConcurrencyConflict`` if another unit of work committed first."""
        for afiliado_id, (version, _) in self.pendientes.items():
            if len(self._almacen.streams.get(afiliado_id, [])) != version:
                raise ConcurrencyConflict(afiliado_id, version)

    def confirmar(self) -> None:
        for afiliado_id, (_, eventos) in self.pendientes.items():
            self._almacen.streams.setdefault(afiliado_id, []).extend(eventos)


class RegistroDocumentosEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self.pendientes: dict[Documento, UUID] = {}

    async def reservar(self, documento: Documento, afiliado_id: UUID) -> bool:
        if documento in self._almacen.documentos or documento in self.pendientes:
            return False
        self.pendientes[documento] = afiliado_id
        return True


class UnidadDeTrabajoEnMemoria:
    afiliados: RepositorioAfiliadosEnMemoria
    documentos: RegistroDocumentosEnMemoria

    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self.almacen = almacen

    async def __aenter__(self) -> UnidadDeTrabajoEnMemoria:
        self.afiliados = RepositorioAfiliadosEnMemoria(self.almacen)
        self.documentos = RegistroDocumentosEnMemoria(self.almacen)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.afiliados.pendientes.clear()
        self.documentos.pendientes.clear()

    async def commit(self) -> None:
        # Checked before anything is applied, so a failed commit leaves the store untouched.
        self.afiliados.verificar()
        if any(d in self.almacen.documentos for d in self.documentos.pendientes):
            raise DocumentoYaRegistrado()
        self.afiliados.confirmar()
        self.almacen.documentos.update(self.documentos.pendientes)
        self.afiliados.pendientes.clear()
        self.documentos.pendientes.clear()
        self.almacen.commits += 1
