"""Accounts of employers (legal representative) and of their delegates.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-22

A person may hold an affiliate account and, with the same document, the account of an
employer's legal representative or of a delegate — even of several employers. So the
document is unique per role only among accounts without an employer (affiliates,
operators), and per role and employer among the others:

- ``usuarios_por_documento`` (document, rol) becomes partial: ``empleador_id IS NULL``;
- ``usuarios_por_documento_empleador`` (document, rol, empleador_id) for the rest;
- ``usuarios_empleador``: one legal representative's account per employer.

A delegate's account has ``usuario_id`` = its ``delegado_id`` (one account per delegate).
Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    "DROP INDEX IF EXISTS usuarios_por_documento",
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento_sin_empleador
    ON usuarios (tipo_documento, numero_documento, rol) WHERE empleador_id IS NULL
    """,
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento_empleador
    ON usuarios (tipo_documento, numero_documento, rol, empleador_id)
    WHERE empleador_id IS NOT NULL
    """,
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_empleador
    ON usuarios (empleador_id) WHERE rol = 'empleador'
    """,
)

DOWNGRADE = (
    "DROP INDEX IF EXISTS usuarios_empleador",
    "DROP INDEX IF EXISTS usuarios_por_documento_empleador",
    "DROP INDEX IF EXISTS usuarios_por_documento_sin_empleador",
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento
    ON usuarios (tipo_documento, numero_documento, rol)
    """,
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
