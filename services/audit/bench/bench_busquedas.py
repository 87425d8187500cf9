"""Searches of the archive at scale: ``N`` archived events (default 1 000 000), then the API's
own queries (``ArchivoSql``) timed by subject and by affiliate, with their plans.

    uv run python services/audit/bench/bench_busquedas.py [--eventos 1000000] [--consultas 1000]

Creates a throw-away database (dropped at the end), fills it with one INSERT … SELECT
generate_series (10 events per subject, 60 % of them about an affiliate, ~300-byte payloads),
ANALYZEs it, and prints p50/p99 of each query and the EXPLAIN (ANALYZE, BUFFERS) of one.
The rows are synthetic (their seals are not a valid chain): this measures reads only.
"""

from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import time
import uuid
from pathlib import Path

import asyncpg
from sqlalchemy import text

from audit.adapters.archivo_sql import ArchivoSql
from audit.application.modelos import FiltroEventos
from eps_runtime.db import create_engine
from eps_runtime.migrations import upgrade_to_head

SERVICIO = Path(__file__).resolve().parents[1]
ADMIN = "postgresql://eps:eps@127.0.0.1:55432/postgres"

LLENAR = """
INSERT INTO archivo (topico, particion, desplazamiento, secuencia, evento_id, ce_source,
    ce_type, ce_time, ce_subject, aggregate_type, aggregate_version, servicio, afiliado_id,
    clave, datos, hash_anterior, hash)
SELECT 'eps.bench.t' || (i % 5), (i / 5) % 3, i, i, md5('e' || i)::uuid, '/eps/bench',
    'co.eps.bench.Evento' || (i % 7) || '.v1',
    timestamptz '2026-01-01' + (i || ' seconds')::interval,
    md5('s' || (i % $1))::uuid, 'Agregado', 1 + i / $1, 'servicio' || (i % 6),
    CASE WHEN (i % $1) % 10 < 6 THEN md5('s' || (i % $1))::uuid END,
    convert_to(md5('s' || (i % $1)), 'UTF8'),
    convert_to(repeat('{"campo":"valor de prueba"}', 11), 'UTF8'),
    sha256(convert_to('a' || i, 'UTF8')), sha256(convert_to('b' || i, 'UTF8'))
FROM generate_series(1, $2) AS i
"""


def _p(valores: list[float], q: float) -> float:
    return statistics.quantiles(valores, n=100)[int(q) - 1] if len(valores) > 1 else valores[0]


async def main(eventos: int, consultas: int) -> None:
    nombre = f"audit_bench_{uuid.uuid4().hex[:8]}"
    admin = await asyncpg.connect(ADMIN)
    await admin.execute(f'CREATE DATABASE "{nombre}"')
    url = f"postgresql+asyncpg://eps:eps@127.0.0.1:55432/{nombre}"
    try:
        await asyncio.to_thread(upgrade_to_head, SERVICIO, url)
        crudo = await asyncpg.connect(url.replace("+asyncpg", ""))
        sujetos = max(1, eventos // 10)
        inicio = time.perf_counter()
        await crudo.execute(LLENAR.replace("$1", str(sujetos)).replace("$2", str(eventos)))
        await crudo.execute("ANALYZE archivo")
        print(f"{eventos} eventos archivados en {time.perf_counter() - inicio:.1f} s")
        motor = create_engine(url)
        archivo = ArchivoSql(motor)
        azar = random.Random(2026)
        ids = [
            uuid.UUID(await crudo.fetchval("SELECT md5('s' || $1::text)", str(i)))
            for i in azar.sample(range(sujetos), min(200, sujetos))
        ]
        for etiqueta, consulta in (
            ("por sujeto", lambda s: archivo.buscar(FiltroEventos(sujeto=s), None, 100)),
            ("historia de un afiliado", lambda s: archivo.historial(s, None, 100)),
        ):
            tiempos = []
            for n in range(consultas):
                t0 = time.perf_counter()
                await consulta(ids[n % len(ids)])
                tiempos.append((time.perf_counter() - t0) * 1000)
            print(
                f"{etiqueta}: {consultas} consultas, p50 {_p(tiempos, 50):.2f} ms, "
                f"p99 {_p(tiempos, 99):.2f} ms, máx {max(tiempos):.2f} ms"
            )
        async with motor.connect() as conn:
            for sql in (
                "SELECT * FROM archivo WHERE ce_subject = :s AND posicion > 0 "
                "ORDER BY posicion LIMIT 101",
                "SELECT * FROM archivo WHERE afiliado_id = :s ORDER BY ce_time, posicion LIMIT 101",
            ):
                plan = await conn.execute(
                    text(f"EXPLAIN (ANALYZE, BUFFERS, COSTS OFF) {sql}"), {"s": ids[0]}
                )
                print("\n".join(f"    {fila[0]}" for fila in plan))
        await motor.dispose()
        await crudo.close()
    finally:
        await admin.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        await admin.close()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--eventos", type=int, default=1_000_000)
    parser.add_argument("--consultas", type=int, default=1000)
    args = parser.parse_args()
    asyncio.run(main(args.eventos, args.consultas))
