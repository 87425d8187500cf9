"""Wires the handlers to real adapters (PostgreSQL) or to in-memory fakes.

Both wirings run the same handlers through ``Aplicacion.ejecutar``, so what the fakes prove
about a handler holds for the API. The clock is injected (``reloj``): deadlines and the
radicado's year come from it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime import comandos
from eps_runtime.antiautomatizacion import (
    CaptchaCerrado,
    CaptchaDesarrollo,
    LimitadorEnMemoria,
    LimitadorTasa,
    VerificadorCaptcha,
)
from eps_runtime.eventstore import EventStore
from eps_runtime.limites_sql import LimitadorSql
from pqrs.adapters.almacen_adjuntos import AlmacenAdjuntosEnDisco, AlmacenAdjuntosEnMemoria
from pqrs.adapters.memoria import AlmacenEnMemoria, UnidadDeTrabajoEnMemoria
from pqrs.adapters.unidad_de_trabajo import UnidadDeTrabajoSql
from pqrs.application.comandos import Comando, Resultado
from pqrs.application.dependencias import Dependencias
from pqrs.application.handlers import HANDLERS
from pqrs.application.puertos import AlmacenAdjuntos, UnidadDeTrabajo

SECRETO_PRUEBAS = "secreto-de-pruebas-pqrs"
CAPTCHA_DESARROLLO = "no-soy-un-robot"


def ahora_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Aplicacion:
    """The wired service: one fresh unit of work (one transaction) per command."""

    nueva_unidad_de_trabajo: Callable[[], UnidadDeTrabajo]
    almacen: AlmacenAdjuntos
    secreto: str
    limitador: LimitadorTasa
    captcha: VerificadorCaptcha
    reloj: Callable[[], datetime] = ahora_utc

    async def ejecutar(self, comando: Comando) -> Resultado:
        """Runs the command's handler. A command without ``version_esperada`` retries its
        own optimistic-concurrency conflict a few times; one with it never does (409)."""
        return await comandos.ejecutar(HANDLERS, comando, self.dependencias)

    def dependencias(self) -> Dependencias:
        return Dependencias(
            self.nueva_unidad_de_trabajo(), self.reloj(), self.secreto, self.almacen
        )


def bootstrap(
    engine: AsyncEngine,
    *,
    secreto: str,
    archivos_dir: Path,
    captcha: VerificadorCaptcha | None = None,
    reloj: Callable[[], datetime] = ahora_utc,
) -> Aplicacion:
    """``captcha``: the API's verifier (``eps_runtime.captcha_proveedor``); processes that
    serve no public endpoint (the deadlines worker, the seed) get one that refuses all."""
    store = EventStore()
    return Aplicacion(
        nueva_unidad_de_trabajo=lambda: UnidadDeTrabajoSql(engine, store),
        almacen=AlmacenAdjuntosEnDisco(archivos_dir),
        secreto=secreto,
        limitador=LimitadorSql(engine),
        captcha=captcha or CaptchaCerrado(),
        reloj=reloj,
    )


def bootstrap_en_memoria(
    almacen: AlmacenEnMemoria | None = None,
    reloj: Callable[[], datetime] = ahora_utc,
    secreto: str = SECRETO_PRUEBAS,
) -> Aplicacion:
    compartido = almacen if almacen is not None else AlmacenEnMemoria()
    return Aplicacion(
        nueva_unidad_de_trabajo=lambda: UnidadDeTrabajoEnMemoria(compartido),
        almacen=AlmacenAdjuntosEnMemoria(),
        secreto=secreto,
        limitador=LimitadorEnMemoria(),
        captcha=CaptchaDesarrollo(CAPTCHA_DESARROLLO),
        reloj=reloj,
    )
