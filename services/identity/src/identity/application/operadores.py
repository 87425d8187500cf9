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

from eps_contracts.events import UsuarioRegistrado
from eps_runtime.enlaces import cifrar_enlace
from identity.application.errores import YaRegistrado
from identity.application.puertos import CifradoSecretos, NuevaUnidad
from identity.application.registro_cuentas import guardar_enlace
from identity.domain.cuentas import VIGENCIA_ENLACE
from identity.domain.registro import Documento

EMISOR_TOTP = "Oficina Virtual EPS"


@dataclass(frozen=True)
class OperadorCreado:
    usuario_id: UUID
    uri_totp: str
    enlace_vence_en: datetime


async def crear_operador(
    unidad: NuevaUnidad,
    documento: Documento,
    *,
    email: str,
    nombre: str,
    ahora: datetime,
    portal_url: str,
    clave_enlaces: str,
    cifrado_totp: CifradoSecretos,
) -> OperadorCreado:
    """YaRegistrado if an operator with that document exists."""
    usuario_id = uuid4()
    secreto = pyotp.random_base32()
    vence = ahora + VIGENCIA_ENLACE
    async with unidad() as uow:
        creado = await uow.cuentas.crear_operador(
            usuario_id,
            documento,
            email=email,
            nombre=nombre,
            totp_cifrado=cifrado_totp.cifrar(secreto),
            ahora=ahora,
        )
        if not creado:
            raise YaRegistrado()
        token = await guardar_enlace(
            uow.cuentas, usuario_id=usuario_id, proposito="activacion", ahora=ahora, vence=vence
        )
        enlace = cifrar_enlace(f"{portal_url.rstrip('/')}/activar?token={token}", clave_enlaces)
        await uow.eventos.iniciar(
            usuario_id,
            UsuarioRegistrado(
                usuario_id=usuario_id,
                rol="operador",
                nombre=nombre,
                email=email,
                enlace=enlace,
                enlace_vence_en=vence,
            ),
        )
    uri = pyotp.TOTP(secreto).provisioning_uri(name=email, issuer_name=EMISOR_TOTP)
    return OperadorCreado(usuario_id, uri, vence)
