"""Database engines and connections for the services' own PostgreSQL databases."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import asyncpg
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolProxiedConnection


def create_engine(database_url: str, *, pool_size: int = 10, pre_ping: bool = False) -> AsyncEngine:
    """An asyncpg-backed engine.

    No pre-ping by default: on asyncpg it costs three round trips per checkout (BEGIN, ping,
    ROLLBACK), more than most commands. A connection broken by a PostgreSQL restart fails its
    one request with a 503 and the pool discards it (SQLAlchemy invalidates on disconnect).
    """
    return create_async_engine(
        database_url, pool_size=pool_size, max_overflow=pool_size, pool_pre_ping=pre_ping
    )


def asyncpg_dsn(database_url: str) -> str:
    """``postgresql+asyncpg://…`` → ``postgresql://…`` for plain asyncpg connections."""
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


async def driver_connection(conn: AsyncConnection, *, begin: bool = True) -> asyncpg.Connection:
    """The asyncpg connection under ``conn``, inside the transaction ``conn`` is in.

    SQLAlchemy's asyncpg adapter sends BEGIN lazily, at its first statement; hot paths that
    talk to asyncpg directly (the event store) must not run before it, or they would commit
    on their own. This sends it now when ``conn`` is in a transaction that has not begun —
    unless ``begin=False``: a read that may run before the transaction begins (at READ
    COMMITTED each statement sees its own snapshot, in a transaction or not).
    """
    raw = await _raw_connection(conn)
    adapter: Any = raw.dbapi_connection
    if begin and conn.in_transaction() and getattr(adapter, "_transaction", True) is None:
        await adapter._start_transaction()  # the adapter's own BEGIN, so it also ends it
    driver: asyncpg.Connection = raw.driver_connection
    return driver


async def transaction_begun(conn: AsyncConnection) -> bool:
    """Whether PostgreSQL already has a transaction open on ``conn`` (its BEGIN was sent)."""
    raw = await _raw_connection(conn)
    return getattr(raw.dbapi_connection, "_transaction", True) is not None


async def _raw_connection(conn: AsyncConnection) -> PoolProxiedConnection:
    # ``get_raw_connection`` costs a greenlet switch each time (it may have to reconnect);
    # a live connection's proxy is already at hand, and the append path asks up to 3 times.
    sync = conn.sync_connection
    live: PoolProxiedConnection | None = getattr(sync, "_dbapi_connection", None)
    return live if live is not None else await conn.get_raw_connection()


async def connect_raw(database_url: str) -> asyncpg.Connection:
    """A plain asyncpg connection, for LISTEN and the relay's tight loop."""
    return await asyncpg.connect(asyncpg_dsn(database_url))


async def run_ddl(engine: AsyncEngine, statements: Iterable[str]) -> None:
    """Applies idempotent DDL in one transaction (used by migrations and test fixtures)."""
    async with engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))
