"""Running a long-lived worker (relay, consumer) with graceful shutdown on SIGTERM/SIGINT."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Awaitable, Callable


def run_worker(main: Callable[[asyncio.Event], Awaitable[None]]) -> None:
    """Runs ``main(stop)``; a signal sets ``stop`` so in-flight work finishes before exit."""

    async def runner() -> None:
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, stop.set)
        await main(stop)

    # uvloop (installed with uvicorn[standard]) when present: the workers are CPU-bound.
    try:
        import uvloop
    except ImportError:  # pragma: no cover - optional speed-up
        asyncio.run(runner())
        return
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as loop_runner:
        loop_runner.run(runner())
