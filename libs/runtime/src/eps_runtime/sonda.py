"""Probes for processes that serve no HTTP (workers, in Kubernetes ``exec`` probes).

    python -m eps_runtime.sonda vivo  [--archivo /tmp/eps-latido] [--max-edad 60]
    python -m eps_runtime.sonda listo --servicio affiliation

``vivo`` (liveness): the worker's heartbeat file (``eps_runtime.process.run_worker`` writes it
while its event loop turns) is younger than ``--max-edad`` seconds. ``listo`` (readiness): the
service's database (``<SERVICIO>_DATABASE_URL``) and Kafka (``KAFKA_BOOTSTRAP_SERVERS``) answer,
the same checks as an API's ``/readyz``. Exit status 0 when healthy, 1 otherwise; one line on
stderr says which check failed (its error type only: no URL, no credentials).
"""

from __future__ import annotations

import argparse
import asyncio
import logging
import os
import sys
import time
from pathlib import Path

LATIDO_POR_DEFECTO = "/tmp/eps-latido"


def vivo(archivo: Path, max_edad: float) -> bool:
    """True when ``archivo`` was written less than ``max_edad`` seconds ago."""
    try:
        edad = time.time() - archivo.stat().st_mtime
    except OSError:
        return False
    return edad < max_edad


async def listo(servicio: str) -> list[str]:
    """The names of the dependencies of ``servicio`` that do not answer (empty: ready)."""
    # Imported here: ``vivo`` runs every few seconds and must stay cheap.
    from sqlalchemy.ext.asyncio import create_async_engine

    from eps_runtime.health import database_ready, kafka_ready
    from eps_runtime.settings import DEFAULT_KAFKA, database_url_for

    # The probe's stderr is its one line per failed check: the clients' own error logs (with
    # addresses) stay out of it.
    logging.getLogger("aiokafka").setLevel(logging.CRITICAL)
    url = os.environ.get(f"{servicio.upper()}_DATABASE_URL") or database_url_for(servicio)
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", DEFAULT_KAFKA)
    fallas: list[str] = []
    engine = create_async_engine(url, pool_pre_ping=False)
    try:
        await asyncio.wait_for(database_ready(engine), timeout=5)
    except Exception as error:
        fallas.append(f"database: {type(error).__name__}")
    finally:
        await engine.dispose()
    try:
        await asyncio.wait_for(kafka_ready(kafka), timeout=5)
    except Exception as error:
        fallas.append(f"kafka: {type(error).__name__}")
    return fallas


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m eps_runtime.sonda")
    orden = parser.add_subparsers(dest="orden", required=True)
    p_vivo = orden.add_parser("vivo", help="el latido del proceso es reciente")
    p_vivo.add_argument(
        "--archivo", default=os.environ.get("EPS_LATIDO_ARCHIVO", LATIDO_POR_DEFECTO)
    )
    p_vivo.add_argument("--max-edad", type=float, default=60.0)
    p_listo = orden.add_parser("listo", help="la base de datos y Kafka responden")
    p_listo.add_argument("--servicio", required=True)
    args = parser.parse_args(argv)
    if args.orden == "vivo":
        if vivo(Path(args.archivo), args.max_edad):
            return 0
        print("latido: ausente o viejo", file=sys.stderr)
        return 1
    fallas = asyncio.run(listo(args.servicio))
    for falla in fallas:
        print(falla, file=sys.stderr)
    return 1 if fallas else 0


if __name__ == "__main__":
    sys.exit(main())
