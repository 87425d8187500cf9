"""What every benchmark shares: sizes, infrastructure, the 1 KB payload, measurements."""

from __future__ import annotations

import math
import os
import statistics
import sys
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date

import asyncpg

from bench.results import Sample, SectionResult
from eps_contracts.events import AfiliadoRegistrado
from eps_contracts.types import EstadoAfiliacion, Regimen, Sexo, TipoAfiliado, TipoDocumento
from eps_runtime.testing.infrastructure import LOCAL_KAFKA, LOCAL_POSTGRES_URL, Infrastructure

PAYLOAD_BYTES = 1024
"""Target size of one event's JSON payload (``events.data``)."""


SEED_SIZE_ENV = "BENCH_SEED_SIZE"
SEED_SIZE_DEFAULT = 100_000
"""People the seed section loads: the benchmark population. On the 2-core reference machine
the section takes about 3 minutes (2¼ seeding, ½ for the baseline); ``BENCH_SEED_SIZE=20000
make bench`` is a shorter run."""


def seed_size(default: int = SEED_SIZE_DEFAULT) -> int:
    """``BENCH_SEED_SIZE`` when set (also in a quick run), else ``default``."""
    value = os.environ.get(SEED_SIZE_ENV, "").strip()
    if not value:
        return default
    if not value.isdigit() or int(value) < 1:
        raise ValueError(f"{SEED_SIZE_ENV} must be a positive number of people, not {value!r}")
    return int(value)


@dataclass(frozen=True)
class BenchConfig:
    """How much work each case does; ``quick()`` is for a smoke run, not for numbers."""

    rounds: int = 3
    append_rounds: int = 5  # the noisiest section: fsync-bound, shared disk
    warmup: int = 200
    append_single: int = 2000
    append_per_writer: int = 500
    writers: int = 8
    relay_events: int = 20_000
    consumer_events: int = 20_000
    e2e_rates: tuple[int, ...] = (50, 200)  # a modest load, and DESIGN §5b's target rate
    e2e_seconds: float = 15.0
    seed_size: int = field(default_factory=seed_size)

    @classmethod
    def quick(cls) -> BenchConfig:
        return cls(
            rounds=1,
            append_rounds=1,
            warmup=50,
            append_single=500,
            append_per_writer=100,
            relay_events=3000,
            consumer_events=3000,
            e2e_seconds=5.0,
            seed_size=seed_size(1000),
        )


@dataclass
class BenchRun:
    """One run: its infrastructure, a unique tag for topics and databases, and its sizes."""

    infra: Infrastructure
    config: BenchConfig
    tag: str = field(default_factory=lambda: uuid.uuid4().hex[:8])

    @property
    def kafka(self) -> str:
        return self.infra.kafka_bootstrap_servers

    async def create_database(self, purpose: str) -> str:
        """A fresh, empty database (dropped at the end of the run); its SQLAlchemy URL."""
        return await self.infra.create_database(prefix=f"bench_{self.tag}_{purpose}")

    def topic_prefix(self, purpose: str) -> str:
        return f"bench-{self.tag}-{purpose}."


def infrastructure_from_environment() -> Infrastructure:
    """``KAFKA_BOOTSTRAP_SERVERS`` / ``EPS_POSTGRES_URL`` when set, else the local processes."""
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", LOCAL_KAFKA)
    postgres = os.environ.get("EPS_POSTGRES_URL", LOCAL_POSTGRES_URL).replace("+asyncpg", "")
    return Infrastructure(kafka, postgres, origin="bench")


def plain_dsn(database_url: str) -> str:
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def execute(database_url: str, *statements: str) -> None:
    """Runs statements on a short-lived plain asyncpg connection (setup, not measured)."""
    conn = await asyncpg.connect(plain_dsn(database_url))
    try:
        for statement in statements:
            await conn.execute(statement)
    finally:
        await conn.close()


async def checkpoint(database_url: str) -> None:
    """Flushes dirty pages so a case does not pay for the previous one's writes."""
    await execute(database_url, "CHECKPOINT")


# -- payload ---------------------------------------------------------------------------------

_ADDRESS = "Carrera 43A # 1 Sur-100, Torre 2, Apartamento 1504, Conjunto Residencial El Poblado, "


_NAME_PADDING = " de la Sierra Nevada y del Valle" * 4  # ASCII: one byte per character


def afiliado_1kb(afiliado_id: uuid.UUID | None = None) -> AfiliadoRegistrado:
    """A valid ``AfiliadoRegistrado`` with every optional field set, padded to ~1 KB of JSON.

    ``direccion`` is at its contract maximum (200); the rest of the padding goes into the
    surnames and second name (at most 100 characters each), so the event still validates.
    """
    afiliado_id = afiliado_id or uuid.uuid4()
    base = {
        "afiliado_id": afiliado_id,
        "tipo_documento": TipoDocumento.CC,
        "numero_documento": str(afiliado_id.int)[:10].lstrip("0") or "1234",
        "primer_nombre": "María",
        "segundo_nombre": "Fernanda",
        "primer_apellido": "Gómez",
        "segundo_apellido": "Restrepo",
        "fecha_nacimiento": date(1985, 3, 14),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "estado": EstadoAfiliacion.ACTIVO,
        "fecha_afiliacion": date(2020, 1, 1),
        "email": "maria.fernanda.gomez.restrepo@example.com",
        "telefono_movil": "3001234567",
        "direccion": (_ADDRESS * 3)[:200],
        "municipio_divipola": "05001",
        "ips_primaria_codigo": "050010123401",
    }
    missing = PAYLOAD_BYTES - len(AfiliadoRegistrado(**base).model_dump_json().encode())
    for name in ("segundo_nombre", "segundo_apellido", "primer_apellido"):
        current = str(base[name])
        extra = max(0, min(missing, 100 - len(current)))
        base[name] = current + _NAME_PADDING[:extra]
        missing -= extra
    return AfiliadoRegistrado(**base)


# -- measurements ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Throughput:
    count: int
    seconds: float

    @property
    def per_second(self) -> float:
        return self.count / self.seconds if self.seconds > 0 else math.inf


@dataclass(frozen=True)
class Latencies:
    milliseconds: tuple[float, ...]

    def percentile(self, p: float) -> float:
        """Nearest-rank percentile (``p`` in 0..100)."""
        ordered = sorted(self.milliseconds)
        if not ordered:
            return math.nan
        rank = max(1, math.ceil(p / 100 * len(ordered)))
        return ordered[rank - 1]

    @property
    def p50(self) -> float:
        return self.percentile(50)

    @property
    def p99(self) -> float:
        return self.percentile(99)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else math.nan


class Stopwatch:
    """``with Stopwatch() as sw: ...`` then ``sw.seconds``."""

    def __init__(self) -> None:
        self.started = 0.0
        self.seconds = 0.0

    def __enter__(self) -> Stopwatch:
        self.started = time.perf_counter()
        return self

    def __exit__(self, *_: object) -> None:
        self.seconds = time.perf_counter() - self.started


def progress(section: str, message: str) -> None:
    print(f"[{section:<10}] {message}", file=sys.stderr, flush=True)


def record_round(
    result: SectionResult, section: str, case: str, round_: int, rounds: int, throughput: Throughput
) -> None:
    """Keeps one round's throughput for the report and prints its progress line."""
    result.samples.append(
        Sample(
            case,
            round_,
            throughput.per_second,
            "events/s",
            f"{throughput.count} in {throughput.seconds:.2f} s",
        )
    )
    progress(section, f"round {round_}/{rounds} {case:<42} {throughput.per_second:8.0f} events/s")
