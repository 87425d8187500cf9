"""The unit-of-work port every service's application layer extends with its repositories.

Pure Python (no database underneath): a service's ``application/puertos.py`` declares::

    class UnidadDeTrabajo(eps_runtime.unidad.UnidadDeTrabajo, Protocol):
        @property
        def afiliados(self) -> RepositorioAfiliados: ...

and its adapters implement it on ``eps_runtime.repositorio.UnidadDeTrabajoSql`` (PostgreSQL)
or ``eps_runtime.memoria.UnidadDeTrabajoEnMemoria`` (unit tests).
"""

from __future__ import annotations

from types import TracebackType
from typing import Protocol, Self


class UnidadDeTrabajo(Protocol):
    """One transaction: what is written through it commits together or not at all.

    Leaving the ``async with`` block without ``commit()`` discards every write.
    """

    async def __aenter__(self) -> Self: ...

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

    async def commit(self) -> None: ...
