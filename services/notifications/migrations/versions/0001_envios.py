"""Runtime tables (event store, outbox, consumer records) and ``envios``.

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Every statement is idempotent. ``envios`` holds one row per (event, template): the unique
key is what makes an e-mail exactly-once per event, whatever Kafka redelivers. The rendered
message (with the decrypted link) lives only in this private table; the sender erases the
bodies once the SMTP server accepted the message.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ENVIOS = """
    CREATE TABLE IF NOT EXISTS envios (
        notificacion_id   uuid        PRIMARY KEY,
        evento_id         uuid        NOT NULL,
        evento_tipo       text        NOT NULL,
        plantilla         text        NOT NULL,
        destinatario      text        NOT NULL,
        asunto            text        NOT NULL,
        texto             text,
        html              text,
        message_id        text        NOT NULL,
        traceparent       text,
        estado            text        NOT NULL DEFAULT 'pendiente'
                                      CHECK (estado IN ('pendiente', 'enviado')),
        intentos          integer     NOT NULL DEFAULT 0,
        proximo_intento_en timestamptz NOT NULL DEFAULT now(),
        ultimo_error      text,
        creado_en         timestamptz NOT NULL DEFAULT now(),
        enviado_en        timestamptz,
        CONSTRAINT envios_evento_plantilla UNIQUE (evento_id, plantilla)
    )
"""

PENDIENTES = """
    CREATE INDEX IF NOT EXISTS envios_pendientes ON envios (proximo_intento_en)
    WHERE estado = 'pendiente'
"""


def upgrade() -> None:
    for statement in ALL_DDL:
        op.execute(statement)
    op.execute(ENVIOS)
    op.execute(PENDIENTES)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS envios")
