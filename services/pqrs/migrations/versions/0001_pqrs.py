"""Event store, outbox, consumer records, consecutivos, radicados, the queue, the survey.

Revision ID: 0001
Revises:
Create Date: 2026-12-03

Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.consecutivos import CONSECUTIVOS_DDL
from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLAS = (
    # One row per radicado, in the filing's transaction: the primary key makes a repeated
    # radicado impossible; an anonymous filing keeps only the keyed hash of its code.
    """
    CREATE TABLE IF NOT EXISTS radicados (
        radicado     text PRIMARY KEY,
        solicitud_id uuid NOT NULL UNIQUE,
        codigo_hash  text
    )
    """,
    # The back-office queue and the requesters' lists (no description, no names).
    """
    CREATE TABLE IF NOT EXISTS solicitudes (
        solicitud_id  uuid PRIMARY KEY,
        radicado      text NOT NULL UNIQUE,
        tipo          text NOT NULL,
        estado        text NOT NULL,
        canal         text NOT NULL,
        radicante     text NOT NULL,
        riesgo        text,
        area          text,
        operador_id   text,
        afiliado_id   uuid,
        empleador_id  uuid,
        radicada_en   timestamptz NOT NULL,
        vence_en      timestamptz,
        respondida_en timestamptz,
        calificacion  integer,
        version       integer NOT NULL,
        abierta       boolean NOT NULL,
        incumplida    boolean NOT NULL DEFAULT false,
        unidad_plazo  text
    )
    """,
    "CREATE INDEX IF NOT EXISTS solicitudes_cola ON solicitudes (abierta DESC, vence_en)",
    "CREATE INDEX IF NOT EXISTS solicitudes_afiliado ON solicitudes (afiliado_id)",
    "CREATE INDEX IF NOT EXISTS solicitudes_empleador ON solicitudes (empleador_id)",
    # One answer per user and month: the id is derived from both (uuid5).
    """
    CREATE TABLE IF NOT EXISTS encuestas (
        encuesta_id  uuid PRIMARY KEY,
        periodo      text NOT NULL,
        facilidad    smallint NOT NULL CHECK (facilidad BETWEEN 1 AND 5),
        tiempo       smallint NOT NULL CHECK (tiempo BETWEEN 1 AND 5),
        claridad     smallint NOT NULL CHECK (claridad BETWEEN 1 AND 5),
        satisfaccion smallint NOT NULL CHECK (satisfaccion BETWEEN 1 AND 5)
    )
    """,
    "CREATE INDEX IF NOT EXISTS encuestas_periodo ON encuestas (periodo)",
    # Token buckets of the anonymous endpoints and radicado lookups (shared by instances).
    """
    CREATE TABLE IF NOT EXISTS limites_tasa (
        clave          text PRIMARY KEY,
        fichas         double precision NOT NULL,
        actualizado_en timestamptz NOT NULL
    )
    """,
)


def upgrade() -> None:
    for statement in ALL_DDL + CONSECUTIVOS_DDL + TABLAS:
        op.execute(statement)


def downgrade() -> None:
    for tabla in (
        "limites_tasa",
        "encuestas",
        "solicitudes",
        "radicados",
        "consecutivos",
        "processed_events",
        "consumer_positions",
        "outbox",
        "events",
    ):
        op.execute(f"DROP TABLE IF EXISTS {tabla}")
