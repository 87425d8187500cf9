"""Event store, outbox, consumer records and consecutive numbers (runtime), and billing's
state tables of obligations and gateway transactions.

Revision ID: 0001
Revises:
Create Date: 2026-12-03

Every statement is idempotent, so a database whose runtime tables already exist (created by
the test fixtures, or by a half-applied run) migrates cleanly.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.consecutivos import CONSECUTIVOS_DDL
from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Written in the same transaction as the obligation's events (never behind them).
OBLIGACIONES = """
    CREATE TABLE IF NOT EXISTS obligaciones (
        obligacion_id       uuid        PRIMARY KEY,
        afiliado_id         uuid        NOT NULL,
        ops_id              uuid        UNIQUE,
        numero_autorizacion text,
        concepto            text        NOT NULL,
        descripcion         text        NOT NULL,
        valor               bigint      NOT NULL CHECK (valor > 0),
        vence_el            date,
        estado              text        NOT NULL,
        creada_en           timestamptz NOT NULL,
        version             integer     NOT NULL
    )
"""
OBLIGACIONES_AFILIADO = (
    "CREATE INDEX IF NOT EXISTS obligaciones_afiliado ON obligaciones (afiliado_id, creada_en)"
)
TRANSACCIONES = """
    CREATE TABLE IF NOT EXISTS transacciones (
        transaccion_id      uuid        PRIMARY KEY,
        obligacion_id       uuid        NOT NULL REFERENCES obligaciones (obligacion_id),
        afiliado_id         uuid        NOT NULL,
        referencia_pasarela text        NOT NULL,
        url_redireccion     text,
        medio               text        NOT NULL,
        banco               text,
        valor               bigint      NOT NULL,
        estado              text        NOT NULL,
        motivo              text,
        recibo              text        UNIQUE,
        iniciada_en         timestamptz NOT NULL,
        finalizada_en       timestamptz,
        consultas           integer     NOT NULL DEFAULT 0,
        proxima_consulta    timestamptz
    )
"""
# At most one approved transaction per obligation, whatever the application does.
UN_APROBADO = """
    CREATE UNIQUE INDEX IF NOT EXISTS transacciones_un_aprobado
    ON transacciones (obligacion_id) WHERE estado = 'APROBADO'
"""
PENDIENTES = """
    CREATE INDEX IF NOT EXISTS transacciones_pendientes
    ON transacciones (proxima_consulta) WHERE estado = 'PENDIENTE'
"""
HISTORIAL = (
    "CREATE INDEX IF NOT EXISTS transacciones_afiliado ON transacciones (afiliado_id, iniciada_en)"
)


def upgrade() -> None:
    for statement in (*ALL_DDL, *CONSECUTIVOS_DDL):
        op.execute(statement)
    for statement in (
        OBLIGACIONES,
        OBLIGACIONES_AFILIADO,
        TRANSACCIONES,
        UN_APROBADO,
        PENDIENTES,
        HISTORIAL,
    ):
        op.execute(statement)


def downgrade() -> None:
    for tabla in (
        "transacciones",
        "obligaciones",
        "consecutivos",
        "processed_events",
        "consumer_positions",
        "outbox",
        "events",
    ):
        op.execute(f"DROP TABLE IF EXISTS {tabla}")
