"""``python -m incapacities.entrypoints.vigilante``: every few minutes, records
``PlazoIncapacidadIncumplido`` for each incapacity whose decision (15 business days) or
payment (5 business days) is late, once per term. Runs until SIGTERM/SIGINT."""

import asyncio
import contextlib

from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from incapacities.application.comandos import VigilarPlazos
from incapacities.bootstrap import bootstrap
from incapacities.settings import IncapacitiesSettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = IncapacitiesSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url)
    aplicacion = bootstrap(engine, settings.archivos_dir, settings.clave_cuentas)
    try:
        while not stop.is_set():
            try:
                registrados = await aplicacion.ejecutar(VigilarPlazos())
                if registrados:
                    log.info("plazos_incumplidos", registrados=registrados)
            except Exception as error:  # the database may not be ready yet: try again later
                log.warning("vigilancia_fallida", error_type=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.vigilancia_intervalo_s)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    run_worker(main)
