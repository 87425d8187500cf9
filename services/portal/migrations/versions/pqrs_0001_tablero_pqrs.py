"""The dashboard's PQRS section: one row per solicitud of an affiliate.

Revision ID: pqrs_0001
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "pqrs_0001"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = ("pqrs",)
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    """
    CREATE TABLE IF NOT EXISTS tablero_pqrs (
        solicitud_id   uuid PRIMARY KEY,
        afiliado_id    uuid,
        radicado       text NOT NULL,
        tipo           text NOT NULL,
        estado         text NOT NULL,
        calificada     boolean NOT NULL DEFAULT false,
        radicada_en    timestamptz NOT NULL,
        vence_en       timestamptz,
        version        integer NOT NULL,
        actualizado_en timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX IF NOT EXISTS tablero_pqrs_afiliado ON tablero_pqrs (afiliado_id)",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tablero_pqrs")
