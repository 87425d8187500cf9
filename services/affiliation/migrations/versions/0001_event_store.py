"""Event store, outbox and consumer records (runtime), and the unique-document guard.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Every statement is idempotent, so a database whose runtime tables already exist (created by
the test fixtures, or by a half-applied run) migrates cleanly.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# One row per document: written in the same transaction as the AfiliadoRegistrado append,
# so the primary key makes a second registration of the same document impossible.
DOCUMENTOS = """
    CREATE TABLE IF NOT EXISTS documentos (
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        afiliado_id      uuid        NOT NULL,
        registrado_en    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tipo_documento, numero_documento)
    )
"""


def upgrade() -> None:
    for statement in ALL_DDL:
        op.execute(statement)
    op.execute(DOCUMENTOS)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS documentos")
    op.execute("DROP TABLE IF EXISTS processed_events")
    op.execute("DROP TABLE IF EXISTS consumer_positions")
    op.execute("DROP TABLE IF EXISTS outbox")
    op.execute("DROP TABLE IF EXISTS events")
