"""``python -m billing.entrypoints.facturas_pac [--periodo AAAA-MM]``: emits the month's PAC
invoices (the current month by default), one per contract in force; running it again emits
nothing new (a monthly cronjob)."""

import argparse
import asyncio
import re
from datetime import datetime

from billing.bootstrap import bootstrap, pasarela_de
from billing.settings import BillingSettings
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.db import create_engine


async def emitir(periodo: str) -> None:
    settings = BillingSettings()
    engine = create_engine(settings.database_url, pool_size=2)
    try:
        resultado = await bootstrap(engine, pasarela_de(settings)).emitir_facturas_pac(periodo)
    finally:
        await engine.dispose()
    print(
        f"PAC {periodo}: {resultado.emitidas} facturas emitidas, {resultado.existentes} ya "
        f"existían, {resultado.sin_tarifa} contratos sin tarifa vigente"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--periodo", default=f"{datetime.now(ZONA_COLOMBIA):%Y-%m}")
    periodo = parser.parse_args().periodo
    if not re.fullmatch(r"[0-9]{4}-(0[1-9]|1[0-2])", periodo):
        parser.error("el periodo debe tener la forma AAAA-MM")
    asyncio.run(emitir(periodo))


if __name__ == "__main__":
    main()
