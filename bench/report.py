"""The machine's description, the console table and ``docs/benchmarks.md``."""

from __future__ import annotations

import math
import os
import platform
import subprocess
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import asyncpg

from bench.common import BenchConfig, BenchRun
from bench.results import Comparison, SectionResult

_LIBRARIES = (
    "sqlalchemy",
    "asyncpg",
    "aiokafka",
    "eventsourcing",
    "psycopg",
    "fastapi",
    "uvicorn",
    "httpx",
)
_PG_SETTINGS = ("synchronous_commit", "fsync", "wal_sync_method", "shared_buffers", "max_wal_size")


@dataclass(frozen=True)
class Machine:
    cpu: str
    cores: int
    memory_gib: float
    os: str
    python: str
    postgres: str
    postgres_settings: str
    kafka: str
    libraries: str
    date: str
    load_before: str
    code: str


def load_average() -> str:
    """1/5/15-minute load averages: other work on the machine skews every figure."""
    try:
        return " / ".join(Path("/proc/loadavg").read_text().split()[:3])
    except OSError:
        return "unknown"


async def describe_machine(bench: BenchRun) -> Machine:
    conn = await asyncpg.connect(bench.infra.postgres_url)
    try:
        postgres = str(await conn.fetchval("SHOW server_version"))
        settings = [f"{name}={await conn.fetchval(f'SHOW {name}')}" for name in _PG_SETTINGS]
    finally:
        await conn.close()
    return Machine(
        cpu=_cpu_model(),
        cores=os.cpu_count() or 0,
        memory_gib=_memory_gib(),
        os=f"{platform.system()} {platform.release()}",
        python=platform.python_version(),
        postgres=postgres,
        postgres_settings=", ".join(settings),
        kafka=_kafka_version(),
        libraries=", ".join(_library_versions()),
        date=datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        load_before=load_average(),
        code=_code_version(),
    )


def _cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def _memory_gib() -> float:
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal:"):
                return int(line.split()[1]) / 1024**2
    except OSError:
        pass
    return math.nan


def _kafka_version() -> str:
    """The version of the project's local broker (``scripts/infra/kafka.sh`` marker)."""
    if os.environ.get("KAFKA_BOOTSTRAP_SERVERS"):
        return "external broker (version not known to the bench)"
    libs = Path(__file__).resolve().parents[1] / ".cache" / "kafka" / "libs"
    markers = sorted(libs.glob(".fetched-*")) if libs.is_dir() else []
    if markers:
        return f"{markers[-1].name.removeprefix('.fetched-')} (KRaft, single node)"
    return os.environ.get("KAFKA_VERSION", "unknown")


def _code_version() -> str:
    """The commit measured, and the files that differed from it (other than the report)."""
    root = Path(__file__).resolve().parents[1]

    def git(*args: str) -> str:
        done = subprocess.run(["git", *args], cwd=root, capture_output=True, text=True, check=False)
        return done.stdout.rstrip() if done.returncode == 0 else ""  # porcelain starts with " "

    commit = git("rev-parse", "--short", "HEAD").strip()
    if not commit:
        return "unknown (not a git checkout)"
    changed = [
        line[3:]
        for line in git("status", "--porcelain", "--untracked-files=no").splitlines()
        if not line[3:].startswith("docs/benchmarks.md")
    ]
    return commit + (f", with uncommitted changes to {', '.join(changed)}" if changed else "")


def _library_versions() -> list[str]:
    versions = []
    for name in _LIBRARIES:
        try:
            versions.append(f"{name} {metadata.version(name)}")
        except metadata.PackageNotFoundError:
            continue
    try:
        import psycopg

        versions.append(f"psycopg implementation: {psycopg.pq.__impl__}")
    except ImportError:
        pass
    return versions


# -- formatting ------------------------------------------------------------------------------


def _number(value: float | None, unit: str) -> str:
    if value is None or math.isnan(value):
        return "—"
    if unit == "ms":
        return f"{value:.1f} ms"
    return f"{value:,.0f}"


def _ratio(comparison: Comparison) -> str:
    ratio = comparison.ratio
    if ratio is None:
        return "—"
    if len(comparison.round_ratios) > 1:
        low, high = min(comparison.round_ratios), max(comparison.round_ratios)
        return f"{ratio:.2f}× ({low:.2f}–{high:.2f})"
    return f"{ratio:.2f}×"


