"""Cotizantes known from affiliation's events (to match PILA lines) and imported planillas.

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

# billing's own read model of affiliation's affiliates: only what matching a PILA line and
# computing the expected contribution need.
COTIZANTES = """
    CREATE TABLE IF NOT EXISTS cotizantes (
        afiliado_id      uuid        PRIMARY KEY,
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        tipo_cotizante   text,
        empleador_id     uuid,
        ibc              bigint,
        fecha_afiliacion date,
        version          integer     NOT NULL,
        actualizado_en   timestamptz NOT NULL DEFAULT now()
    )
"""
COTIZANTES_DOCUMENTO = (
    "CREATE INDEX IF NOT EXISTS cotizantes_documento "
    "ON cotizantes (tipo_documento, numero_documento)"
)
PLANILLAS = """
    CREATE TABLE IF NOT EXISTS planillas (
        planilla     text        PRIMARY KEY,
        periodo      text        NOT NULL,
        lineas       integer     NOT NULL,
        registrados  integer     NOT NULL,
        repetidos    integer     NOT NULL,
        errores      integer     NOT NULL,
        importaciones integer    NOT NULL DEFAULT 1,
        importada_en timestamptz NOT NULL DEFAULT now()
    )
"""


def upgrade() -> None:
    for statement in (COTIZANTES, COTIZANTES_DOCUMENTO, PLANILLAS):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS planillas")
    op.execute("DROP TABLE IF EXISTS cotizantes")
