"""The reference web portal's server-side sessions.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-22

The browser only holds a random 256-bit session id in an HttpOnly cookie; the row is keyed by
its SHA-256, so a leaked table does not hand out live cookies, and the identity tokens are
Fernet-encrypted (``PORTAL_CLAVE_SESIONES``), so it does not hand out tokens either. Every
statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    """
    CREATE TABLE IF NOT EXISTS sesiones_web (
        id_hash BYTEA PRIMARY KEY,
        usuario_id TEXT NOT NULL,
        afiliado_id UUID,
        acceso_cifrado TEXT NOT NULL,
        renovacion_cifrado TEXT NOT NULL,
        acceso_vence_en TIMESTAMPTZ NOT NULL,
        sesion_vence_en TIMESTAMPTZ NOT NULL,
        creada_en TIMESTAMPTZ NOT NULL,
        ultima_actividad TIMESTAMPTZ NOT NULL
    )
    """,
    # Purging idle sessions scans by last activity.
    """
    CREATE INDEX IF NOT EXISTS sesiones_web_por_actividad
    ON sesiones_web (ultima_actividad)
    """,
)

DOWNGRADE = ("DROP TABLE IF EXISTS sesiones_web",)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
