"""Wires the handlers to real adapters (PostgreSQL) or to in-memory fakes.

Both wirings run the same handlers through ``Aplicacion.ejecutar``, so what the fakes prove
about a handler holds for the API.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from affiliation.adapters.almacen_soportes import AlmacenSoportesEnDisco, AlmacenSoportesEnMemoria
from affiliation.adapters.memoria import AlmacenEnMemoria, UnidadDeTrabajoEnMemoria
from affiliation.adapters.registro_consultas import RegistroConsultasEnMemoria, RegistroConsultasSql
from affiliation.adapters.unidad_de_trabajo import UnidadDeTrabajoSql
from affiliation.application.comandos import Comando, Resultado
from affiliation.application.dependencias import Dependencias
from affiliation.application.handlers import HANDLERS
from affiliation.application.puertos import UnidadDeTrabajo
from affiliation.application.puertos_soportes import AlmacenSoportes
from affiliation.application.registro_consultas import RegistroConsultas
from affiliation.referencia import DatosReferencia, referencia
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime import comandos
from eps_runtime.eventstore import EventStore

ZONA_HORARIA = ZONA_COLOMBIA
SOPORTES_DIR = Path(".cache/affiliation/soportes")


def hoy_en_colombia() -> date:
    """Ages and dates are the EPS's: computed on Colombia's calendar, not the server's."""
    return datetime.now(ZONA_HORARIA).date()


def ahora_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Aplicacion:
    """The wired service: one fresh unit of work (one transaction) per command."""

    nueva_unidad_de_trabajo: Callable[[], UnidadDeTrabajo]
    almacen_soportes: AlmacenSoportes
    hoy: Callable[[], date] = hoy_en_colombia
    referencia: DatosReferencia = field(default_factory=referencia)
    registro_consultas: RegistroConsultas = field(default_factory=RegistroConsultasEnMemoria)
    """Where reads of personal data by someone else are recorded (the outbox in production)."""
    ahora: Callable[[], datetime] = ahora_utc

    async def ejecutar(self, comando: Comando) -> Resultado:
        """Runs the command's handler. A command that carries no version (the caller did not
        read anything it could overwrite: an upload, a request) retries its own optimistic
        concurrency conflict a few times — two uploads for one person at the same instant
        both succeed; a command with ``version_esperada`` never does (its 409 is the answer)."""
        return await comandos.ejecutar(HANDLERS, comando, self.dependencias)

    def dependencias(self) -> Dependencias:
        """A fresh unit of work and today's date, for one command or query."""
        return Dependencias(
            self.nueva_unidad_de_trabajo(), self.hoy(), self.referencia, self.almacen_soportes
        )


def bootstrap(
    engine: AsyncEngine,
    hoy: Callable[[], date] = hoy_en_colombia,
    soportes_dir: Path = SOPORTES_DIR,
) -> Aplicacion:
    store = EventStore()
    return Aplicacion(
        lambda: UnidadDeTrabajoSql(engine, store),
        AlmacenSoportesEnDisco(soportes_dir),
        hoy,
        registro_consultas=RegistroConsultasSql(engine, store),
    )


def bootstrap_en_memoria(
    almacen: AlmacenEnMemoria | None = None, hoy: Callable[[], date] = hoy_en_colombia
) -> Aplicacion:
    compartido = almacen if almacen is not None else AlmacenEnMemoria()
    return Aplicacion(
        lambda: UnidadDeTrabajoEnMemoria(compartido),
        AlmacenSoportesEnMemoria(),
        hoy,
        registro_consultas=RegistroConsultasEnMemoria(),
    )
