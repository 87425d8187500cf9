"""Active PAC contracts known from affiliation's events (to invoice them monthly).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

CONTRATOS = """
    CREATE TABLE IF NOT EXISTS contratos_pac (
        afiliado_id  uuid    NOT NULL,
        plan_codigo  text    NOT NULL,
        plan_nombre  text    NOT NULL,
        fecha_inicio date    NOT NULL,
        fecha_fin    date,
        version      integer NOT NULL,
        PRIMARY KEY (afiliado_id, plan_codigo)
    )
"""


# A PAC invoice is an obligation too (paid by the same gateway flow): its invoice columns.
FACTURAS = (
    "ALTER TABLE obligaciones ADD COLUMN IF NOT EXISTS factura_id uuid UNIQUE",
    "ALTER TABLE obligaciones ADD COLUMN IF NOT EXISTS numero_factura text UNIQUE",
    "ALTER TABLE obligaciones ADD COLUMN IF NOT EXISTS periodo text",
    "ALTER TABLE obligaciones ADD COLUMN IF NOT EXISTS referencia_pago text",
)


def upgrade() -> None:
    op.execute(CONTRATOS)
    for statement in FACTURAS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS contratos_pac")
    for columna in ("factura_id", "numero_factura", "periodo", "referencia_pago"):
        op.execute(f"ALTER TABLE obligaciones DROP COLUMN IF EXISTS {columna}")
