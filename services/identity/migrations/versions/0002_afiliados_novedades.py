"""``afiliados_validables`` follows the affiliation novedades: document changes and estado.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

- ``estado`` (already a column since 0001, filled from the registration) is now kept up to
  date by suspensions, reactivations and retirements; registration refuses a RETIRADO
  affiliate. No CHECK on its values: a new state added compatibly to the contract must not
  make the projection fail.
- A document can now move from one affiliate to another (novedad 1), and partitions are
  applied independently, so for a moment two rows may hold the same document: the unique
  constraint on the document becomes a plain index, and ``documento_desde`` (when the
  affiliation service recorded the event that gave the row its document) lets a lookup take
  the latest holder. Rows from before this revision take ``actualizado_en``: their documents
  are unique, so any value orders them correctly.

Every statement is idempotent (a database already at this shape migrates cleanly).
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    "ALTER TABLE afiliados_validables ADD COLUMN IF NOT EXISTS documento_desde timestamptz",
    "UPDATE afiliados_validables SET documento_desde = actualizado_en "
    "WHERE documento_desde IS NULL",
    "ALTER TABLE afiliados_validables ALTER COLUMN documento_desde SET NOT NULL",
    "ALTER TABLE afiliados_validables DROP CONSTRAINT IF EXISTS afiliados_validables_documento",
    """
    CREATE INDEX IF NOT EXISTS afiliados_validables_por_documento
    ON afiliados_validables (tipo_documento, numero_documento, documento_desde DESC)
    """,
)

# Fails if two rows hold one document (a view still catching up): rebuild it, then retry.
DOWNGRADE = (
    "DROP INDEX IF EXISTS afiliados_validables_por_documento",
    """
    DO $$
    BEGIN
        IF NOT EXISTS (
            SELECT 1 FROM pg_constraint WHERE conname = 'afiliados_validables_documento'
        ) THEN
            ALTER TABLE afiliados_validables ADD CONSTRAINT afiliados_validables_documento
                UNIQUE (tipo_documento, numero_documento);
        END IF;
    END $$
    """,
    "ALTER TABLE afiliados_validables DROP COLUMN IF EXISTS documento_desde",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
