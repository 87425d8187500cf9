"""``python -m audit verificar`` (or ``python -m audit.entrypoints.verificar``): re-computes
the whole archive's hash chains and reports the first broken link of each partition.

Exit status 0 when every chain holds, 1 when something was altered or removed (the lines
name the topic, partition, sequence number and offset), 2 when the database is unreachable.
It prints coordinates only, never a payload.
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from tqdm import tqdm

from audit.adapters.verificacion import Informe, verificar
from audit.settings import AuditSettings
from eps_runtime.db import create_engine


async def ejecutar(database_url: str, *, progreso: bool = True) -> Informe:
    engine = create_engine(database_url)
    try:
        with tqdm(desc="verificando", unit=" registros", disable=not progreso) as barra:
            return await verificar(engine, barra.update)
    finally:
        await engine.dispose()


def informar(informe: Informe) -> list[str]:
    lineas = [f"{informe.revisados} registros en {informe.particiones} particiones revisados."]
    for rotura in informe.roturas:
        lineas.append(f"ROTO {rotura.describir()}")
    for consumidor, evento_id in informe.faltantes:
        lineas.append(f"FALTA el evento {evento_id} que {consumidor} archivó (fue borrado)")
    lineas.append("Cadena íntegra." if informe.integro else "La cadena está rota.")
    return lineas


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    try:
        informe = asyncio.run(ejecutar(AuditSettings().database_url, progreso=sys.stderr.isatty()))
    except OSError as error:
        print(f"No se pudo leer el archivo: {type(error).__name__}", file=sys.stderr)
        return 2
    for linea in informar(informe):
        print(linea)
    return 0 if informe.integro else 1


if __name__ == "__main__":
    sys.exit(main())
