"""The dashboard's payments section: the affiliate's copays, from billing's topic.

Revision ID: billing_0001
Revises: 0003
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "billing_0001"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = ("billing",)
depends_on: str | Sequence[str] | None = None

CUOTAS = """
    CREATE TABLE IF NOT EXISTS tablero_cuotas (
        obligacion_id       uuid        PRIMARY KEY,
        afiliado_id         uuid        NOT NULL,
        numero_autorizacion text,
        descripcion         text        NOT NULL,
        valor               bigint      NOT NULL,
        estado              text        NOT NULL,
        creada_en           timestamptz NOT NULL,
        pagada_en           timestamptz,
        recibo              text,
        version             integer     NOT NULL,
        actualizado_en      timestamptz NOT NULL DEFAULT now()
    )
"""
INDICE = (
    "CREATE INDEX IF NOT EXISTS tablero_cuotas_afiliado ON tablero_cuotas (afiliado_id, estado)"
)


def upgrade() -> None:
    op.execute(CUOTAS)
    op.execute(INDICE)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS tablero_cuotas")
