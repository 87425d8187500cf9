"""``python -m authorizations.entrypoints.consumer``: the right, arrears and payments read
models, and the periodic watch of deadlines and OPS expiry, until SIGTERM/SIGINT."""

import asyncio
import contextlib
from collections.abc import Sequence

from sqlalchemy.ext.asyncio import AsyncEngine

from authorizations.adapters.proyecciones import (
    CarteraProjection,
    DerechosProjection,
    PagosProjection,
)
from authorizations.application.comandos import VigilarPlazosYVencimientos
from authorizations.bootstrap import bootstrap
from authorizations.entrypoints.mipres import sondeo_mipres
from authorizations.settings import AuthorizationsSettings
from eps_runtime.consumer import ExactlyOnceConsumer, Projection, run_service_consumers
from eps_runtime.logging import get_logger
from eps_runtime.process import run_worker

log = get_logger(__name__)
VIGILANCIA_CADA_S = 60.0


def vigilante(settings: AuthorizationsSettings):  # type: ignore[no-untyped-def]
    async def vigilar(
        engine: AsyncEngine, consumers: Sequence[ExactlyOnceConsumer], stop: asyncio.Event
    ) -> None:
        aplicacion = bootstrap(engine, settings.archivos_dir)
        while not stop.is_set():
            try:
                resultado = await aplicacion.ejecutar(VigilarPlazosYVencimientos())
                if resultado.cambios:
                    log.info("vigilancia", cambios=resultado.cambios)
            except Exception as error:
                log.warning("vigilancia_fallida", error=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), VIGILANCIA_CADA_S)

    return vigilar


async def main(stop: asyncio.Event) -> None:
    settings = AuthorizationsSettings()
    projections: list[Projection] = [
        DerechosProjection(settings.topic_prefix),
        CarteraProjection(settings.topic_prefix),
        PagosProjection(settings.topic_prefix),
    ]
    await run_service_consumers(
        settings, projections, stop, acompanantes=[vigilante(settings), sondeo_mipres(settings)]
    )


if __name__ == "__main__":
    run_worker(main)
