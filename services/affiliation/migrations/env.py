"""Alembic environment: async engine on the service's database.

The URL is, in order: ``config.attributes["database_url"]`` (tests, tools), else
``AFFILIATION_DATABASE_URL`` through ``AffiliationSettings`` (default: the local database).
"""

import asyncio
from logging.config import fileConfig

from alembic import context
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import create_async_engine

from affiliation.settings import AffiliationSettings

config = context.config
if config.config_file_name is not None and config.attributes.get("configure_logger", True):
    fileConfig(config.config_file_name)


def _url() -> str:
    url = config.attributes.get("database_url")
    return str(url) if url else AffiliationSettings().database_url


def _migrar(connection: Connection) -> None:
    context.configure(connection=connection, target_metadata=None)
    with context.begin_transaction():
        context.run_migrations()


async def _migrar_en_linea() -> None:
    engine = create_async_engine(_url())
    try:
        async with engine.connect() as connection:
            await connection.run_sync(_migrar)
    finally:
        await engine.dispose()


if context.is_offline_mode():
    context.configure(url=_url(), literal_binds=True)
    with context.begin_transaction():
        context.run_migrations()
else:
    asyncio.run(_migrar_en_linea())
