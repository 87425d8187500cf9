"""Event store, outbox, consumer records, folios, the incapacities sheet and the read model
of affiliation's and billing's events.

Revision ID: 0001
Revises:
Create Date: 2026-12-03
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.consecutivos import CONSECUTIVOS_DDL
from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PROPIAS = (
    # Written in the same transaction as the aggregate's events (the search sheet, overlaps,
    # prórrogas and late cases are read from here).
    """
    CREATE TABLE IF NOT EXISTS incapacidades (
        incapacidad_id  uuid PRIMARY KEY,
        folio           bigint NOT NULL UNIQUE,
        cotizante_id    uuid NOT NULL,
        aportante_id    uuid,
        contingencia    text NOT NULL,
        diagnostico     text NOT NULL,
        grupo           text NOT NULL,
        fecha_inicio    date NOT NULL,
        dias            integer NOT NULL CHECK (dias > 0),
        dias_acumulados integer NOT NULL,
        prorroga_de     uuid,
        estado          text NOT NULL,
        decidir_antes   date NOT NULL,
        pagar_antes     date,
        motivo          text,
        valor_eps       bigint,
        version         integer NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS incapacidades_cotizante ON incapacidades (cotizante_id)",
    "CREATE INDEX IF NOT EXISTS incapacidades_aportante ON incapacidades (aportante_id)",
    # Read model of affiliation's events.
    """
    CREATE TABLE IF NOT EXISTS cotizantes (
        afiliado_id    uuid PRIMARY KEY,
        estado         text NOT NULL,
        tipo_cotizante text,
        version        integer NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS cotizante_empleadores (
        afiliado_id  uuid NOT NULL,
        empleador_id uuid NOT NULL,
        PRIMARY KEY (afiliado_id, empleador_id)
    )
    """,
    # Read model of billing's cartera: one row per aporte (redelivery is a no-op).
    """
    CREATE TABLE IF NOT EXISTS aportes (
        aporte_id      uuid PRIMARY KEY,
        afiliado_id    uuid NOT NULL,
        periodo        text NOT NULL,
        dias_cotizados integer NOT NULL,
        ibc            bigint NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS aportes_afiliado ON aportes (afiliado_id)",
    """
    CREATE TABLE IF NOT EXISTS moras (
        afiliado_id uuid PRIMARY KEY,
        periodos    text[] NOT NULL,
        desde       timestamptz NOT NULL
    )
    """,
)


def upgrade() -> None:
    for statement in (*ALL_DDL, *CONSECUTIVOS_DDL, *PROPIAS):
        op.execute(statement)


def downgrade() -> None:
    for tabla in (
        "moras",
        "aportes",
        "cotizante_empleadores",
        "cotizantes",
        "incapacidades",
        "consecutivos",
        "processed_events",
        "consumer_positions",
        "outbox",
        "events",
    ):
        op.execute(f"DROP TABLE IF EXISTS {tabla}")
