"""The bank account each aportante registers for reimbursements (registro de pago).

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
        """
        CREATE TABLE IF NOT EXISTS cuentas_reembolso (
            titular_id    uuid PRIMARY KEY,
            banco         text NOT NULL,
            tipo_cuenta   text NOT NULL,
            numero        text NOT NULL,
            registrada_en timestamptz NOT NULL DEFAULT now()
        )
        """
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS cuentas_reembolso")
