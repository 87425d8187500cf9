"""Event store, outbox and consumer records (runtime), consecutivos, the OPS and presolicitud
views written with their events, and the read models fed by affiliation and billing.

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

TABLAS: tuple[str, ...] = (
    # The affiliate's right, from affiliation's events (consumer authorizations.derechos).
    """
    CREATE TABLE IF NOT EXISTS derechos (
        afiliado_id      uuid PRIMARY KEY,
        estado           text NOT NULL,
        tipo_afiliado    text NOT NULL,
        cotizante_id     uuid,
        rango_salarial   text,
        fecha_nacimiento date NOT NULL,
        tipo_documento   text,
        numero_documento text,
        nombre           text,
        ips_primaria     text,
        version          integer NOT NULL,
        actualizado_en   timestamptz NOT NULL DEFAULT now()
    )
    """,
    """
    CREATE TABLE IF NOT EXISTS planes_pac (
        afiliado_id  uuid NOT NULL,
        plan_codigo  text NOT NULL,
        plan_nombre  text NOT NULL,
        activo       boolean NOT NULL,
        version      integer NOT NULL,
        PRIMARY KEY (afiliado_id, plan_codigo)
    )
    """,
    # Arrears, from billing's cartera (consumer authorizations.cartera).
    """
    CREATE TABLE IF NOT EXISTS moras (
        afiliado_id    uuid PRIMARY KEY,
        en_mora        boolean NOT NULL,
        desde          timestamptz NOT NULL
    )
    """,
    # Approved payments of OPS copays, kept even when the OPS is not known yet.
    """
    CREATE TABLE IF NOT EXISTS pagos_aprobados (
        ops_id         uuid PRIMARY KEY,
        obligacion_id  uuid NOT NULL,
        valor          bigint NOT NULL,
        aprobado_en    timestamptz NOT NULL
    )
    """,
    # Every payment attempt billing reported, for the affiliate's histórico.
    """
    CREATE TABLE IF NOT EXISTS pagos_historial (
        transaccion_id  uuid PRIMARY KEY,
        ops_id          uuid NOT NULL,
        afiliado_id     uuid NOT NULL,
        valor           bigint NOT NULL,
        estado          text NOT NULL,
        motivo          text,
        en              timestamptz NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS pagos_historial_afiliado ON pagos_historial (afiliado_id, en)",
    # Views written in the same transaction as their aggregate's events.
    """
    CREATE TABLE IF NOT EXISTS presolicitudes_vista (
        presolicitud_id     uuid PRIMARY KEY,
        afiliado_id         uuid NOT NULL,
        consecutivo         bigint NOT NULL UNIQUE,
        plan                text NOT NULL,
        estado              text NOT NULL,
        prioritaria         boolean NOT NULL DEFAULT false,
        observaciones       text,
        creada_en           timestamptz NOT NULL,
        responder_antes_de  timestamptz NOT NULL,
        plazo_incumplido    boolean NOT NULL DEFAULT false,
        version             integer NOT NULL
    )
    """,
    """
    CREATE INDEX IF NOT EXISTS presolicitudes_vista_afiliado
        ON presolicitudes_vista (afiliado_id)
    """,
    """
    CREATE INDEX IF NOT EXISTS presolicitudes_vista_cola
        ON presolicitudes_vista (responder_antes_de) WHERE estado <> 'GESTIONADA'
    """,
    """
    CREATE TABLE IF NOT EXISTS ops_vista (
        ops_id               uuid PRIMARY KEY,
        afiliado_id          uuid NOT NULL,
        presolicitud_id      uuid,
        numero_autorizacion  text NOT NULL UNIQUE,
        cups_codigo          text NOT NULL,
        cups_descripcion     text NOT NULL,
        prestador            text NOT NULL,
        vence_el             date NOT NULL,
        valor_cuota          bigint NOT NULL,
        concepto_cuota       text NOT NULL,
        anio                 integer NOT NULL,
        estado               text NOT NULL,
        version              integer NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS ops_vista_afiliado ON ops_vista (afiliado_id, anio)",
    """
    CREATE TABLE IF NOT EXISTS prescripciones_vista (
        prescripcion_id       uuid PRIMARY KEY,
        afiliado_id           uuid NOT NULL,
        numero_prescripcion   text NOT NULL UNIQUE,
        tipo_tecnologia       text NOT NULL,
        descripcion           text NOT NULL,
        cantidad              integer NOT NULL,
        fecha_maxima_entrega  date NOT NULL,
        estado                text NOT NULL,
        version               integer NOT NULL
    )
    """,
    "CREATE INDEX IF NOT EXISTS prescripciones_afiliado ON prescripciones_vista (afiliado_id)",
    "CREATE INDEX IF NOT EXISTS derechos_documento ON derechos (tipo_documento, numero_documento)",
)


def upgrade() -> None:
    for statement in (*ALL_DDL, *CONSECUTIVOS_DDL, *TABLAS):
        op.execute(statement)


def downgrade() -> None:
    for tabla in (
        "prescripciones_vista",
        "ops_vista",
        "presolicitudes_vista",
        "pagos_historial",
        "pagos_aprobados",
        "moras",
        "planes_pac",
        "derechos",
        "consecutivos",
        "processed_events",
        "consumer_positions",
        "outbox",
        "events",
    ):
        op.execute(f"DROP TABLE IF EXISTS {tabla}")
