"""Database engines and connections for the services' own PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterable

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine


def create_engine(database_url: str, *, pool_size: int = 10, pre_ping: bool = True) -> AsyncEngine:
    """An asyncpg-backed engine. ``pre_ping`` (one round trip per checkout) lets a long-lived
    service survive a PostgreSQL restart; batch tools may turn it off."""
    return create_async_engine(
        database_url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=pre_ping
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
