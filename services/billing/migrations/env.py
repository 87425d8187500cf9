"""Alembic environment of the billing service (see eps_runtime.migrations)."""

from billing.settings import BillingSettings
from eps_runtime.migrations import run_migrations

run_migrations(lambda: BillingSettings().database_url)
