"""``python -m audit exportar [--afiliado ID] [--servicio S] [--tipo T] [--desde D] [--hasta D]
--formato csv|parquet --salida ARCHIVO``: the archive's export from the command line, streamed
(one batch in memory) with a progress bar on stderr.

It reads personal data, so it records the access like the API does: the reader is
``cli-<operating-system user>`` with the ``auditor`` role.
"""

from __future__ import annotations

import argparse
import asyncio
import getpass
import re
import sys
from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from pathlib import Path
from uuid import UUID

from tqdm import tqdm

from audit.application.modelos import EventoArchivado, FiltroEventos
from audit.bootstrap import bootstrap
from audit.entrypoints.csv_export import filas_csv
from audit.entrypoints.parquet_export import bytes_parquet
from audit.settings import AuditSettings
from eps_runtime.auth import Llamante, Rol
from eps_runtime.db import create_engine

OPERACION = "GET /cli/exportar"


def _lector() -> Llamante:
    usuario = re.sub(r"[^A-Za-z0-9._-]", "-", getpass.getuser())[:90] or "desconocido"
    return Llamante(usuario_id=f"cli-{usuario}", rol=Rol.AUDITOR)


async def exportar(
    settings: AuditSettings, filtro: FiltroEventos, formato: str, salida: Path
) -> int:
    engine = create_engine(settings.database_url)
    try:
        aplicacion = bootstrap(engine, settings)
        eventos = await aplicacion.auditoria.exportar(_lector(), filtro, OPERACION)
        barra = tqdm(desc="exportando", unit=" eventos", file=sys.stderr)

        async def contados() -> AsyncIterator[EventoArchivado]:
            async for evento in eventos:
                barra.update(1)
                yield evento

        partes = filas_csv(contados()) if formato == "csv" else bytes_parquet(contados())
        with salida.open("wb") as archivo:
            async for parte in partes:
                archivo.write(parte)
        barra.close()
        return int(barra.n)
    finally:
        await engine.dispose()


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m audit exportar", description=__doc__)
    p.add_argument("--afiliado", type=UUID)
    p.add_argument("--sujeto", type=UUID)
    p.add_argument("--servicio")
    p.add_argument("--tipo")
    p.add_argument("--desde", type=datetime.fromisoformat)
    p.add_argument("--hasta", type=datetime.fromisoformat)
    p.add_argument("--formato", choices=("csv", "parquet"), default="csv")
    p.add_argument("--salida", type=Path, required=True)
    return p


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    filtro = FiltroEventos(
        sujeto=args.sujeto,
        tipo=args.tipo,
        servicio=args.servicio,
        afiliado_id=args.afiliado,
        desde=args.desde,
        hasta=args.hasta,
    )
    n = asyncio.run(exportar(AuditSettings(), filtro, args.formato, args.salida))
    print(f"{n} eventos exportados a {args.salida}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
