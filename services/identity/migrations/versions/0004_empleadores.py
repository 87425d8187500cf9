"""Employer administration (seed 002): known employers, delegates' data, activation links.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-22

- ``empleadores_conocidos``: identity's read model of affiliation's employers
  (``eps.affiliation.empleadores``), so identity knows an employer exists without reading
  affiliation's database. ``version`` is the affiliation aggregate's version it reflects.
- ``delegados_empleador``: each live delegate's data, written in the same transaction as the
  ``AdministracionEmpleador`` events. The events (published on Kafka) never carry the
  document number nor the phones; they are kept only here. ``nombres_busqueda`` is the
  name lowercased and without accents, for the guide's search. A deleted delegate's row is
  deleted: deletion is final.
- ``activaciones_delegado``: the delegate's single-use activation tokens, SHA-256 only.

Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import EVENT_STORE_DDL

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    *EVENT_STORE_DDL,
    """
    CREATE TABLE IF NOT EXISTS empleadores_conocidos (
        empleador_id        uuid        PRIMARY KEY,
        tipo_documento      text        NOT NULL,
        numero_documento    text        NOT NULL,
        digito_verificacion integer,
        razon_social        text        NOT NULL,
        version             integer     NOT NULL CHECK (version > 0),
        actualizado_en      timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS empleadores_conocidos_por_documento
    ON empleadores_conocidos (tipo_documento, numero_documento)
    """,
    """
    CREATE TABLE IF NOT EXISTS delegados_empleador (
        delegado_id      uuid        PRIMARY KEY,
        empleador_id     uuid        NOT NULL,
        perfil_id        uuid        NOT NULL,
        nombres          text        NOT NULL,
        nombres_busqueda text        NOT NULL,
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        cargo            text,
        telefono         text,
        celular          text,
        email            text        NOT NULL,
        creado_en        timestamptz NOT NULL,
        actualizado_en   timestamptz NOT NULL,
        CONSTRAINT delegados_empleador_documento
            UNIQUE (empleador_id, tipo_documento, numero_documento)
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS delegados_empleador_por_empleador
    ON delegados_empleador (empleador_id, nombres_busqueda)
    """,
    """
    CREATE TABLE IF NOT EXISTS activaciones_delegado (
        token_hash   bytea       PRIMARY KEY,
        delegado_id  uuid        NOT NULL,
        empleador_id uuid        NOT NULL,
        creado_en    timestamptz NOT NULL,
        vence_en     timestamptz NOT NULL,
        usado_en     timestamptz
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS activaciones_delegado_por_delegado
    ON activaciones_delegado (delegado_id)
    """,
)

# The event store belongs to 0003.
DOWNGRADE = (
    "DROP TABLE IF EXISTS activaciones_delegado",
    "DROP TABLE IF EXISTS delegados_empleador",
    "DROP TABLE IF EXISTS empleadores_conocidos",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
