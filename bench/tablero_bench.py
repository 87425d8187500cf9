"""The portal's dashboard: building ``TableroProjection`` and reading a ``Tablero``.

A fresh topic holds the events of N/≈6 families as affiliation publishes them: the
cotizante's ``AfiliadoRegistrado``, one ``BeneficiarioIncluido`` per member on the
cotizante's stream, each member's own ``AfiliadoRegistrado``, a
``DatosContactoActualizados`` of the cotizante and, in every other family, an
``IPSPrimariaCambiada``; each record at its aggregate's version, keyed by aggregate.

1. Build: ``ExactlyOnceConsumer(projection=TableroProjection(...))`` timed with
   ``run_until_caught_up`` on a fresh migrated portal database, vs the consumer section's
   baseline (a raw aiokafka consumer reading to the end offsets, counting only).
2. Read: ``ConsultaTablero.tablero(llamante)`` for random cotizantes, as the portal wires it
   (``LecturaTableroSql``), vs a single-row ``SELECT * FROM tablero_personas`` through the
   same engine; the two alternate request by request, so both see the same machine.
"""

from __future__ import annotations

import asyncio
import random
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import (
    BenchRun,
    Latencies,
    Stopwatch,
    Throughput,
    checkpoint,
    execute,
    progress,
    record_round,
)
from bench.consumer_bench import PARTITIONS, _raw_consumer
from bench.results import Better, Comparison, Sample, SectionResult
from eps_contracts.events import (
    BeneficiarioIncluido,
    DomainEvent,
    IPSPrimariaCambiada,
)
from eps_contracts.examples import afiliado_registrado, datos_contacto_actualizados
from eps_contracts.types import CausalInclusion, Parentesco, TipoAfiliado, TipoDocumento
from eps_runtime.auth import Llamante, Rol
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.kafka import create_producer, ensure_topics
from eps_runtime.migrations import upgrade_to_head
from eps_runtime.testing.events import kafka_record
from portal.adapters.avisos import Avisos
from portal.adapters.tablero_lectura import LecturaTableroSql
from portal.adapters.tablero_projection import GRUPO, TOPICO, TableroProjection
from portal.application.tablero import ConsultaTablero

SECTION = "tablero"
RAW_CASE = "raw aiokafka consumer (count only)"
OURS_CASE = "ExactlyOnceConsumer + TableroProjection"
READ_CASE = "ConsultaTablero.tablero(llamante)"
ROW_CASE = "SELECT * FROM tablero_personas (1 row)"
PORTAL = Path(__file__).resolve().parents[1] / "services" / "portal"
READS_PER_EVENT = 1 / 20  # dashboard reads per round: 1000 at the default 20,000 events
READ_WARMUP = 50

_FILA = text("SELECT * FROM tablero_personas WHERE afiliado_id = :id")


@dataclass(frozen=True)
class Familia:
    """A cotizante and his members, and the events affiliation publishes for them."""

    cotizante_id: uuid.UUID
    miembros: tuple[tuple[uuid.UUID, Parentesco], ...]
    cambia_ips: bool

    def eventos(self) -> Iterator[tuple[DomainEvent, int]]:
        """Each event with its aggregate's version (the cotizante's stream counts up)."""
        version = 1
        yield afiliado_registrado(afiliado_id=self.cotizante_id, numero_documento=_cc()), version
        for miembro_id, parentesco in self.miembros:
            version += 1
            yield _inclusion(self.cotizante_id, miembro_id, parentesco), version
            yield _miembro(self.cotizante_id, miembro_id, parentesco), 1
        version += 1
        yield datos_contacto_actualizados(afiliado_id=self.cotizante_id), version
        if self.cambia_ips:
            version += 1
            yield _ips(self.cotizante_id), version


def familias(n_eventos: int, rng: random.Random) -> list[Familia]:
    """Families of 1 to 3 members until they publish at least ``n_eventos`` events."""
    resultado: list[Familia] = []
    total = 0
    while total < n_eventos:
        parentescos = (Parentesco.CONYUGE, Parentesco.HIJO, Parentesco.HIJO)[: rng.randint(1, 3)]
        familia = Familia(
            uuid.uuid4(), tuple((uuid.uuid4(), p) for p in parentescos), len(resultado) % 2 == 0
        )
        resultado.append(familia)
        total += 2 + 2 * len(familia.miembros) + familia.cambia_ips
    return resultado


def _cc() -> str:
    return str(uuid.uuid4().int)[:10].lstrip("0") or "1234"


def _inclusion(
    cotizante_id: uuid.UUID, miembro_id: uuid.UUID, parentesco: Parentesco
) -> BeneficiarioIncluido:
    return BeneficiarioIncluido(
        afiliado_id=cotizante_id,
        beneficiario_id=miembro_id,
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        parentesco=parentesco,
        causal=CausalInclusion.HIJO_MENOR_DE_18
        if parentesco is Parentesco.HIJO
        else CausalInclusion.CONYUGE,
        fecha=date(2026, 11, 1),
    )


