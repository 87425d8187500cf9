"""Wires the handlers to PostgreSQL or to in-memory fakes; both run the same handlers."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from authorizations.adapters.almacen_soportes import SoportesEnDisco
from authorizations.adapters.memoria import (
    AlmacenEnMemoria,
    LecturasEnMemoria,
    SoportesEnMemoria,
    UnidadDeTrabajoEnMemoria,
)
from authorizations.adapters.sql import LecturasSql, UnidadDeTrabajoSql
from authorizations.application.comandos import Comando, Resultado
from authorizations.application.handlers import HANDLERS, Dependencias
from authorizations.application.puertos import AlmacenSoportes, Lecturas, UnidadDeTrabajo
from authorizations.referencia import Referencia, referencia
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime import comandos
from eps_runtime.eventstore import EventStore


def ahora_en_colombia() -> datetime:
    return datetime.now(ZONA_COLOMBIA)


@dataclass(frozen=True)
class Aplicacion:
    nueva_unidad_de_trabajo: Callable[[], UnidadDeTrabajo]
    almacen: AlmacenSoportes
    lecturas: Lecturas
    reloj: Callable[[], datetime] = ahora_en_colombia
    referencia: Referencia = field(default_factory=referencia)

    async def ejecutar(self, comando: Comando) -> Resultado:
        """A command without ``version_esperada`` (a filing, a payment) retries its own
        optimistic conflict a few times; one with a version answers it (409)."""
        return await comandos.ejecutar(HANDLERS, comando, self.dependencias)

    def dependencias(self) -> Dependencias:
        return Dependencias(
            self.nueva_unidad_de_trabajo(),
            self.reloj().astimezone(ZONA_COLOMBIA),
            self.referencia,
            self.almacen,
        )


def bootstrap(
    engine: AsyncEngine,
    archivos_dir: Path,
    reloj: Callable[[], datetime] = ahora_en_colombia,
) -> Aplicacion:
    store = EventStore()
    return Aplicacion(
        lambda: UnidadDeTrabajoSql(engine, store),
        SoportesEnDisco(archivos_dir),
        LecturasSql(engine),
        reloj,
    )


def bootstrap_en_memoria(
    almacen: AlmacenEnMemoria | None = None,
    reloj: Callable[[], datetime] = ahora_en_colombia,
) -> Aplicacion:
    compartido = almacen if almacen is not None else AlmacenEnMemoria()
    return Aplicacion(
        lambda: UnidadDeTrabajoEnMemoria(compartido),
        SoportesEnMemoria(),
        LecturasEnMemoria(compartido),
        reloj,
    )