def _row(c: Comparison) -> list[str]:
    unit = "" if c.unit == "ms" else f" {c.unit}"
    return [
        c.section,
        c.case,
        f"{c.ours_label}: {_number(c.ours, c.unit)}{unit if c.ours is not None else ''}",
        f"{c.baseline_label}: {_number(c.baseline, c.unit)}"
        f"{unit if c.baseline is not None else ''}",
        _ratio(c),
        c.target_text,
        c.status,
    ]


_HEADERS = [
    "Benchmark",
    "Case",
    "Measured",
    "Baseline (same run)",
    "Ratio",
    "Target (DESIGN §5b)",
    "Status",
]


def console_table(sections: Sequence[SectionResult]) -> str:
    rows = [_row(c) for s in sections for c in s.comparisons]
    widths = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(_HEADERS)]
    lines = [
        "  ".join(h.ljust(w) for h, w in zip(_HEADERS, widths, strict=True)),
        "  ".join("-" * w for w in widths),
    ]
    lines += ["  ".join(v.ljust(w) for v, w in zip(r, widths, strict=True)) for r in rows]
    lines += [f"pending: {title}: {reason}" for title, reason in _pending(sections).items()]
    return "\n".join(lines)


def _pending(sections: Sequence[SectionResult]) -> dict[str, str]:
    """Why each section with pending rows could not be measured (once per section)."""
    return {c.section: c.pending for s in sections for c in s.comparisons if c.pending}


def _md_table(headers: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    def line(cells: Sequence[str]) -> str:
        return "| " + " | ".join(cell.replace("|", "\\|") for cell in cells) + " |"

    return [line(headers), "|" + "|".join(" --- " for _ in headers) + "|", *(line(r) for r in rows)]


def markdown(
    machine: Machine,
    sections: Sequence[SectionResult],
    config: BenchConfig,
    *,
    quick: bool,
    elapsed_seconds: float,
) -> str:
    out = [
        "# Benchmarks",
        "",
        "Generated by `make bench` (`python -m bench.run`); do not edit by hand, run it again.",
        "Every figure is compared with a baseline measured **in the same run on the same "
        "machine**, and the ratio is set against the targets of DESIGN §5b. Nothing here is "
        "an absolute pass/fail, and no test asserts on timing.",
        "",
    ]
    if quick:
        out += [
            "> **Quick run** (`--quick`): smoke-test sizes, one round. The ratios are "
            "indicative only.",
            "",
        ]
    out += [
        "## Machine",
        "",
        *_md_table(
            ["", ""],
            [
                ["Date", machine.date],
                ["Code", machine.code],
                ["CPU", machine.cpu],
                ["Cores", str(machine.cores)],
                ["Memory", f"{machine.memory_gib:.1f} GiB"],
                ["OS", machine.os],
                ["Python", machine.python],
                ["PostgreSQL", f"{machine.postgres} ({machine.postgres_settings})"],
                ["Kafka", machine.kafka],
                ["Libraries", machine.libraries],
                [
                    "Run",
                    f"{elapsed_seconds:.0f} s; {config.append_rounds} round(s) per append "
                    f"case, {config.rounds} per relay and consumer case; clients, PostgreSQL "
                    "and Kafka share the machine",
                ],
                [
                    "Load average (1/5/15 min)",
                    f"{machine.load_before} before the run, {load_average()} after",
                ],
            ],
        ),
        "",
        "## Results",
        "",
        *_md_table(_HEADERS, [_row(c) for s in sections for c in s.comparisons]),
        "",
        "Throughputs are the median of the rounds; the ratio is the median of each round's "
        "own ratio (a round runs the cases back to back, so both sides of a ratio saw the "
        "same machine), with the lowest and highest round in brackets. Latencies are "
        "percentiles over every measured command. `info` rows have no target in DESIGN §5b.",
        "",
    ]
    pending = _pending(sections)
    if pending:
        out += ["Pending:", ""]
        out += [f"- {title}: {reason}" for title, reason in pending.items()]
        out += [""]
    out += [
        "## Method and every round",
        "",
    ]
    for section in sections:
        out += [f"### {section.title}", ""]
        out += [f"- {line}" for line in section.method]
        if section.samples:
            out += [""]
            out += _md_table(
                ["Case", "Round", "Result", "Detail"],
                [
                    [
                        s.case,
                        str(s.round),
                        f"{_number(s.value, s.unit)} {'' if s.unit == 'ms' else s.unit}".rstrip(),
                        s.detail,
                    ]
                    for s in section.samples
                ],
            )
        out += [""]
    return "\n".join(out)