def _miembro(cotizante_id: uuid.UUID, miembro_id: uuid.UUID, parentesco: Parentesco) -> DomainEvent:
    hijo = parentesco is Parentesco.HIJO
    return afiliado_registrado(
        afiliado_id=miembro_id,
        tipo_documento=TipoDocumento.TI if hijo else TipoDocumento.CC,
        numero_documento=_cc(),
        primer_nombre="Tomás" if hijo else "Lucía",
        segundo_nombre=None,
        fecha_nacimiento=date(2015, 3, 9) if hijo else date(1991, 8, 1),
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante_id,
        parentesco=parentesco,
        email=None if hijo else "lucia.rojas@example.com",
        telefono_movil=None,
    )


def _ips(cotizante_id: uuid.UUID) -> IPSPrimariaCambiada:
    return IPSPrimariaCambiada(
        afiliado_id=cotizante_id,
        ips_anterior_codigo="760010000001",
        ips_primaria_codigo="760010000005",
        ips_primaria_nombre="IPS VIDASANA CALI SEDE OCCIDENTE",
        ips_primaria_direccion="Calle 29 # 96-21",
        ips_primaria_telefono="6024396069",
    )


async def run(bench: BenchRun) -> SectionResult:
    config = bench.config
    rng = random.Random(20261122)
    grupo = familias(config.consumer_events, rng)
    n = await _fill_topic(bench.kafka, bench.topic_prefix(SECTION) + TOPICO, grupo)
    personas = sum(1 + len(f.miembros) for f in grupo)
    result = SectionResult(
        "Dashboard (portal)",
        f"Dashboard read model ({n} events of {len(grupo)} families, {personas} people)",
    )
    url = await bench.create_database(SECTION)
    await asyncio.to_thread(upgrade_to_head, PORTAL, url)  # alembic owns a loop
    ours_rates: list[float] = []
    raw_rates: list[float] = []
    for round_ in range(1, config.rounds + 1):
        raw = await _raw_consumer(bench.kafka, bench.topic_prefix(SECTION) + TOPICO)
        raw_rates.append(raw.per_second)
        record_round(result, SECTION, RAW_CASE, round_, config.rounds, raw)
        await execute(
            url,
            "TRUNCATE tablero_personas, tablero_grupos, retraso_proyeccion, "
            "processed_events, consumer_positions",
        )
        await checkpoint(url)
        ours = await _build(url, bench.kafka, bench.topic_prefix(SECTION))
        if ours.count != n:
            raise RuntimeError(f"the projection applied {ours.count} of {n} events")
        ours_rates.append(ours.per_second)
        record_round(result, SECTION, OURS_CASE, round_, config.rounds, ours)
    result.comparisons.append(
        Comparison.of_rounds(
            result.name,
            "build the dashboard",
            "events/s",
            "ExactlyOnceConsumer + TableroProjection",
            "raw aiokafka consumer",
            0.3,  # issue 18
            ours_rates,
            raw_rates,
        )
    )
    await _check_built(url, personas)
    reads = max(100, round(config.consumer_events * READS_PER_EVENT))
    result.comparisons.extend(await _read_latency(result, url, grupo, reads, config.rounds, rng))
    result.method = [
        f"One topic with {PARTITIONS} partitions holding {n} CloudEvents records of "
        f"{len(grupo)} families (1 to 3 members each): the cotizante's `AfiliadoRegistrado`, "
        "a `BeneficiarioIncluido` per member on his stream, each member's own "
        "`AfiliadoRegistrado`, the cotizante's `DatosContactoActualizados` and, in every "
        "other family, an `IPSPrimariaCambiada`; each at its aggregate's version, keyed by "
        f"aggregate, produced before timing; median of {config.rounds} round(s).",
        "Build: `ExactlyOnceConsumer(projection=TableroProjection(...))."
        "run_until_caught_up()` on a fresh database migrated to head (tables emptied "
        "before each round): per poll, load and lock the touched rows, fold the events "
        "in memory, upsert what changed (one statement per table), `pg_notify` the change "
        "(one statement), all in the consumer's transaction. Baseline: the consumer "
        "section's raw `AIOKafkaConsumer` reading every partition to the end offsets, "
        "counting records.",
        f"Read: {reads} requests per round after {READ_WARMUP} of warm-up, each for a "
        "random cotizante, as the portal wires it (`LecturaTableroSql`: his row, then the "
        "family-group join, then the `Tablero` model; no `version_minima`). Baseline: "
        "`SELECT * FROM tablero_personas WHERE afiliado_id = :id` (one row) through the "
        "same engine and pool. The two alternate request by request; p50/p99 of all "
        "rounds' requests, the ratio of each round's percentile medianed.",
    ]
    return result


