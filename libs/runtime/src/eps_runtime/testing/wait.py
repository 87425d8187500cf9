"""Waiting for asynchronous effects in tests without fixed sleeps."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TypeVar

T = TypeVar("T")


async def eventually(
    probe: Callable[[], Awaitable[T]],
    *,
    until: Callable[[T], bool] = bool,
    timeout: float = 30.0,
    interval: float = 0.1,
) -> T:
    """Calls ``probe`` until ``until(result)`` holds, else ``TimeoutError`` with the last value."""
    deadline = time.monotonic() + timeout
    while True:
        value = await probe()
        if until(value):
            return value
        if time.monotonic() > deadline:
            raise TimeoutError(f"condición no cumplida en {timeout} s; último valor: {value!r}")
        await asyncio.sleep(interval)
