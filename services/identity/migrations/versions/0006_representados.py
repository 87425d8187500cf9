"""An index to find a cotizante's beneficiaries in ``afiliados_validables``.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-22

The read model already keeps what "who may act for whom" needs (``cotizante_id``,
``tipo_afiliado``, ``fecha_nacimiento``, ``estado``, since 0001/0002); every access token an
affiliate receives now lists the minors he represents, looked up by ``cotizante_id``. The
index is partial: cotizantes have no ``cotizante_id``. Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    """
    CREATE INDEX IF NOT EXISTS afiliados_validables_por_cotizante
    ON afiliados_validables (cotizante_id) WHERE cotizante_id IS NOT NULL
    """,
)

DOWNGRADE = ("DROP INDEX IF EXISTS afiliados_validables_por_cotizante",)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
