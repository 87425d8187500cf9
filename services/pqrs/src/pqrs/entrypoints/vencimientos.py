"""``python -m pqrs.entrypoints.vencimientos``: records each missed deadline once.

Every ``PQRS_VENCIMIENTOS_SEGUNDOS`` (60 by default) it runs ``MarcarPlazosIncumplidos``:
each open solicitud past its deadline gets one ``PlazoPQRSIncumplido`` (audit and the
dashboards consume it). Several instances may run: rows are taken with ``SKIP LOCKED`` and
the aggregate records the event only once. Stops on SIGTERM/SIGINT after the batch in hand.
"""

import asyncio
import contextlib

from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker
from pqrs.application.comandos import MarcarPlazosIncumplidos
from pqrs.bootstrap import bootstrap
from pqrs.settings import PqrsSettings

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = PqrsSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url)
    aplicacion = bootstrap(
        engine, secreto=settings.secreto_codigos, archivos_dir=settings.archivos_dir
    )
    log.info("vencimientos_iniciado", cada_segundos=settings.vencimientos_segundos)
    try:
        while not stop.is_set():
            try:
                marcadas = await aplicacion.ejecutar(MarcarPlazosIncumplidos())
                if marcadas:
                    log.info("plazos_incumplidos", cantidad=marcadas)
            except Exception as error:  # keep running: the next round retries
                log.warning("vencimientos_fallo", error=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), timeout=settings.vencimientos_segundos)
    finally:
        await engine.dispose()
        log.info("vencimientos_detenido")


if __name__ == "__main__":
    run_worker(main)
