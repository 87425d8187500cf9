"""Employer document claims, the back-office work queue and support-document files.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

STATEMENTS = (
    # One employer per document, claimed with its EmpleadorRegistrado (as ``documentos``).
    """
    CREATE TABLE IF NOT EXISTS empleadores_documentos (
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        empleador_id     uuid        NOT NULL,
        registrado_en    timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tipo_documento, numero_documento)
    )
    """,
    # What back office must decide, opened and closed in the transactions of the events
    # that open and close each task; derived data, never the source of truth.
    """
    CREATE TABLE IF NOT EXISTS bandeja (
        tarea_id    uuid        PRIMARY KEY,
        tipo        text        NOT NULL,
        afiliado_id uuid        NOT NULL,
        detalle     jsonb       NOT NULL,
        creada_en   timestamptz NOT NULL DEFAULT now()
    )
    """,
    "CREATE INDEX IF NOT EXISTS bandeja_por_tipo ON bandeja (tipo, creada_en)",
    # The private storage reference of each support document's file.
    """
    CREATE TABLE IF NOT EXISTS soportes_archivos (
        soporte_id  uuid PRIMARY KEY,
        afiliado_id uuid NOT NULL,
        referencia  text NOT NULL
    )
    """,
)


def upgrade() -> None:
    for statement in STATEMENTS:
        op.execute(statement)


def downgrade() -> None:
    for tabla in ("soportes_archivos", "bandeja", "empleadores_documentos"):
        op.execute(f"DROP TABLE IF EXISTS {tabla}")
