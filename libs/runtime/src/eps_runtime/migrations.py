"""Alembic, the same way for every service.

A service's ``migrations/env.py`` is two lines::

    from eps_runtime.migrations import run_migrations
    run_migrations(lambda: AffiliationSettings().database_url)

The URL is ``config.attributes["database_url"]`` when a caller (a test, a tool) set it,
else the service's settings (``<SERVICE>_DATABASE_URL``, default the local database).
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from logging.config import fileConfig
from pathlib import Path

from alembic import command, context
from alembic.config import Config
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine


def run_migrations(default_url: Callable[[], str]) -> None:
    """The body of a service's ``env.py``: online (async engine) or offline (SQL script)."""
    config = context.config
    if config.config_file_name is not None and config.attributes.get("configure_logger", True):
        fileConfig(config.config_file_name)
    url = str(config.attributes.get("database_url") or default_url())

    if context.is_offline_mode():
        context.configure(url=url, literal_binds=True)
        with context.begin_transaction():
            context.run_migrations()
        return

    def migrate(connection: Connection) -> None:
        context.configure(connection=connection, target_metadata=None)
        with context.begin_transaction():
            context.run_migrations()

    async def migrate_online() -> None:
        engine = create_async_engine(url)
        try:
            async with engine.connect() as connection:
                await connection.run_sync(migrate)
        finally:
            await engine.dispose()

    asyncio.run(migrate_online())


def upgrade_to_head(service_dir: Path, database_url: str) -> None:
    """``alembic upgrade heads`` for the service in ``service_dir``, as ``make migrate`` does
    (every branch: the portal's domain sections migrate on branches of their own).

    Alembic runs its own event loop: from async code call it in a thread.
    """
    config = Config(str(service_dir / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    command.upgrade(config, "heads")
