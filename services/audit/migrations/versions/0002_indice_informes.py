"""The reports find the events that open a term by their name (``split_part(ce_type, '.', 4)``)
and month: an expression index, so a report does not scan the whole archive.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        "CREATE INDEX IF NOT EXISTS archivo_nombre_tiempo "
        "ON archivo (split_part(ce_type, '.', 4), ce_time)"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS archivo_nombre_tiempo")
