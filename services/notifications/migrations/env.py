"""Alembic environment of the notifications service (see eps_runtime.migrations)."""

from eps_runtime.migrations import run_migrations
from notifications.settings import NotificationsSettings

run_migrations(lambda: NotificationsSettings().database_url)