async def _fill_topic(kafka: str, topic: str, grupo: list[Familia]) -> int:
    await ensure_topics(kafka, [topic], partitions=PARTITIONS)
    producer = create_producer(kafka)
    await producer.start()
    try:
        deliveries = []
        for familia in grupo:
            for evento, version in familia.eventos():
                record = kafka_record(evento, version=version)
                deliveries.append(
                    await producer.send(
                        topic, value=record.value, key=record.key, headers=record.headers
                    )
                )
        await asyncio.gather(*deliveries)
    finally:
        await producer.stop()
    progress(SECTION, f"topic filled: {len(deliveries)} events of {len(grupo)} families")
    return len(deliveries)


async def _build(url: str, kafka: str, topic_prefix: str) -> Throughput:
    engine = create_engine(url)
    consumer = ExactlyOnceConsumer(
        projection=TableroProjection(topic_prefix), engine=engine, bootstrap_servers=kafka
    )
    try:
        with Stopwatch() as watch:
            await consumer.run_until_caught_up()
    finally:
        await engine.dispose()
    return Throughput(consumer.applied, watch.seconds)


async def _check_built(url: str, personas: int) -> None:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            filas = (await conn.execute(text("SELECT count(*) FROM tablero_personas"))).scalar()
    finally:
        await engine.dispose()
    if filas != personas:
        raise RuntimeError(f"the dashboard has {filas} people, the topic {personas}")


async def _read_latency(
    result: SectionResult,
    url: str,
    grupo: list[Familia],
    reads: int,
    rounds: int,
    rng: random.Random,
) -> list[Comparison]:
    engine = create_engine(url)
    consulta = ConsultaTablero(LecturaTableroSql(engine, proyeccion=GRUPO), Avisos(url))
    ours_rounds: list[Latencies] = []
    row_rounds: list[Latencies] = []
    try:
        for familia in rng.sample(grupo, min(READ_WARMUP, len(grupo))):
            tablero = await consulta.tablero(_llamante(familia.cotizante_id))
            if len(tablero.grupo_familiar) != 1 + len(familia.miembros):
                raise RuntimeError(f"dashboard of {familia.cotizante_id}: wrong family group")
            await _row(engine, familia.cotizante_id)
        for round_ in range(1, rounds + 1):
            ours: list[float] = []
            row: list[float] = []
            for _ in range(reads):
                cotizante_id = rng.choice(grupo).cotizante_id
                started = time.perf_counter()
                await _row(engine, cotizante_id)
                middle = time.perf_counter()
                await consulta.tablero(_llamante(cotizante_id))
                ours.append((time.perf_counter() - middle) * 1000)
                row.append((middle - started) * 1000)
            ours_rounds.append(_record_reads(result, READ_CASE, round_, rounds, ours))
            row_rounds.append(_record_reads(result, ROW_CASE, round_, rounds, row))
    finally:
        await engine.dispose()
    return [
        _latency_comparison(result.name, percent, ours_rounds, row_rounds) for percent in (50, 99)
    ]


async def _row(engine: AsyncEngine, afiliado_id: uuid.UUID) -> None:
    async with engine.connect() as conn:
        if (await conn.execute(_FILA, {"id": afiliado_id})).mappings().first() is None:
            raise RuntimeError(f"no dashboard row for {afiliado_id}")


def _llamante(afiliado_id: uuid.UUID) -> Llamante:
    return Llamante(usuario_id=f"bench-{afiliado_id}", rol=Rol.AFILIADO, afiliado_id=afiliado_id)


def _record_reads(
    result: SectionResult, case: str, round_: int, rounds: int, milliseconds: list[float]
) -> Latencies:
    latencies = Latencies(tuple(milliseconds))
    result.samples.append(
        Sample(
            case,
            round_,
            latencies.p50,
            "ms",
            f"p50; p99 {latencies.p99:.2f} ms; {len(milliseconds)} reads",
        )
    )
    progress(
        SECTION,
        f"round {round_}/{rounds} {case:<42} p50 {latencies.p50:6.2f} ms  "
        f"p99 {latencies.p99:6.2f} ms",
    )
    return latencies


def _latency_comparison(
    section: str, percent: int, ours: list[Latencies], row: list[Latencies]
) -> Comparison:
    comparison = Comparison.of_rounds(
        section,
        f"dashboard read p{percent}",
        "ms",
        "ConsultaTablero.tablero",
        "single-row SELECT",
        None,
        [r.percentile(percent) for r in ours],
        [r.percentile(percent) for r in row],
    )
    everything = Latencies(tuple(ms for r in ours for ms in r.milliseconds))
    baseline = Latencies(tuple(ms for r in row for ms in r.milliseconds))
    return replace(
        comparison,
        better=Better.LOWER,
        ours=everything.percentile(percent),
        baseline=baseline.percentile(percent),
    )
