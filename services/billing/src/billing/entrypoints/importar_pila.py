"""``python -m billing.entrypoints.importar_pila ARCHIVO…``: imports PILA planillas from
files (what a directory watcher or an operator's drop folder hands over), streamed, with a
progress bar; importing a file again changes nothing."""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

from tqdm import tqdm

from billing.bootstrap import bootstrap, pasarela_de
from billing.settings import BillingSettings
from eps_runtime.db import create_engine


async def _lineas(ruta: Path) -> AsyncIterator[bytes]:
    with ruta.open("rb") as archivo:
        for linea in archivo:
            yield linea[:4096]


async def importar(rutas: list[Path]) -> int:
    settings = BillingSettings()
    engine = create_engine(settings.database_url, pool_size=2)
    aplicacion = bootstrap(engine, pasarela_de(settings))
    errores = 0
    try:
        for ruta in rutas:
            with tqdm(desc=ruta.name, unit=" líneas") as barra:
                resultado = await aplicacion.importar_planilla(_lineas(ruta), barra.update)
            print(
                f"{ruta.name}: planilla {resultado.planilla} ({resultado.periodo}): "
                f"{resultado.registrados} aportes nuevos, {resultado.repetidos} ya registrados, "
                f"{resultado.total_errores} líneas rechazadas"
            )
            for error in resultado.errores[:20]:
                print(f"  línea {error.numero_linea}: {error.motivo}")
            errores += resultado.total_errores
    finally:
        await engine.dispose()
    return 1 if errores else 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("archivos", nargs="+", type=Path)
    raise SystemExit(asyncio.run(importar(parser.parse_args().archivos)))


if __name__ == "__main__":
    main()
