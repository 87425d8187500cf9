"""``python -m notifications.entrypoints.resumen``: e-mails per state, for whoever operates it.

One line per state (and reason, for those that cannot be sent) with how many there are and
when the oldest was recorded: ``esperando_contacto`` rows wait for the directory to learn
their recipient; ``no_enviable`` ones (``sin_correo``: the person has no e-mail on record)
are never retried. No addresses, names or bodies are printed.
"""

import asyncio
import sys

from eps_runtime.db import create_engine
from notifications.adapters.resumen_envios import EstadoEnvios, resumen
from notifications.bootstrap import bootstrap


def tabla(estados: list[EstadoEnvios]) -> str:
    filas = [f"{'estado':<20}  {'motivo':<18}  {'cantidad':>8}  desde"]
    for e in estados:
        filas.append(
            f"{e.estado:<20}  {e.motivo or '':<18}  {e.cantidad:>8}  {e.desde:%Y-%m-%d %H:%M}"
        )
    return "\n".join(filas)


async def _leer(database_url: str) -> list[EstadoEnvios]:
    engine = create_engine(database_url, pool_size=1)
    try:
        return await resumen(engine)
    finally:
        await engine.dispose()


def main() -> int:
    print(tabla(asyncio.run(_leer(bootstrap().settings.database_url))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
