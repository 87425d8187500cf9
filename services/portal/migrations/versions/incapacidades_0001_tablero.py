"""The dashboard's incapacities section (one row per incapacity, its state).

Revision ID: incapacidades_0001
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "incapacidades_0001"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = ("incapacidades",)
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(
        """
        CREATE TABLE IF NOT EXISTS portal_incapacidades (
            incapacidad_id uuid PRIMARY KEY,
            cotizante_id   uuid NOT NULL,
            folio          bigint NOT NULL,
            contingencia   text NOT NULL,
            fecha_inicio   date NOT NULL,
            dias           integer NOT NULL,
            estado         text NOT NULL,
            version        integer NOT NULL,
            actualizado_en timestamptz NOT NULL DEFAULT now()
        )
        """
    )
    op.execute(
        "CREATE INDEX IF NOT EXISTS portal_incapacidades_cotizante "
        "ON portal_incapacidades (cotizante_id)"
    )


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS portal_incapacidades")
