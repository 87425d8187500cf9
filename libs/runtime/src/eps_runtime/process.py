"""Running a long-lived worker (relay, consumer) with graceful shutdown on SIGTERM/SIGINT.

When ``EPS_LATIDO_ARCHIVO`` names a file, the worker rewrites it every ``EPS_LATIDO_SEGUNDOS``
(default 10) while its event loop turns: the Kubernetes liveness probe of a worker, which
serves no HTTP, is ``python -m eps_runtime.sonda vivo`` on that file (deploy/, ADR 0010).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import time
from collections.abc import Awaitable, Callable, Coroutine
from pathlib import Path
from typing import Any

from eps_runtime.logging import get_logger


async def _latir(archivo: Path, cada: float) -> None:
    """Writes the current time into ``archivo`` every ``cada`` seconds, until cancelled."""
    while True:
        with contextlib.suppress(OSError):  # a full or read-only disk must not stop the worker
            await asyncio.to_thread(archivo.write_text, f"{time.time():.0f}\n", "ascii")
        await asyncio.sleep(cada)


def run_worker(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Runs ``main(stop)``; a signal sets ``stop`` so in-flight work finishes before exit."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        archivo = os.environ.get("EPS_LATIDO_ARCHIVO")
        latido = None
        if archivo:
            cada = float(os.environ.get("EPS_LATIDO_SEGUNDOS", "10"))
            latido = asyncio.create_task(_latir(Path(archivo), cada))
        try:
            await main(stop)
        finally:
            if latido is not None:
                latido.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await latido

    try:
        _correr(runner)
    except Exception as error:
        # One JSON line (error type and frames, no message: it may carry SQL parameters)
        # instead of the interpreter's plain-text traceback; the exit code says it failed.
        get_logger(__name__).error("proceso_terminado_por_error", exc_info=error)
        raise SystemExit(1) from None


def _correr(runner: Callable[[], Coroutine[Any, Any, None]]) -> None:
    # uvloop (installed with uvicorn[standard]) when present: the workers are CPU-bound.
    try:
        import uvloop
    except ImportError:  # pragma: no cover - optional speed-up
        asyncio.run(runner())
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as loop_runner:
        loop_runner.run(runner())
