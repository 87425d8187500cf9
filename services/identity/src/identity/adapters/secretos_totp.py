"""TOTP secrets encrypted at rest (``eps_runtime.cifrado``: Fernet, ASVS 2.8.7 / 6.4).

``usuarios.totp_secreto`` and ``totp_pendiente`` hold a Fernet token, never the base32
secret: a copy of the database (a backup, a replica, a dump) does not give anyone the
second factor. The key is ``IDENTITY_CLAVE_TOTP``; several keys separated by commas rotate
it: the first encrypts, any decrypts, so a new key is put first and the old one removed once
every secret was re-encrypted (a new enrolment re-encrypts it).
"""

import re

from eps_runtime.cifrado import CifradoEnReposo, DatoCifradoIlegible, claves_fernet
from identity.application.puertos import SecretoTotpIlegible

__all__ = ["CifradoTotp", "SecretoTotpIlegible", "claves_fernet", "es_secreto_en_claro"]

_BASE32 = re.compile(r"^[A-Z2-7]+=*$")


def es_secreto_en_claro(valor: str) -> bool:
    """A base32 TOTP secret as pyotp makes it (a Fernet token is never one: it has lower
    case letters and starts with ``gAAAAA``)."""
    return _BASE32.fullmatch(valor) is not None


class CifradoTotp:
    def __init__(self, claves: str) -> None:
        self._cifrado = CifradoEnReposo(claves)

    def cifrar(self, secreto: str) -> str:
        return self._cifrado.cifrar(secreto)

    def descifrar(self, guardado: str) -> str:
        try:
            return self._cifrado.descifrar(guardado)
        except DatoCifradoIlegible:
            raise SecretoTotpIlegible() from None
