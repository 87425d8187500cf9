"""Alembic environment of the incapacities service (see eps_runtime.migrations)."""

from eps_runtime.migrations import run_migrations
from incapacities.settings import IncapacitiesSettings

run_migrations(lambda: IncapacitiesSettings().database_url)
