"""Bank account numbers encrypted at rest.

``cuentas_reembolso.numero`` now holds a Fernet token (``eps_runtime.cifrado``) made with
the first key of ``INCAPACITIES_CLAVE_CUENTAS``, and ``ultimos4`` the last four digits for
display. Numbers stored in clear before are encrypted here; values that are already tokens
are left alone, so the upgrade can run twice. The downgrade decrypts them back (it needs the
same key).

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-03
"""

from collections.abc import Callable, Sequence

import sqlalchemy as sa
from alembic import op

from eps_runtime.cifrado import CifradoEnReposo, es_token_fernet
from incapacities.settings import IncapacitiesSettings

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_CUENTAS = sa.text("SELECT titular_id, numero FROM cuentas_reembolso")
_GUARDAR = sa.text(
    "UPDATE cuentas_reembolso SET numero = :numero, ultimos4 = :ultimos4 WHERE titular_id = :t"
)


def _convertir(convertir: Callable[[str], str | None], cifrado: CifradoEnReposo) -> None:
    conexion = op.get_bind()
    for fila in conexion.execute(_CUENTAS).all():
        nuevo = convertir(fila.numero)
        if nuevo is None:
            continue
        claro = nuevo if not es_token_fernet(nuevo) else cifrado.descifrar(nuevo)
        conexion.execute(_GUARDAR, {"t": fila.titular_id, "numero": nuevo, "ultimos4": claro[-4:]})


def upgrade() -> None:
    op.execute("ALTER TABLE cuentas_reembolso ADD COLUMN IF NOT EXISTS ultimos4 text")
    cifrado = CifradoEnReposo(IncapacitiesSettings().clave_cuentas)
    _convertir(lambda v: None if es_token_fernet(v) else cifrado.cifrar(v), cifrado)
    op.execute("UPDATE cuentas_reembolso SET ultimos4 = '' WHERE ultimos4 IS NULL")
    op.execute("ALTER TABLE cuentas_reembolso ALTER COLUMN ultimos4 SET NOT NULL")


def downgrade() -> None:
    cifrado = CifradoEnReposo(IncapacitiesSettings().clave_cuentas)
    _convertir(lambda v: cifrado.descifrar(v) if es_token_fernet(v) else None, cifrado)
    op.execute("ALTER TABLE cuentas_reembolso DROP COLUMN IF EXISTS ultimos4")
