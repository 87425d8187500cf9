"""In-memory fakes of the ports, for handler tests that run in milliseconds.

They keep the real adapters' guarantees that handlers rely on: writes become visible only on
``commit()``; an append at a stale version raises ``ConflictoDeVersion``; a document is
claimed once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from uuid import UUID

from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.application.puertos import EventoDelHistorial, TareaPendiente
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.empleador import Empleador
from eps_contracts.valores import Documento
from eps_runtime.memoria import EventosEnMemoria, RepositorioEnMemoria
from eps_runtime.memoria import UnidadDeTrabajoEnMemoria as UnidadDeTrabajoEnMemoriaBase


@dataclass
class AlmacenEnMemoria(EventosEnMemoria):
    """What the fakes share: the committed streams, document claims, tasks and files."""

    documentos: dict[Documento, UUID] = field(default_factory=dict)
    documentos_empleadores: dict[tuple[str, str], UUID] = field(default_factory=dict)
    bandeja: dict[UUID, TareaPendiente] = field(default_factory=dict)
    archivos: dict[UUID, tuple[UUID, str]] = field(default_factory=dict)


class RepositorioAfiliadosEnMemoria(RepositorioEnMemoria[Afiliado]):
    async def historial(self, afiliado_id: UUID) -> list[EventoDelHistorial]:  # type: ignore[override]
        return [
            EventoDelHistorial(r.version, r.event_type, r.recorded_at, r.data)
            for r in await super().historial(afiliado_id)
        ]


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

    def verificar(self) -> None:
        # Checked before anything is applied, so a failed commit leaves the store untouched.
        if any(d in self._almacen.documentos and d not in self.liberados for d in self.pendientes):
            raise DocumentoYaRegistrado()

    def confirmar(self) -> None:
        for documento in self.liberados:
            self._almacen.documentos.pop(documento, None)
        self._almacen.documentos.update(self.pendientes)
        self.pendientes.clear()
        self.liberados.clear()


class RepositorioEmpleadoresEnMemoria(RepositorioEnMemoria[Empleador]):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen, Empleador)
        self._almacen = almacen
        self.documentos_pendientes: dict[tuple[str, str], UUID] = {}

    async def reservar_documento(self, tipo: str, numero: str, empleador_id: UUID) -> bool:
        clave = (tipo, numero)
        if clave in self._almacen.documentos_empleadores or clave in self.documentos_pendientes:
            return False
        self.documentos_pendientes[clave] = empleador_id
        return True

    def confirmar(self) -> None:
        super().confirmar()
        self._almacen.documentos_empleadores.update(self.documentos_pendientes)
        self.documentos_pendientes.clear()


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


class UnidadDeTrabajoEnMemoria(UnidadDeTrabajoEnMemoriaBase):
    afiliados: RepositorioAfiliadosEnMemoria
    documentos: RegistroDocumentosEnMemoria
    empleadores: RepositorioEmpleadoresEnMemoria
    bandeja: BandejaEnMemoria
    archivos: ArchivosSoporteEnMemoria

    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen)
        self.almacen = almacen

    def _preparar(self) -> None:
        self.afiliados = RepositorioAfiliadosEnMemoria(self.almacen, Afiliado)
        self.documentos = RegistroDocumentosEnMemoria(self.almacen)
        self.empleadores = RepositorioEmpleadoresEnMemoria(self.almacen)
        self.bandeja = BandejaEnMemoria(self.almacen)
        self.archivos = ArchivosSoporteEnMemoria(self.almacen)
        for participante in (self.afiliados, self.documentos, self.empleadores):
            self.participa(participante)
