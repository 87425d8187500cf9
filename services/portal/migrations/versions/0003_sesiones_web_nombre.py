"""The signed-in person's display name on the web session.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Every page's header greets the person by name; keeping it on the session row saves a read of
the dashboard (or a call to a service) per page. It is a copy, refreshed whenever the home
page reads a newer dashboard, and may be empty until the projection first has the person.
Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = ("ALTER TABLE sesiones_web ADD COLUMN IF NOT EXISTS nombre TEXT",)

DOWNGRADE = ("ALTER TABLE sesiones_web DROP COLUMN IF EXISTS nombre",)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
