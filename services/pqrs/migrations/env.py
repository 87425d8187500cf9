"""Alembic environment of the PQRS service (see eps_runtime.migrations)."""

from eps_runtime.migrations import run_migrations
from pqrs.settings import PqrsSettings

run_migrations(lambda: PqrsSettings().database_url)
