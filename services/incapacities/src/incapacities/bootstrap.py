"""Wires the handlers to PostgreSQL or to in-memory fakes (the same handlers either way)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime import comandos
from eps_runtime.cifrado import CifradoEnReposo
from eps_runtime.eventstore import EventStore
from incapacities.adapters.almacen import AlmacenEnDisco, AlmacenEnMemoria
from incapacities.adapters.memoria import AlmacenEnMemoria as EstadoEnMemoria
from incapacities.adapters.memoria import UnidadDeTrabajoEnMemoria
from incapacities.adapters.sql import UnidadDeTrabajoSql
from incapacities.application.handlers import HANDLERS, Dependencias
from incapacities.application.puertos import AlmacenCertificados, UnidadDeTrabajo
from incapacities.domain.reglas import Reglas
from incapacities.referencia import Diagnostico, catalogo_cie10, reglas


def ahora_en_colombia() -> datetime:
    return datetime.now(ZONA_COLOMBIA)


@dataclass
class Aplicacion:
    nueva_unidad_de_trabajo: Callable[[], UnidadDeTrabajo]
    almacen: AlmacenCertificados
    reloj: Callable[[], datetime] = ahora_en_colombia
    reglas: Reglas = field(default_factory=reglas)
    catalogo: dict[str, Diagnostico] = field(default_factory=catalogo_cie10)

    async def ejecutar(self, comando: Any) -> Any:
        """Runs the command's handler; none carries a version, so a concurrency conflict
        (two decisions at once) is retried a few times and then answered 409."""
        return await comandos.ejecutar(HANDLERS, comando, self.dependencias)

    def dependencias(self) -> Dependencias:
        return Dependencias(
            self.nueva_unidad_de_trabajo(),
            self.reloj(),
            self.reglas,
            self.catalogo,
            self.almacen,
            self.nueva_unidad_de_trabajo,
        )


def bootstrap(engine: AsyncEngine, archivos_dir: Path, clave_cuentas: str) -> Aplicacion:
    """``clave_cuentas``: the Fernet key(s) the bank account numbers are encrypted with."""
    store, cifrado = EventStore(), CifradoEnReposo(clave_cuentas)
    return Aplicacion(
        lambda: UnidadDeTrabajoSql(engine, store, cifrado), AlmacenEnDisco(archivos_dir)
    )


def bootstrap_en_memoria(
    estado: EstadoEnMemoria | None = None, reloj: Callable[[], datetime] = ahora_en_colombia
) -> tuple[Aplicacion, EstadoEnMemoria]:
    estado = estado or EstadoEnMemoria()
    aplicacion = Aplicacion(
        lambda: UnidadDeTrabajoEnMemoria(estado), AlmacenEnMemoria(), reloj=reloj
    )
    return aplicacion, estado
