"""Alembic environment of the audit service (see eps_runtime.migrations)."""

from audit.settings import AuditSettings
from eps_runtime.migrations import run_migrations

run_migrations(lambda: AuditSettings().database_url)
