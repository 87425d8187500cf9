"""Alembic environment of the identity service (see eps_runtime.migrations)."""

from eps_runtime.migrations import run_migrations
from identity.settings import IdentitySettings

run_migrations(lambda: IdentitySettings().database_url)
