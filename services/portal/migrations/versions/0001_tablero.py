"""Consumer records (runtime) and the dashboard read model (``tablero_*``).

Revision ID: 0001
Revises:
Create Date: 2026-11-22

Every statement is idempotent, so a database whose runtime tables already exist migrates
cleanly.

- ``tablero_personas``: one row per affiliate, what the home dashboard shows of him, and the
  version of his aggregate it reflects;
- ``tablero_grupos``: who the cotizante's own stream says is in his family group
  (``BeneficiarioIncluido``/``Excluido``), with that stream's version; the group is joined
  at query time with the beneficiaries' own ``cotizante_id``, so whichever side arrives
  first the answer converges;
- ``retraso_proyeccion``: the last lag the consumer measured, for /readyz and /metrics.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import CONSUMER_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLERO_PERSONAS = """
    CREATE TABLE IF NOT EXISTS tablero_personas (
        afiliado_id            uuid        PRIMARY KEY,
        version                integer     NOT NULL CHECK (version > 0),
        tipo_documento         text        NOT NULL,
        numero_documento       text        NOT NULL,
        primer_nombre          text        NOT NULL,
        segundo_nombre         text,
        primer_apellido        text        NOT NULL,
        segundo_apellido       text,
        fecha_nacimiento       date        NOT NULL,
        tipo_afiliado          text        NOT NULL,
        parentesco             text,
        cotizante_id           uuid,
        regimen                text,
        estado                 text        NOT NULL,
        email                  text,
        telefono_movil         text,
        telefono_residencia    text,
        direccion              text,
        barrio                 text,
        municipio_divipola     text,
        ips_primaria_codigo    text,
        ips_primaria_nombre    text,
        ips_primaria_direccion text,
        ips_primaria_telefono  text,
        pac_codigo             text,
        pac_nombre             text,
        pac_fecha_inicio       date,
        actualizado_en         timestamptz NOT NULL DEFAULT now()
    )
"""

TABLERO_PERSONAS_POR_COTIZANTE = """
    CREATE INDEX IF NOT EXISTS tablero_personas_cotizante
    ON tablero_personas (cotizante_id) WHERE cotizante_id IS NOT NULL
"""

TABLERO_GRUPOS = """
    CREATE TABLE IF NOT EXISTS tablero_grupos (
        cotizante_id    uuid        NOT NULL,
        beneficiario_id uuid        NOT NULL,
        tipo_afiliado   text        NOT NULL,
        parentesco      text,
        activo          boolean     NOT NULL,
        version         integer     NOT NULL CHECK (version > 0),
        actualizado_en  timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (cotizante_id, beneficiario_id)
    )
"""

RETRASO_PROYECCION = """
    CREATE TABLE IF NOT EXISTS retraso_proyeccion (
        proyeccion          text        PRIMARY KEY,
        mensajes_pendientes bigint      NOT NULL CHECK (mensajes_pendientes >= 0),
        medido_en           timestamptz NOT NULL
    )
"""


def upgrade() -> None:
    for statement in CONSUMER_DDL:
        op.execute(statement)
    op.execute(TABLERO_PERSONAS)
    op.execute(TABLERO_PERSONAS_POR_COTIZANTE)
    op.execute(TABLERO_GRUPOS)
    op.execute(RETRASO_PROYECCION)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS retraso_proyeccion")
    op.execute("DROP TABLE IF EXISTS tablero_grupos")
    op.execute("DROP TABLE IF EXISTS tablero_personas")
    op.execute("DROP TABLE IF EXISTS processed_events")
    op.execute("DROP TABLE IF EXISTS consumer_positions")
