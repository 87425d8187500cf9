"""Event store, outbox and consumer records (runtime); the append-only archive; access records.

Revision ID: 0001
Revises:
Create Date: 2026-12-03

The archive (``archivo``) only grows:
- the role the archive's consumer writes as (``audit_archivista``, ``SET LOCAL ROLE`` in its
  transaction) is granted SELECT and INSERT on it, never UPDATE, DELETE or TRUNCATE;
- a trigger refuses UPDATE, DELETE and TRUNCATE to everybody, the table's owner included;
- each row carries the SHA-256 of its content chained to the previous row of its topic
  partition (``hash_anterior``), so a row altered or removed behind the trigger's back (a
  superuser disabling it) is found by ``python -m audit verificar``.

Every statement is idempotent, so a half-applied run migrates cleanly.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import ALL_DDL

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

ARCHIVO = """
    CREATE TABLE IF NOT EXISTS archivo (
        posicion          bigserial   PRIMARY KEY,
        topico            text        NOT NULL,
        particion         integer     NOT NULL,
        desplazamiento    bigint      NOT NULL,
        secuencia         bigint      NOT NULL CHECK (secuencia > 0),
        evento_id         uuid        NOT NULL UNIQUE,
        ce_source         text        NOT NULL,
        ce_type           text        NOT NULL,
        ce_time           timestamptz NOT NULL,
        ce_subject        uuid        NOT NULL,
        aggregate_type    text        NOT NULL,
        aggregate_version integer     NOT NULL,
        traceparent       text,
        servicio          text        NOT NULL,
        afiliado_id       uuid,
        clave             bytea       NOT NULL,
        datos             bytea       NOT NULL,
        hash_anterior     bytea       NOT NULL,
        hash              bytea       NOT NULL,
        archivado_en      timestamptz NOT NULL DEFAULT clock_timestamp(),
        UNIQUE (topico, particion, desplazamiento),
        UNIQUE (topico, particion, secuencia)
    )
"""

INDICES = (
    "CREATE INDEX IF NOT EXISTS archivo_sujeto ON archivo (ce_subject, posicion)",
    "CREATE INDEX IF NOT EXISTS archivo_afiliado ON archivo (afiliado_id, ce_time, posicion) "
    "WHERE afiliado_id IS NOT NULL",
    "CREATE INDEX IF NOT EXISTS archivo_tipo ON archivo (ce_type, posicion)",
    "CREATE INDEX IF NOT EXISTS archivo_servicio ON archivo (servicio, posicion)",
    "CREATE INDEX IF NOT EXISTS archivo_tiempo ON archivo (ce_time, posicion)",
)

SOLO_AGREGAR = (
    """
    CREATE OR REPLACE FUNCTION archivo_solo_agregar() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        RAISE EXCEPTION 'el archivo de auditoría solo admite inserciones (%)', TG_OP
            USING ERRCODE = 'insufficient_privilege';
    END
    $$
    """,
    "DROP TRIGGER IF EXISTS archivo_sin_cambios ON archivo",
    "CREATE TRIGGER archivo_sin_cambios BEFORE UPDATE OR DELETE ON archivo "
    "FOR EACH ROW EXECUTE FUNCTION archivo_solo_agregar()",
    "DROP TRIGGER IF EXISTS archivo_sin_vaciar ON archivo",
    "CREATE TRIGGER archivo_sin_vaciar BEFORE TRUNCATE ON archivo "
    "FOR EACH STATEMENT EXECUTE FUNCTION archivo_solo_agregar()",
)

# Who accessed whose personal data: a read model of the access records every service emits
# (``es_consulta_de_datos``), written by the archive's consumer in the same transaction.
CONSULTAS = """
    CREATE TABLE IF NOT EXISTS consultas_datos (
        evento_id         uuid        PRIMARY KEY,
        consulta_id       uuid        NOT NULL,
        afiliado_id       uuid        NOT NULL,
        lector_usuario_id text        NOT NULL,
        lector_rol        text        NOT NULL,
        recurso           text        NOT NULL,
        operacion         text        NOT NULL,
        servicio          text        NOT NULL,
        consultado_en     timestamptz NOT NULL
    )
"""
CONSULTAS_INDICE = (
    "CREATE INDEX IF NOT EXISTS consultas_datos_afiliado "
    "ON consultas_datos (afiliado_id, consultado_en DESC, evento_id DESC)"
)

# Roles are cluster-wide: created once, concurrently by parallel test databases too.
ROL = """
    DO $$
    BEGIN
        IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_archivista') THEN
            CREATE ROLE audit_archivista NOLOGIN;
        END IF;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
        NULL;
    END
    $$
"""
PERMISOS = (
    "REVOKE ALL ON archivo FROM PUBLIC",
    "REVOKE ALL ON archivo FROM audit_archivista",
    "GRANT SELECT, INSERT ON archivo TO audit_archivista",
    "GRANT USAGE ON SEQUENCE archivo_posicion_seq TO audit_archivista",
    "GRANT SELECT, INSERT ON consultas_datos TO audit_archivista",
    "GRANT SELECT, INSERT, UPDATE ON consumer_positions TO audit_archivista",
    "GRANT SELECT, INSERT ON processed_events TO audit_archivista",
)


def upgrade() -> None:
    for statement in ALL_DDL:
        op.execute(statement)
    op.execute(ARCHIVO)
    for statement in INDICES:
        op.execute(statement)
    for statement in SOLO_AGREGAR:
        op.execute(statement)
    op.execute(CONSULTAS)
    op.execute(CONSULTAS_INDICE)
    op.execute(ROL)
    for statement in PERMISOS:
        op.execute(statement)


def downgrade() -> None:
    op.execute("DROP TABLE IF EXISTS consultas_datos")
    op.execute("DROP TABLE IF EXISTS archivo")
    op.execute("DROP FUNCTION IF EXISTS archivo_solo_agregar()")
    op.execute("DROP TABLE IF EXISTS processed_events")
    op.execute("DROP TABLE IF EXISTS consumer_positions")
    op.execute("DROP TABLE IF EXISTS outbox")
    op.execute("DROP TABLE IF EXISTS events")
