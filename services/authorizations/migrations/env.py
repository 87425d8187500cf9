"""Alembic environment of the authorizations service (see eps_runtime.migrations)."""

from authorizations.settings import AuthorizationsSettings
from eps_runtime.migrations import run_migrations

run_migrations(lambda: AuthorizationsSettings().database_url)
