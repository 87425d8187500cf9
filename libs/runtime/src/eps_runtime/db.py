"""Database engines and connections for the services' own PostgreSQL databases."""

from __future__ import annotations

import traceback
from collections.abc import Iterable, Iterator
from typing import Any

import asyncpg
from sqlalchemy import exc, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import PoolProxiedConnection

CONNECT_TIMEOUT_S = 5.0
"""A PostgreSQL that does not answer the connection (a host gone, a full backlog) fails the
request after this, instead of asyncpg's 60 s."""

COMMAND_TIMEOUT_S = 30.0
"""No statement of a request, a consumer batch or a job waits longer for PostgreSQL (a
stopped or hung server): the caller gets an error it can retry, never a hang."""

POOL_TIMEOUT_S = 10.0
"""How long a request waits for a pooled connection when every one is busy."""


def create_engine(
    database_url: str,
    *,
    pool_size: int = 10,
    pre_ping: bool = False,
    command_timeout_s: float | None = COMMAND_TIMEOUT_S,
) -> AsyncEngine:
    """An asyncpg-backed engine whose connect, pool wait and statements are bounded
    (``CONNECT_TIMEOUT_S``, ``POOL_TIMEOUT_S``, ``command_timeout_s``).

    No pre-ping by default: on asyncpg it costs three round trips per checkout (BEGIN, ping,
    ROLLBACK), more than most commands. A connection broken by a PostgreSQL restart fails its
    one request with a 503 and the pool discards it (SQLAlchemy invalidates on disconnect).
    """
    connect_args: dict[str, Any] = {"timeout": CONNECT_TIMEOUT_S}
    if command_timeout_s is not None:
        connect_args["command_timeout"] = command_timeout_s
    return create_async_engine(
        database_url,
        pool_size=pool_size,
        max_overflow=pool_size,
        pool_pre_ping=pre_ping,
        pool_timeout=POOL_TIMEOUT_S,
        connect_args=connect_args,
    )


def _chain(error: BaseException) -> Iterator[BaseException]:
    """``error``, the driver error SQLAlchemy wraps, and their causes (at most a few)."""
    seen: set[int] = set()
    pending: list[BaseException | None] = [error]
    while pending and len(seen) < 10:
        current = pending.pop()
        if current is None or id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        original = getattr(current, "orig", None)
        pending += [
            original if isinstance(original, BaseException) else None,
            current.__cause__,
            current.__context__,
        ]


def _raised_by_driver(error: BaseException) -> bool:
    """Whether asyncpg or SQLAlchemy raised ``error`` (a socket error of the database's own
    connection, not of a file or of another service's client)."""
    return any(
        frame.f_globals.get("__name__", "").startswith(("asyncpg", "sqlalchemy"))
        for frame, _ in traceback.walk_tb(error.__traceback__)
    )


def is_database_outage(error: BaseException) -> bool:
    """True when PostgreSQL cannot be reached or went away (refused, reset, shutting down or
    starting up, a connect or statement timeout, no pooled connection in time): nothing is
    wrong with the request, so it may be retried; never for a constraint or a bad query."""
    for current in _chain(error):
        if isinstance(current, exc.DBAPIError) and current.connection_invalidated:
            return True
        if isinstance(
            current,
            exc.TimeoutError  # the pool's
            | asyncpg.PostgresConnectionError
            | asyncpg.exceptions.OperatorInterventionError  # shutdown, starting up, crash
            | asyncpg.exceptions.ConnectionDoesNotExistError
            | asyncpg.exceptions.InsufficientResourcesError,  # too many connections
        ):
            return True
        if isinstance(current, ConnectionError | TimeoutError | OSError) and _raised_by_driver(
            current
        ):
            return True
    return False


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
