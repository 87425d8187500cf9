"""The dashboard read over HTTP: the portal's ``GET /mi/tablero`` vs a bare single-row API.

Data: a fresh portal database migrated to head, the dashboard built by
``ExactlyOnceConsumer(projection=TableroProjection(...))`` from the events of N families
(the tablero section's families: a cotizante and 1 to 3 members each).

Ours: the real portal API process (``python -m portal.entrypoints.api``, as its container
runs it: uvicorn through ``eps_runtime.http.servir``) serving
``GET /mi/tablero`` to random cotizantes, each request with that cotizante's own affiliate
token (signed before timing, verified by the portal against a JWKS file).

Baseline: ``bench/lectura_base_app.py`` in its own uvicorn process — FastAPI, one route,
one ``SELECT * FROM tablero_personas`` row through an asyncpg pool, returned as JSON — on
the same database, for the same random cotizantes.

Both are driven by the same keep-alive HTTP/1.1 client (``bench/http_client.py``) in a
closed loop at a fixed concurrency; rounds alternate (ours, baseline, ours, …) so both see
the same machine; the ratio is the median of each round's ratio.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import resource
import tempfile
import time
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import timedelta
from pathlib import Path

from bench.common import BenchRun, Latencies, Throughput, plain_dsn, progress
from bench.http_client import HttpClient
from bench.results import Better, Comparison, Sample, SectionResult
from bench.stack import Processes, StackError, free_port, uvicorn_args, wait_ready
from bench.tablero_bench import PORTAL, Familia, _build, _fill_topic, familias
from eps_runtime.auth import Rol
from eps_runtime.migrations import upgrade_to_head
from eps_runtime.testing.tokens import EmisorTokens
from portal.adapters.tablero_projection import TOPICO

SECTION = "lectura"
OURS_CASE = "GET /mi/tablero (portal API)"
BASE_CASE = "GET /personas/{id} (bare FastAPI + asyncpg)"
EVENTS_PER_FAMILY = 10  # families = consumer_events / 10: 2000 at full size, 300 quick
CONCURRENCY = 16
ROUND_SECONDS = 5.0
QUICK_ROUND_SECONDS = 1.5
STARTUP_TIMEOUT = 60.0

Enviar = Callable[[Familia], Awaitable[tuple[int, bytes]]]


@dataclass(frozen=True)
class _Ronda:
    throughput: Throughput
    latencies: Latencies
    client_cpu: float  # share of one core the bench process used meanwhile


async def run(bench: BenchRun) -> SectionResult:
    config = bench.config
    quick = config.rounds == 1
    rng = random.Random(20261203)
    n_familias = config.consumer_events // EVENTS_PER_FAMILY
    grupo = familias(n_familias * 7, rng)[:n_familias]  # ≈ 6.5 events each
    prefix = bench.topic_prefix(SECTION)
    n = await _fill_topic(bench.kafka, prefix + TOPICO, grupo)
    url = await bench.create_database(SECTION)
    await asyncio.to_thread(upgrade_to_head, PORTAL, url)  # alembic owns a loop
    built = await _build(url, bench.kafka, prefix)
    if built.count != n:
        raise RuntimeError(f"the projection applied {built.count} of {n} events")
    personas = sum(1 + len(f.miembros) for f in grupo)
    progress(SECTION, f"dashboard built: {personas} people of {len(grupo)} families")
    result = SectionResult(
        "Dashboard read (HTTP)",
        f"Dashboard read over HTTP ({len(grupo)} families, {personas} people, "
        f"{CONCURRENCY} concurrent requests)",
    )
    seconds = QUICK_ROUND_SECONDS if quick else ROUND_SECONDS
    rondas = await _measure(bench, url, grupo, config.rounds, seconds, rng)
    ours = [o for o, _ in rondas]
    base = [b for _, b in rondas]
    for round_, (o, b) in enumerate(rondas, start=1):
        _record(result, OURS_CASE, round_, o)
        _record(result, BASE_CASE, round_, b)
    result.comparisons.append(
        Comparison.of_rounds(
            result.name,
            f"dashboard read, {CONCURRENCY} concurrent",
            "requests/s",
            "GET /mi/tablero",
            "bare FastAPI + asyncpg row",
            0.5,
            [r.throughput.per_second for r in ours],
            [r.throughput.per_second for r in base],
        )
    )
    result.comparisons += [_latency(result.name, percent, ours, base) for percent in (50, 99)]
    result.method = [
        f"Data: {n} affiliation events of {len(grupo)} families (the dashboard section's "
        "families, 1 to 3 members each) built into a fresh portal database migrated to head "
        "by `ExactlyOnceConsumer(projection=TableroProjection(...))` before timing.",
        "Ours: `python -m portal.entrypoints.api` as its container runs it (uvicorn, one "
        "process, `EPS_ENTORNO=desarrollo`, "
        "tokens verified against a JWKS file of `EmisorTokens`) answering `GET /mi/tablero` "
        "for a random cotizante per request, with that cotizante's own affiliate token: "
        "token check, his row, his family group's join, every domain section of the "
        "dashboard (authorizations, payments, incapacities, PQRS; empty here), the "
        "`Tablero` response model. Every token is used once in the warm-up, as a front end "
        "resends the one it holds, so the portal's verified-token cache knows them all.",
        "Baseline: `uvicorn bench.lectura_base_app:app` (one process): FastAPI, one route "
        "`GET /personas/{id}` returning `SELECT * FROM tablero_personas WHERE afiliado_id = "
        "$1` (one row) as JSON through an asyncpg pool of 10, no authentication, no "
        "middleware; same database, same random cotizantes.",
        f"Client: `bench/http_client.py` (keep-alive HTTP/1.1) in a closed loop of "
        f"{CONCURRENCY} concurrent requests for {seconds:g} s per round, rounds alternating "
        f"ours / baseline, {config.rounds} of each; the throughput ratio is the median of "
        "each round's ratio; latencies are p50/p99 of all rounds' requests (the ratio of "
        "each round's percentile medianed). Client and servers share the machine's 2 cores "
        "(the client's share of a core is in each round's detail).",
    ]
    return result


async def _measure(
    bench: BenchRun,
    url: str,
    grupo: list[Familia],
    rounds: int,
    seconds: float,
    rng: random.Random,
) -> list[tuple[_Ronda, _Ronda]]:
    emisor = EmisorTokens()
    jwks = Path(tempfile.mkdtemp(prefix="bench-auth-")) / "jwks.json"
    emisor.guardar_jwks(jwks)
    tokens = {
        f.cotizante_id: "Bearer "
        + emisor.emitir(rol=Rol.AFILIADO, afiliado_id=f.cotizante_id, vigencia=timedelta(hours=2))
        for f in grupo
    }
    env = {
        **os.environ,
        "AUTH_JWKS_FILE": str(jwks),
        "PORTAL_DATABASE_URL": url,
        "KAFKA_BOOTSTRAP_SERVERS": bench.kafka,
        "EPS_TOPIC_PREFIX": bench.topic_prefix(SECTION),
        "EPS_ENTORNO": "desarrollo",  # the portal's development CAPTCHA may be wired
        "PORTAL_LOG_LEVEL": "WARNING",
        "LECTURA_BASE_DSN": plain_dsn(url),
    }
    ours_port, base_port = free_port(), free_port()
    with tempfile.TemporaryDirectory(prefix="bench-lectura-") as logs:
        async with Processes(Path(logs), env) as processes:
            # The portal as its container runs it (``servir``: uvicorn, no access log).
            processes.env = {**env, "PORTAL_HTTP_PORT": str(ours_port)}
            await processes.start("portal", "-m", "portal.entrypoints.api")
            processes.env = env
            await processes.start("base", *uvicorn_args("bench.lectura_base_app:app", base_port))
            async with (
                HttpClient("127.0.0.1", ours_port, max_connections=CONCURRENCY) as portal,
                HttpClient("127.0.0.1", base_port, max_connections=CONCURRENCY) as base,
            ):
                await wait_ready(portal, processes, timeout=STARTUP_TIMEOUT)
                await wait_ready(base, processes, path="/docs", timeout=STARTUP_TIMEOUT)

                async def ours(familia: Familia) -> tuple[int, bytes]:
                    return await portal.get(
                        "/mi/tablero", authorization=tokens[familia.cotizante_id]
                    )

                async def baseline(familia: Familia) -> tuple[int, bytes]:
                    return await base.get(f"/personas/{familia.cotizante_id}")

                await _warm_up(grupo, ours, baseline)
                progress(SECTION, f"both APIs up and warm; {rounds} round(s) of {seconds:g} s")
                rondas = []
                for round_ in range(1, rounds + 1):
                    o = await _closed_loop(ours, grupo, seconds, rng)
                    processes.check()
                    b = await _closed_loop(baseline, grupo, seconds, rng)
                    processes.check()
                    _progress(round_, rounds, OURS_CASE, o)
                    _progress(round_, rounds, BASE_CASE, b)
                    rondas.append((o, b))
                return rondas


async def _warm_up(grupo: list[Familia], ours: Enviar, baseline: Enviar) -> None:
    """Every cotizante once through both, checking each answer is his."""

    async def check(familia: Familia) -> None:
        status, body = await ours(familia)
        if status != 200:
            raise StackError(f"GET /mi/tablero answered {status}: {body[:300]!r}")
        tablero = json.loads(body)
        if uuid.UUID(tablero["afiliado_id"]) != familia.cotizante_id or len(
            tablero["grupo_familiar"]
        ) != 1 + len(familia.miembros):
            raise StackError(f"wrong dashboard for {familia.cotizante_id}: {body[:300]!r}")
        status, body = await baseline(familia)
        if status != 200 or uuid.UUID(json.loads(body)["afiliado_id"]) != familia.cotizante_id:
            raise StackError(f"the baseline answered {status}: {body[:300]!r}")

    for start in range(0, len(grupo), CONCURRENCY):
        await asyncio.gather(*(check(f) for f in grupo[start : start + CONCURRENCY]))


async def _closed_loop(
    enviar: Enviar, grupo: list[Familia], seconds: float, rng: random.Random
) -> _Ronda:
    """``CONCURRENCY`` loops, each sending its next request when the previous one answered,
    for ``seconds``; every answer must be a 200."""
    milliseconds: list[float] = []
    deadline = time.perf_counter() + seconds

    async def bucle() -> None:
        while time.perf_counter() < deadline:
            familia = rng.choice(grupo)
            started = time.perf_counter()
            status, body = await enviar(familia)
            milliseconds.append((time.perf_counter() - started) * 1000)
            if status != 200:
                raise StackError(f"answered {status}: {body[:300]!r}")

    cpu_before, started = _cpu_seconds(), time.perf_counter()
    await asyncio.gather(*(bucle() for _ in range(CONCURRENCY)))
    elapsed = time.perf_counter() - started
    return _Ronda(
        Throughput(len(milliseconds), elapsed),
        Latencies(tuple(milliseconds)),
        (_cpu_seconds() - cpu_before) / elapsed,
    )


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def _progress(round_: int, rounds: int, case: str, ronda: _Ronda) -> None:
    progress(
        SECTION,
        f"round {round_}/{rounds} {case:<44} {ronda.throughput.per_second:7.0f} req/s  "
        f"p50 {ronda.latencies.p50:6.2f} ms  p99 {ronda.latencies.p99:6.2f} ms",
    )


def _record(result: SectionResult, case: str, round_: int, ronda: _Ronda) -> None:
    result.samples.append(
        Sample(
            case,
            round_,
            ronda.throughput.per_second,
            "requests/s",
            f"{ronda.throughput.count} in {ronda.throughput.seconds:.2f} s; "
            f"p50 {ronda.latencies.p50:.2f} ms, p99 {ronda.latencies.p99:.2f} ms; "
            f"client {ronda.client_cpu:.0%} of a core",
        )
    )


def _latency(section: str, percent: int, ours: list[_Ronda], base: list[_Ronda]) -> Comparison:
    comparison = Comparison.of_rounds(
        section,
        f"dashboard read p{percent}, {CONCURRENCY} concurrent",
        "ms",
        "GET /mi/tablero",
        "bare FastAPI + asyncpg row",
        None,
        [r.latencies.percentile(percent) for r in ours],
        [r.latencies.percentile(percent) for r in base],
    )
    everything = Latencies(tuple(ms for r in ours for ms in r.latencies.milliseconds))
    baseline = Latencies(tuple(ms for r in base for ms in r.latencies.milliseconds))
    return replace(
        comparison,
        better=Better.LOWER,
        ours=everything.percentile(percent),
        baseline=baseline.percentile(percent),
    )
