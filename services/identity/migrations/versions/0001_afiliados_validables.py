"""Consumer records (runtime) and the ``afiliados_validables`` read model.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Every statement is idempotent, so a database whose runtime tables already exist migrates
cleanly. The read model holds only what registration needs (manual 2.1.1 and 2.1.2): the
document, the names, birth date, mobile and address (the security questions), the
affiliation state and the aggregate version it reflects.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import CONSUMER_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

AFILIADOS_VALIDABLES = """
    CREATE TABLE IF NOT EXISTS afiliados_validables (
        afiliado_id      uuid        PRIMARY KEY,
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        primer_nombre    text        NOT NULL,
        segundo_nombre   text,
        primer_apellido  text        NOT NULL,
        segundo_apellido text,
        fecha_nacimiento date        NOT NULL,
        estado           text        NOT NULL,
        tipo_afiliado    text        NOT NULL,
        cotizante_id     uuid,
        telefono_movil   text,
        direccion        text,
        version          integer     NOT NULL CHECK (version > 0),
        actualizado_en   timestamptz NOT NULL DEFAULT now(),
        CONSTRAINT afiliados_validables_documento UNIQUE (tipo_documento, numero_documento)
    )
"""


def upgrade() -> None:
    for statement in CONSUMER_DDL:
        op.execute(statement)
    op.execute(AFILIADOS_VALIDABLES)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS afiliados_validables")
    op.execute("DROP TABLE IF EXISTS processed_events")
    op.execute("DROP TABLE IF EXISTS consumer_positions")
