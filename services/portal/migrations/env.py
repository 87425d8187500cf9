"""Alembic environment of the portal service (see eps_runtime.migrations)."""

from eps_runtime.migrations import run_migrations
from portal.settings import PortalSettings

run_migrations(lambda: PortalSettings().database_url)
