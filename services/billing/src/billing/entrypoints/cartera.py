"""``python -m billing.entrypoints.cartera``: evaluates the arrears of every cotizante once
(a daily cronjob): ``MoraDetectada`` for periods unpaid past their due date, ``MoraSaldada``
when they are covered; running it again records nothing new."""

import asyncio

from billing.bootstrap import bootstrap, pasarela_de
from billing.settings import BillingSettings
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)


async def barrer() -> int:
    settings = BillingSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        cambios = await bootstrap(engine, pasarela_de(settings)).barrer_mora()
    finally:
        await engine.dispose()
    log.info("cartera_evaluada", cambios=cambios)
    return cambios


if __name__ == "__main__":
    asyncio.run(barrer())
