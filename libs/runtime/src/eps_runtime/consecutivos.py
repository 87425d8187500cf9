"""Consecutive numbers people are given at once (radicados, consecutivos, folios).

Guarantee: within a series, numbers are unique, strictly increasing and gap-free, even under
concurrent filings and across restarts. The counter row is incremented in the caller's
transaction (the unit of work that records the filing's events): a filing that rolls back
gives its number back, and concurrent filings of one series wait for each other's commit on
the row lock — the price of having no gaps, which a sequence cannot give.
"""

from __future__ import annotations

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

CONSECUTIVOS_DDL: tuple[str, ...] = (
    """
    CREATE TABLE IF NOT EXISTS consecutivos (
        serie  text   PRIMARY KEY,
        ultimo bigint NOT NULL CHECK (ultimo > 0)
    )
    """,
)
"""Run by the first migration of a service that gives consecutive numbers."""

_SIGUIENTE = text(
    """
    INSERT INTO consecutivos (serie, ultimo) VALUES (:serie, 1)
    ON CONFLICT (serie) DO UPDATE SET ultimo = consecutivos.ultimo + 1
    RETURNING ultimo
    """
)


class ConsecutivosSql:
    """The ``Consecutivos`` port on the unit of work's connection."""

    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def siguiente(self, serie: str) -> int:
        """The next number of ``serie`` (1 for a new series), in the current transaction."""
        resultado = await self._conn.execute(_SIGUIENTE, {"serie": serie})
        return int(resultado.scalar_one())
