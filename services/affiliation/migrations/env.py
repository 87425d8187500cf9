"""Alembic environment of the affiliation service (see eps_runtime.migrations)."""

from affiliation.settings import AffiliationSettings
from eps_runtime.migrations import run_migrations

run_migrations(lambda: AffiliationSettings().database_url)
