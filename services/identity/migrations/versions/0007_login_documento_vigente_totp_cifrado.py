"""Affiliates log in with their current document; TOTP secrets encrypted at rest.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23

- An affiliate's account is found by the document its affiliate holds NOW in
  ``afiliados_validables`` (novedad 1 moves it), joined by ``afiliado_id``; the document an
  account stored at registration is only a record of that moment. So it cannot stay unique
  among affiliates' accounts: after a change, another affiliate may come to hold the old
  document and register. ``usuarios_por_documento_sin_empleador`` now covers only operators
  (affiliates stay one account each by ``usuarios_afiliado``, on ``afiliado_id``).
- ``totp_secreto`` / ``totp_pendiente`` stored in clear (base32) are encrypted with the
  first key of ``IDENTITY_CLAVE_TOTP`` (see ``identity.adapters.secretos_totp``); values that
  are already Fernet tokens are left alone, so the upgrade can run twice. The downgrade
  decrypts them back (it needs the same key).
- Indexes for the purge (``identity.entrypoints.purga``) by expiry.

Every statement is idempotent.
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from identity.adapters.secretos_totp import CifradoTotp, es_secreto_en_claro
from identity.settings import IdentitySettings

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UPGRADE = (
    "DROP INDEX IF EXISTS usuarios_por_documento_sin_empleador",
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento_sin_empleador
    ON usuarios (tipo_documento, numero_documento, rol)
    WHERE empleador_id IS NULL AND rol <> 'afiliado'
    """,
    "CREATE INDEX IF NOT EXISTS enlaces_cuenta_por_vencimiento ON enlaces_cuenta (vence_en)",
    "CREATE INDEX IF NOT EXISTS sesiones_por_vencimiento ON sesiones (vence_en)",
    "CREATE INDEX IF NOT EXISTS tokens_renovacion_por_familia ON tokens_renovacion (familia_id)",
)

# Fails if two affiliates' accounts now share a document (see above): the old shape cannot
# hold them.
DOWNGRADE = (
    "DROP INDEX IF EXISTS tokens_renovacion_por_familia",
    "DROP INDEX IF EXISTS sesiones_por_vencimiento",
    "DROP INDEX IF EXISTS enlaces_cuenta_por_vencimiento",
    "DROP INDEX IF EXISTS usuarios_por_documento_sin_empleador",
    """
    CREATE UNIQUE INDEX IF NOT EXISTS usuarios_por_documento_sin_empleador
    ON usuarios (tipo_documento, numero_documento, rol) WHERE empleador_id IS NULL
    """,
)

_SECRETOS = sa.text(
    """
    SELECT usuario_id, totp_secreto, totp_pendiente FROM usuarios
    WHERE totp_secreto IS NOT NULL OR totp_pendiente IS NOT NULL
    """
)
_GUARDAR = sa.text(
    """
    UPDATE usuarios SET totp_secreto = :secreto, totp_pendiente = :pendiente
    WHERE usuario_id = :usuario_id
    """
)


def _convertir(convertir: Callable[[str], str | None]) -> None:
    conexion = op.get_bind()
    for fila in conexion.execute(_SECRETOS).all():
        secreto = convertir(fila.totp_secreto) if fila.totp_secreto else None
        pendiente = convertir(fila.totp_pendiente) if fila.totp_pendiente else None
        conexion.execute(
            _GUARDAR,
            {
                "usuario_id": fila.usuario_id,
                "secreto": secreto or fila.totp_secreto,
                "pendiente": pendiente or fila.totp_pendiente,
            },
        )


def upgrade() -> None:
    for statement in UPGRADE:
        op.execute(statement)
    cifrado = CifradoTotp(IdentitySettings().clave_totp)
    _convertir(lambda v: cifrado.cifrar(v) if es_secreto_en_claro(v) else None)


def downgrade() -> None:
    cifrado = CifradoTotp(IdentitySettings().clave_totp)
    _convertir(lambda v: None if es_secreto_en_claro(v) else cifrado.descifrar(v))
    for statement in DOWNGRADE:
        op.execute(statement)
