"""In-memory fakes of the ports, for handler tests that run in milliseconds.

They keep the real adapters' guarantees that handlers rely on: writes become visible only on
``commit()``; an append at a stale version raises ``ConcurrencyConflict``; a document is
claimed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from types import TracebackType
from typing import Any
from uuid import UUID

from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.application.puertos import EventoDelHistorial, TareaPendiente
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.empleador import Empleador
from affiliation.domain.valores import Documento
from eps_contracts.events import DomainEvent
from eps_runtime.eventstore import ConcurrencyConflict


@dataclass
class AlmacenEnMemoria:
    """What the fakes share: the committed streams and document claims."""

    streams: dict[UUID, list[DomainEvent]] = field(default_factory=dict)
    documentos: dict[Documento, UUID] = field(default_factory=dict)
    documentos_empleadores: dict[tuple[str, str], UUID] = field(default_factory=dict)
    bandeja: dict[UUID, TareaPendiente] = field(default_factory=dict)
    archivos: dict[UUID, tuple[UUID, str]] = field(default_factory=dict)
    commits: int = 0


class RepositorioAfiliadosEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self.pendientes: dict[UUID, tuple[int, list[DomainEvent]]] = {}

    async def obtener(self, afiliado_id: UUID) -> Afiliado | None:
        eventos = self._almacen.streams.get(afiliado_id)
        if not eventos or eventos[0].aggregate_type != "Afiliado":
            return None
        return Afiliado.from_events(eventos)

    async def guardar(self, afiliado: Afiliado) -> None:
        self._agregar(afiliado.afiliado_id, afiliado.version_guardada, afiliado.cambios)
        afiliado.marcar_guardado()

    def _agregar(self, stream_id: UUID, version: int, eventos: list[DomainEvent]) -> None:
        actual = len(self._almacen.streams.get(stream_id, []))
        if actual != version or stream_id in self.pendientes:
            raise ConcurrencyConflict(stream_id, version)
        self.pendientes[stream_id] = (actual, list(eventos))

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

        self.liberados: list[Documento] = []

    async def reservar(self, documento: Documento, afiliado_id: UUID) -> bool:
        tomado = documento in self._almacen.documentos and documento not in self.liberados
        if tomado or documento in self.pendientes:
            return False
        self.pendientes[documento] = afiliado_id
        return True

    async def liberar(self, documento: Documento) -> None:
        self.liberados.append(documento)

    async def buscar(self, documento: Documento) -> UUID | None:
        return self.pendientes.get(documento) or self._almacen.documentos.get(documento)


class RepositorioEmpleadoresEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria, streams: RepositorioAfiliadosEnMemoria) -> None:
        self._almacen = almacen
        self._streams = streams
        self.documentos_pendientes: dict[tuple[str, str], UUID] = {}

    async def obtener(self, empleador_id: UUID) -> Empleador | None:
        eventos = self._almacen.streams.get(empleador_id)
        if not eventos or eventos[0].aggregate_type != "Empleador":
            return None
        return Empleador.from_events(eventos)

    async def guardar(self, empleador: Empleador) -> None:
        self._streams._agregar(
            empleador.empleador_id, empleador.version_guardada, empleador.cambios
        )
        empleador.marcar_guardado()

    async def reservar_documento(self, tipo: str, numero: str, empleador_id: UUID) -> bool:
        clave = (tipo, numero)
        if clave in self._almacen.documentos_empleadores or clave in self.documentos_pendientes:
            return False
        self.documentos_pendientes[clave] = empleador_id
        return True


class BandejaEnMemoria:
    """Applied at once (the fakes' tests only commit or fail before writing it)."""

    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def abrir(
        self, tarea_id: UUID, tipo: str, afiliado_id: UUID, detalle: dict[str, Any]
    ) -> None:
        self._almacen.bandeja.setdefault(
            tarea_id, TareaPendiente(tarea_id, tipo, afiliado_id, datetime.now(UTC), detalle)
        )

    async def cerrar(self, tarea_id: UUID) -> None:
        self._almacen.bandeja.pop(tarea_id, None)

    async def pendientes(self, tipo: str, limite: int) -> list[TareaPendiente]:
        return [t for t in self._almacen.bandeja.values() if t.tipo == tipo][:limite]


class ArchivosSoporteEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def registrar(self, soporte_id: UUID, afiliado_id: UUID, referencia: str) -> None:
        self._almacen.archivos[soporte_id] = (afiliado_id, referencia)

    async def referencia(self, soporte_id: UUID, afiliado_id: UUID) -> str | None:
        registro = self._almacen.archivos.get(soporte_id)
        return registro[1] if registro and registro[0] == afiliado_id else None


class UnidadDeTrabajoEnMemoria:
    afiliados: RepositorioAfiliadosEnMemoria
    documentos: RegistroDocumentosEnMemoria
    empleadores: RepositorioEmpleadoresEnMemoria
    bandeja: BandejaEnMemoria
    archivos: ArchivosSoporteEnMemoria

    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self.almacen = almacen

    async def __aenter__(self) -> UnidadDeTrabajoEnMemoria:
        self.afiliados = RepositorioAfiliadosEnMemoria(self.almacen)
        self.documentos = RegistroDocumentosEnMemoria(self.almacen)
        self.empleadores = RepositorioEmpleadoresEnMemoria(self.almacen, self.afiliados)
        self.bandeja = BandejaEnMemoria(self.almacen)
        self.archivos = ArchivosSoporteEnMemoria(self.almacen)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.afiliados.pendientes.clear()
        self.documentos.pendientes.clear()
        self.documentos.liberados.clear()
        self.empleadores.documentos_pendientes.clear()

    async def commit(self) -> None:
        # Checked before anything is applied, so a failed commit leaves the store untouched.
        self.afiliados.verificar()
        if any(
            d in self.almacen.documentos and d not in self.documentos.liberados
            for d in self.documentos.pendientes
        ):
            raise DocumentoYaRegistrado()
        self.afiliados.confirmar()
        for documento in self.documentos.liberados:
            self.almacen.documentos.pop(documento, None)
        self.almacen.documentos.update(self.documentos.pendientes)
        self.almacen.documentos_empleadores.update(self.empleadores.documentos_pendientes)
        self.afiliados.pendientes.clear()
        self.documentos.pendientes.clear()
        self.documentos.liberados.clear()
        self.empleadores.documentos_pendientes.clear()
        self.almacen.commits += 1
