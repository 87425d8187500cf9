"""Running a command through its handler: what every service's ``Aplicacion.ejecutar`` does.

Pure Python (the application layer and bootstraps import it).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from typing import Any, TypeVar

from eps_runtime.errores import ConflictoDeVersion

D = TypeVar("D")
R = TypeVar("R")

INTENTOS_SIN_VERSION = 5
"""Runs of a command without a version before its conflict is answered (409)."""


async def ejecutar(
    handlers: Mapping[type, Callable[[Any, D], Awaitable[R]]],
    comando: object,
    dependencias: Callable[[], D],
    intentos: int = INTENTOS_SIN_VERSION,
) -> R:
    """Runs ``comando``'s handler on fresh ``dependencias()`` (a new unit of work each run).

    A command that carries no ``version_esperada`` (the caller read nothing it could
    overwrite: an upload, a filing, a payment) re-runs on its own optimistic-concurrency
    conflict, up to ``intentos`` times, and each run re-reads what the winner recorded: two
    uploads for one person at the same instant both succeed. A command with a version never
    re-runs: its conflict is the answer (409).
    """
    handler = handlers[type(comando)]
    for intento in range(1, intentos + 1):
        try:
            return await handler(comando, dependencias())
        except ConflictoDeVersion:
            if getattr(comando, "version_esperada", None) is not None or intento == intentos:
                raise
    raise AssertionError("unreachable")
