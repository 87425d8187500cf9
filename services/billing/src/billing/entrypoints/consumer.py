"""``python -m billing.entrypoints.consumer``: turns authorizations' OPS into obligations and
keeps the cotizantes read model from affiliation's affiliates, until SIGTERM/SIGINT
(``run_service_consumers``: exactly-once effects, dead-letter topic)."""

import asyncio

from billing.adapters.afiliados_projection import AfiliadosProjection
from billing.adapters.ops_projection import OPSProjection
from billing.bootstrap import bootstrap, pasarela_de
from billing.settings import BillingSettings
from eps_runtime.consumer import run_service_consumers
from eps_runtime.db import create_engine
from eps_runtime.process import run_worker


async def main(stop: asyncio.Event) -> None:
    settings = BillingSettings()
    engine = create_engine(settings.database_url, pool_size=1)
    aplicacion = bootstrap(engine, pasarela_de(settings))
    try:
        await run_service_consumers(
            settings,
            [
                OPSProjection(aplicacion.en_conexion, settings.topic_prefix),
                AfiliadosProjection(settings.topic_prefix),
            ],
            stop,
        )
    finally:
        await engine.dispose()


if __name__ == "__main__":
    run_worker(main)
