"""Accounts: registration attempts and blocks, question sets, tickets, users, links, sessions.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

- ``events``/``outbox``: identity now records its own events (RegistroBloqueado,
  UsuarioRegistrado, ...) through ``eps_runtime.eventstore``.
- ``registro_intentos``: failed answer sets per DOCUMENT and the block's end (manual 2.1.2:
  the third wrong attempt blocks the document 24 hours). One row per document, updated
  atomically, so two instances cannot both grant a fourth attempt.
- ``registro_preguntas``: question sets kept server side (only the correct option ids, never
  sent), with expiry and single use.
- ``registro_tiquetes``: the short-lived, single-use proof of correct answers (SHA-256 only).
- ``usuarios``: accounts (any role; the document is what an affiliate or operator logs in
  with, so it may be NULL for roles that log in otherwise); ``contrasena_hash`` stays NULL
  until the activation link is used.
- ``enlaces_cuenta``: activation / reset tokens (SHA-256 only), single use.
- ``sesiones`` and ``tokens_renovacion``: refresh-token families (a reused refresh token
  revokes its whole family).
- ``limites_tasa`` (token buckets) and ``fallos_inicio_sesion`` (login throttling).

Every statement is idempotent.
"""

from collections.abc import Sequence

from alembic import op

from eps_runtime.schema import EVENT_STORE_DDL

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    *EVENT_STORE_DDL,
    """
    CREATE TABLE IF NOT EXISTS registro_intentos (
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        intentos_fallidos integer    NOT NULL DEFAULT 0 CHECK (intentos_fallidos >= 0),
        bloqueado_hasta  timestamptz,
        actualizado_en   timestamptz NOT NULL,
        PRIMARY KEY (tipo_documento, numero_documento)
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS registro_preguntas (
        conjunto_id      uuid        PRIMARY KEY,
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        afiliado_id      uuid        NOT NULL,
        correctas        jsonb       NOT NULL,
        creado_en        timestamptz NOT NULL,
        vence_en         timestamptz NOT NULL,
        usado_en         timestamptz
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS registro_tiquetes (
        tiquete_hash     bytea       PRIMARY KEY,
        afiliado_id      uuid        NOT NULL,
        tipo_documento   text        NOT NULL,
        numero_documento text        NOT NULL,
        vence_en         timestamptz NOT NULL,
        usado_en         timestamptz
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS usuarios (
        usuario_id            uuid        PRIMARY KEY,
        rol                   text        NOT NULL,
        afiliado_id           uuid,
        empleador_id          uuid,
        tipo_documento        text,
        numero_documento      text,
        email                 text        NOT NULL,
        telefono_movil        text,
        terminos_version      text,
        terminos_aceptados_en timestamptz,
        contrasena_hash       text,
        contrasena_cambiada_en timestamptz,
        totp_secreto          text,
        creado_en             timestamptz NOT NULL
    )
    """,
    # The name the e-mails greet the person with (the events carry it).
    "ALTER TABLE usuarios ADD COLUMN IF NOT EXISTS nombre text",
    # The last TOTP time step accepted: a code is good once (ASVS 2.8.4).
    "ALTER TABLE usuarios ADD COLUMN IF NOT EXISTS totp_ultimo_paso bigint",
    # A TOTP secret an affiliate is enrolling, until a first code confirms it.
    "ALTER TABLE usuarios ADD COLUMN IF NOT EXISTS totp_pendiente text",
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento
    ON usuarios (tipo_documento, numero_documento, rol)
    """,
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_afiliado
    ON usuarios (afiliado_id) WHERE rol = 'afiliado'
    """,
    """
    CREATE TABLE IF NOT EXISTS enlaces_cuenta (
        token_hash  bytea       PRIMARY KEY,
        usuario_id  uuid        NOT NULL REFERENCES usuarios (usuario_id),
        proposito   text        NOT NULL,
        creado_en   timestamptz NOT NULL,
        vence_en    timestamptz NOT NULL,
        usado_en    timestamptz
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS sesiones (
        familia_id  uuid        PRIMARY KEY,
        usuario_id  uuid        NOT NULL REFERENCES usuarios (usuario_id),
        creada_en   timestamptz NOT NULL,
        vence_en    timestamptz NOT NULL,
        revocada_en timestamptz,
        motivo      text
    )
    """,
    "CREATE INDEX IF NOT EXISTS sesiones_por_usuario ON sesiones (usuario_id)",
    """
    CREATE TABLE IF NOT EXISTS tokens_renovacion (
        token_hash  bytea       PRIMARY KEY,
        familia_id  uuid        NOT NULL REFERENCES sesiones (familia_id),
        emitido_en  timestamptz NOT NULL,
        usado_en    timestamptz
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS limites_tasa (
        clave          text             PRIMARY KEY,
        fichas         double precision NOT NULL,
        actualizado_en timestamptz      NOT NULL
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS fallos_inicio_sesion (
        id          bigserial   PRIMARY KEY,
        clave       text        NOT NULL,
        ocurrido_en timestamptz NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS fallos_inicio_sesion_por_clave
    ON fallos_inicio_sesion (clave, ocurrido_en)
    """,
)

# The event store is left in place: 0001's downgrade of another service's tables is not ours.
DOWNGRADE = (
    "DROP TABLE IF EXISTS fallos_inicio_sesion",
    "DROP TABLE IF EXISTS limites_tasa",
    "DROP TABLE IF EXISTS tokens_renovacion",
    "DROP TABLE IF EXISTS sesiones",
    "DROP TABLE IF EXISTS enlaces_cuenta",
    "DROP TABLE IF EXISTS usuarios",
    "DROP TABLE IF EXISTS registro_tiquetes",
    "DROP TABLE IF EXISTS registro_preguntas",
    "DROP TABLE IF EXISTS registro_intentos",
)


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)


def downgrade() -> None:
    for statement in DOWNGRADE:
        op.execute(statement)
