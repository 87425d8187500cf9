"""Runs every benchmark once, prints the table and writes ``docs/benchmarks.md``.

    python -m bench.run            # full sizes (make bench), writes docs/benchmarks.md
    python -m bench.run --quick    # smoke sizes; prints only unless --output is given
    python -m bench.run --only append,relay
    BENCH_SEED_SIZE=100000 python -m bench.run --only seed   # the seed at full size

Needs Kafka and PostgreSQL (``make infra``); creates its own ``bench_<tag>_*`` databases and
``bench-<tag>-*`` topics and removes them at the end.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
import time
import traceback
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path

from aiokafka.admin import AIOKafkaAdminClient

from bench import (
    consumer_bench,
    e2e_bench,
    eventstore_bench,
    lectura_bench,
    relay_bench,
    seed_bench,
    tablero_bench,
)
from bench.common import BenchConfig, BenchRun, infrastructure_from_environment, progress
from bench.report import console_table, describe_machine, markdown
from bench.results import SectionResult
from eps_runtime.logging import configure_logging
from eps_runtime.tracing import configure_tracing

SECTIONS: dict[str, Callable[[BenchRun], Awaitable[SectionResult]]] = {
    "append": eventstore_bench.run,
    "relay": relay_bench.run,
    "consumer": consumer_bench.run,
    "e2e": e2e_bench.run,
    "seed": seed_bench.run,
    "tablero": tablero_bench.run,
    "lectura": lectura_bench.run,
}
DEFAULT_OUTPUT = Path(__file__).resolve().parents[1] / "docs" / "benchmarks.md"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="small sizes and one round (a smoke run, not for numbers)",
    )
    parser.add_argument(
        "--only",
        default=",".join(SECTIONS),
        help=f"comma-separated subset of: {', '.join(SECTIONS)}",
    )
    parser.add_argument(
        "--e2e-rates",
        default=None,
        help="comma-separated commands per second of the end-to-end cases "
        "(default 50,200; DESIGN §5b's target is set at 200)",
    )
    parser.add_argument(
        "--e2e-seconds", type=float, default=None, help="measured seconds of the end-to-end case"
    )
    parser.add_argument(
        "--output",
        type=Path,
        default=None,
        help=f"markdown report (default {DEFAULT_OUTPUT} unless --quick)",
    )
    args = parser.parse_args(argv)
    unknown = set(args.only.split(",")) - set(SECTIONS)
    if unknown:
        parser.error(f"unknown section(s): {', '.join(sorted(unknown))}")
    return args


async def main(args: argparse.Namespace) -> int:
    config = BenchConfig.quick() if args.quick else BenchConfig()
    if args.e2e_rates:
        config = replace(config, e2e_rates=tuple(int(r) for r in args.e2e_rates.split(",")))
    if args.e2e_seconds:
        config = replace(config, e2e_seconds=args.e2e_seconds)
    bench = BenchRun(infrastructure_from_environment(), config)
    configure_tracing("bench")  # spans recorded as in a service (no exporter by default)
    configure_logging("bench", "WARNING")  # the runtime's per-batch info lines off the console
    started = time.perf_counter()
    progress(
        "bench",
        f"run {bench.tag}: Kafka {bench.kafka}, PostgreSQL "
        f"{bench.infra.postgres_url.rsplit('@', 1)[-1]}",
    )
    machine = await describe_machine(bench)
    sections: list[SectionResult] = []
    failed: list[str] = []
    try:
        for name in args.only.split(","):
            section_started = time.perf_counter()
            try:
                sections.append(await SECTIONS[name](bench))
                progress(name, f"done in {time.perf_counter() - section_started:.0f} s")
            except Exception as error:
                traceback.print_exc()
                failed.append(name)
                sections.append(
                    SectionResult(
                        name, f"{name}: failed", method=[f"The benchmark failed: `{error!r}`"]
                    )
                )
    finally:
        await bench.infra.drop_created_databases()
        await _delete_topics(bench)
    elapsed = time.perf_counter() - started
    print(console_table(sections))
    output = args.output or (None if args.quick else DEFAULT_OUTPUT)
    if output is not None:
        output.write_text(
            markdown(machine, sections, config, quick=args.quick, elapsed_seconds=elapsed) + "\n"
        )
        progress("bench", f"wrote {output}")
    progress(
        "bench", f"done in {elapsed:.0f} s" + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


async def _delete_topics(bench: BenchRun) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=bench.kafka)
    await admin.start()
    try:
        ours = [t for t in await admin.list_topics() if t.startswith(f"bench-{bench.tag}-")]
        if ours:
            await admin.delete_topics(ours)
    finally:
        await admin.close()


if __name__ == "__main__":
    sys.exit(asyncio.run(main(parse_args())))
