"""The MIPRES poller (runs beside the consumers): every ``mipres_cada_s`` seconds it reads
the direccionamientos and records each new or changed one. When MIPRES is down or answers
garbage it backs off (doubling up to 10 minutes), logs the cause (never the data) and keeps
serving; what it already recorded stays."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Sequence

import httpx
from sqlalchemy.ext.asyncio import AsyncEngine

from authorizations.adapters.mipres import MIPRESHttp
from authorizations.application.comandos import SincronizarMIPRES
from authorizations.application.puertos import FuenteMIPRES
from authorizations.bootstrap import Aplicacion, bootstrap
from authorizations.domain.errores import MIPRESNoDisponible
from authorizations.settings import AuthorizationsSettings
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.logging import get_logger

log = get_logger(__name__)
ESPERA_MAXIMA_S = 600.0


async def sondear_una_vez(aplicacion: Aplicacion, fuente: FuenteMIPRES) -> int:
    direccionamientos = await fuente.direccionamientos()
    resultado = await aplicacion.ejecutar(SincronizarMIPRES(tuple(direccionamientos)))
    return resultado.cambios


def siguiente_espera(base: float, fallas: int) -> float:
    return base if fallas == 0 else min(base * 2**fallas, ESPERA_MAXIMA_S)


async def sondear(
    aplicacion: Aplicacion, fuente: FuenteMIPRES, cada_s: float, stop: asyncio.Event
) -> None:
    fallas = 0
    while not stop.is_set():
        try:
            cambios = await sondear_una_vez(aplicacion, fuente)
            fallas = 0
            if cambios:
                log.info("mipres_sincronizado", cambios=cambios)
        except MIPRESNoDisponible as error:
            fallas += 1
            log.warning("mipres_no_disponible", causa=error.detalles.get("causa"), fallas=fallas)
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), siguiente_espera(cada_s, fallas))


def sondeo_mipres(
    settings: AuthorizationsSettings,
) -> Callable[[AsyncEngine, Sequence[ExactlyOnceConsumer], asyncio.Event], Awaitable[None]]:
    async def acompanante(
        engine: AsyncEngine, consumers: Sequence[ExactlyOnceConsumer], stop: asyncio.Event
    ) -> None:
        if settings.mipres_url is None:
            log.info("mipres_sin_configurar")
            return
        aplicacion = bootstrap(engine, settings.archivos_dir)
        async with httpx.AsyncClient(base_url=settings.mipres_url) as cliente:
            await sondear(aplicacion, MIPRESHttp(cliente), settings.mipres_cada_s, stop)

    return acompanante
