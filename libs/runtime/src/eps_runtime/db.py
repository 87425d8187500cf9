"""Database engines and connections for the services' own PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(database_url: str, *, pool_size: int = 10) -> AsyncEngine:
    """An asyncpg-backed engine; ``pool_pre_ping`` so a restarted PostgreSQL is survived."""
    return create_async_engine(
        database_url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=True
    )


def asyncpg_dsn(database_url: str) -> str:
    """``postgresql+asyncpg://…`` → ``postgresql://…`` for plain asyncpg connections."""
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def connect_raw(database_url: str) -> asyncpg.Connection:
    """A plain asyncpg connection, for LISTEN and the relay's tight loop."""
    return await asyncpg.connect(asyncpg_dsn(database_url))


async def run_ddl(engine: AsyncEngine, statements: Iterable[str]) -> None:
    """Applies idempotent DDL in one transaction (used by migrations and test fixtures)."""
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))
