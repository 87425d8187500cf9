"""Back-office operators: created only from the command line, always with a second factor.

``crear_operador`` creates the account (role ``operador``, no password yet), a TOTP secret
(RFC 6238, 30 s, 6 digits) and the single-use activation link (24 h), recorded with
``UsuarioRegistrado`` so notifications e-mails it. The secret is stored encrypted
(``cifrado_totp``); the TOTP provisioning URI is returned once, for whoever runs the command
to hand over (a QR code); it is not sent by e-mail. An operator logs in with document,
password and the current code.
"""

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

import pyotp
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import UsuarioRegistrado
from eps_runtime.enlaces import cifrar_enlace
from eps_runtime.eventstore import EventStore
from identity.adapters.secretos_totp import CifradoTotp
from identity.application.errores import YaRegistrado
from identity.application.registro_cuentas import guardar_enlace
from identity.domain.cuentas import VIGENCIA_ENLACE
from identity.domain.registro import Documento

EMISOR_TOTP = "Oficina Virtual EPS"

_CREAR_OPERADOR = text(
    """
    INSERT INTO usuarios
        (usuario_id, rol, tipo_documento, numero_documento, email, nombre, totp_secreto,
         creado_en)
    VALUES (:usuario_id, 'operador', :tipo, :numero, :email, :nombre, :totp, :ahora)
    ON CONFLICT DO NOTHING
    RETURNING usuario_id
    """
)


@dataclass(frozen=True)
class OperadorCreado:
    usuario_id: UUID
    uri_totp: str
    enlace_vence_en: datetime


async def crear_operador(
    engine: AsyncEngine,
    documento: Documento,
    *,
    email: str,
    nombre: str,
    ahora: datetime,
    portal_url: str,
    clave_enlaces: str,
    cifrado_totp: CifradoTotp,
) -> OperadorCreado:
    """YaRegistrado if an operator with that document exists."""
    usuario_id = uuid4()
    secreto = pyotp.random_base32()
    vence = ahora + VIGENCIA_ENLACE
    async with engine.begin() as conn:
        creado = await conn.execute(
            _CREAR_OPERADOR,
            {
                "usuario_id": usuario_id,
                "tipo": documento.tipo.value,
                "numero": documento.numero,
                "email": email,
                "nombre": nombre,
                "totp": cifrado_totp.cifrar(secreto),
                "ahora": ahora,
            },
        )
        if creado.first() is None:
            raise YaRegistrado()
        token = await guardar_enlace(
            conn, usuario_id=usuario_id, proposito="activacion", ahora=ahora, vence=vence
        )
        enlace = cifrar_enlace(f"{portal_url.rstrip('/')}/activar?token={token}", clave_enlaces)
        await EventStore().append(
            conn,
            stream_id=usuario_id,
            stream_type=UsuarioRegistrado.aggregate_type,
            expected_version=0,
            events=[
                UsuarioRegistrado(
                    usuario_id=usuario_id,
                    rol="operador",
                    nombre=nombre,
                    email=email,
                    enlace=enlace,
                    enlace_vence_en=vence,
                )
            ],
        )
    uri = pyotp.TOTP(secreto).provisioning_uri(name=email, issuer_name=EMISOR_TOTP)
    return OperadorCreado(usuario_id, uri, vence)
