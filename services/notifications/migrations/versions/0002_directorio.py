"""The contacts directory, e-mails that wait for it or cannot be sent, and attachments.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-30

Every statement is idempotent. ``directorio_contactos`` is a read model of affiliation's
topics (rebuildable): one entry per affiliate or employer. ``envios`` gains the states
``esperando_contacto`` (its event kept in ``evento_datos`` until the directory learns the
recipient) and ``no_enviable`` (``motivo``), who the recipient is when given by id, and the
number of attachments, kept in ``envios_adjuntos`` until the message is accepted.
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

DIRECTORIO = """
    CREATE TABLE IF NOT EXISTS directorio_contactos (
        tipo           text        NOT NULL CHECK (tipo IN ('afiliado', 'empleador')),
        persona_id     uuid        NOT NULL,
        version        integer     NOT NULL,
        email          text,
        nombre         text        NOT NULL,
        actualizado_en timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (tipo, persona_id)
    )
"""

ENVIOS = """
    ALTER TABLE envios
        ALTER COLUMN destinatario DROP NOT NULL,
        ADD COLUMN IF NOT EXISTS motivo text,
        ADD COLUMN IF NOT EXISTS destinatario_tipo text NOT NULL DEFAULT 'correo',
        ADD COLUMN IF NOT EXISTS destinatario_id uuid,
        ADD COLUMN IF NOT EXISTS evento_datos jsonb,
        ADD COLUMN IF NOT EXISTS adjuntos integer NOT NULL DEFAULT 0,
        DROP CONSTRAINT IF EXISTS envios_estado_check,
        ADD CONSTRAINT envios_estado_check CHECK (
            estado IN ('pendiente', 'enviado', 'esperando_contacto', 'no_enviable')),
        DROP CONSTRAINT IF EXISTS envios_estado_coherente,
        ADD CONSTRAINT envios_estado_coherente CHECK (
            CASE estado
                WHEN 'esperando_contacto' THEN destinatario_id IS NOT NULL
                                               AND evento_datos IS NOT NULL
                WHEN 'no_enviable' THEN motivo IN ('sin_correo', 'redaccion_fallida')
                ELSE destinatario IS NOT NULL
            END),
        DROP CONSTRAINT IF EXISTS envios_destinatario_tipo_check,
        ADD CONSTRAINT envios_destinatario_tipo_check CHECK (
            destinatario_tipo IN ('correo', 'afiliado', 'empleador'))
"""

ESPERANDO = """
    CREATE INDEX IF NOT EXISTS envios_esperando ON envios (destinatario_tipo, destinatario_id)
    WHERE estado = 'esperando_contacto'
"""

ADJUNTOS = """
    CREATE TABLE IF NOT EXISTS envios_adjuntos (
        notificacion_id uuid    NOT NULL REFERENCES envios ON DELETE CASCADE,
        orden           integer NOT NULL,
        nombre          text    NOT NULL,
        mime            text    NOT NULL,
        contenido       bytea   NOT NULL,
        PRIMARY KEY (notificacion_id, orden)
    )
"""


def upgrade() -> None:
    for statement in (DIRECTORIO, ENVIOS, ESPERANDO, ADJUNTOS):
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS envios_adjuntos")
    op.execute("DROP TABLE IF EXISTS directorio_contactos")
    op.execute("DELETE FROM envios WHERE estado IN ('esperando_contacto', 'no_enviable')")
    op.execute(
        "ALTER TABLE envios DROP CONSTRAINT IF EXISTS envios_estado_coherente,"
        " DROP CONSTRAINT IF EXISTS envios_destinatario_tipo_check,"
        " DROP CONSTRAINT IF EXISTS envios_estado_check,"
        " ADD CONSTRAINT envios_estado_check CHECK (estado IN ('pendiente', 'enviado')),"
        " DROP COLUMN IF EXISTS motivo, DROP COLUMN IF EXISTS destinatario_tipo,"
        " DROP COLUMN IF EXISTS destinatario_id, DROP COLUMN IF EXISTS evento_datos,"
        " DROP COLUMN IF EXISTS adjuntos,"
        " ALTER COLUMN destinatario SET NOT NULL"
    )
