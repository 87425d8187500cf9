"""``python -m identity.entrypoints.purga [--lote N]``: deletes what identity no longer needs.

Expired or used registration questions and tickets, old activation / reset links, ended
sessions with their refresh tokens, login failures out of the throttling window and idle
rate-limit buckets (``identity.application.purga`` says exactly which and why), in batches
of ``--lote`` rows (1000), each its own transaction. Prints the rows deleted per table.
Idempotent: run it as often as you like (e.g. hourly, from cron or a Kubernetes CronJob).
Uses ``IDENTITY_DATABASE_URL``. Exit status 0, 2 on bad arguments.
"""

import argparse
import asyncio
import sys
from collections.abc import Callable, Sequence
from datetime import datetime

from eps_runtime.db import create_engine
from identity.adapters.purga import LOTE, purgar
from identity.domain.cuentas import ahora_utc
from identity.settings import IdentitySettings


async def _purgar(settings: IdentitySettings, reloj: Callable[[], datetime], lote: int) -> int:
    engine = create_engine(settings.database_url)
    try:
        cuentas = await purgar(engine, reloj(), lote=lote)
    finally:
        await engine.dispose()
    for tabla, n in cuentas.items():
        print(f"{tabla}: {n}")
    print(f"total: {sum(cuentas.values())}")
    return 0


def main(
    argv: Sequence[str] | None = None,
    settings: IdentitySettings | None = None,
    *,
    reloj: Callable[[], datetime] = ahora_utc,
) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m identity.entrypoints.purga",
        description="Borra enlaces, tiquetes, sesiones y límites vencidos o usados.",
    )
    parser.add_argument("--lote", type=int, default=LOTE, help="filas por transacción")
    args = parser.parse_args(argv)
    if args.lote < 1:
        parser.error("--lote debe ser un entero positivo")
    return asyncio.run(_purgar(settings or IdentitySettings(), reloj, args.lote))


if __name__ == "__main__":
    sys.exit(main())
