"""``python -m billing.entrypoints.reconsulta``: every ``BILLING_RECONSULTA_CADA_S`` seconds,
asks the gateway about transactions without a final state ``BILLING_RECONSULTA_MINUTOS``
(7) after creation, until SIGTERM/SIGINT (the round in hand finishes)."""

import asyncio
import contextlib

from billing.bootstrap import bootstrap, pasarela_de
from billing.settings import BillingSettings
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.process import run_worker

log = get_logger(__name__)


async def main(stop: asyncio.Event) -> None:
    settings = BillingSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url, pool_size=2)
    aplicacion = bootstrap(engine, pasarela_de(settings))
    log.info("reconsulta_iniciada", minutos=settings.reconsulta_minutos)
    try:
        while not stop.is_set():
            try:
                resueltas = await aplicacion.reconsultar(settings.reconsulta_minutos)
                if resueltas:
                    log.info("reconsulta_ronda", resueltas=resueltas)
            except Exception as error:  # the database may be down: retry next round
                log.warning("reconsulta_fallida", error=type(error).__name__)
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), settings.reconsulta_cada_s)
    finally:
        await engine.dispose()


if __name__ == "__main__":
    run_worker(main)
