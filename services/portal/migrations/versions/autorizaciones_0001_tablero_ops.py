"""The dashboard's authorizations section: one row per OPS of an affiliate.

Revision ID: autorizaciones_0001
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "autorizaciones_0001"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = ("autorizaciones",)
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    """
    CREATE TABLE IF NOT EXISTS tablero_ops (
        ops_id              uuid PRIMARY KEY,
        afiliado_id         uuid NOT NULL,
        numero_autorizacion text NOT NULL,
        prestacion          text NOT NULL,
        prestador           text NOT NULL,
        estado              text NOT NULL,
        valor_cuota         integer NOT NULL,
        vence_el            date NOT NULL,
        autorizada_en       timestamptz NOT NULL,
        version             integer NOT NULL,
        actualizado_en      timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX IF NOT EXISTS tablero_ops_afiliado ON tablero_ops (afiliado_id)",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tablero_ops")
