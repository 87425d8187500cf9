"""Personal secrets encrypted at rest (Fernet: AES-128-CBC + HMAC-SHA256; ASVS 6.4, 8.3.7).

A column that holds a TOTP seed or a bank account number keeps a Fernet token, never the
value: a copy of the database (a backup, a replica, a dump) does not hand it to anyone. The
key comes from the service's settings; several keys separated by commas rotate it: the
first encrypts, any decrypts (``MultiFernet``), so a new key is put first and the old one
removed once every value was re-encrypted.

Pure Python (no database): the adapters that write those columns use it.
"""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet


class DatoCifradoIlegible(Exception):
    """A stored token none of the configured keys opens (a key removed too early, or the
    column written by someone else)."""


def claves_fernet(claves: str) -> list[Fernet]:
    """The keys of a comma-separated list; ValueError if there is none or one is not a
    Fernet key (32 bytes in URL-safe base64)."""
    lista = [c.strip() for c in claves.split(",") if c.strip()]
    if not lista:
        raise ValueError("no hay ninguna clave")
    return [Fernet(c) for c in lista]


def es_token_fernet(valor: str) -> bool:
    """Whether ``valor`` looks like a Fernet token (version byte 0x80: ``gAAAAA…``), so a
    migration can leave already encrypted values alone and run twice."""
    return valor.startswith("gAAAAA")


class CifradoEnReposo:
    def __init__(self, claves: str) -> None:
        self._fernet = MultiFernet(claves_fernet(claves))

    def cifrar(self, valor: str) -> str:
        return self._fernet.encrypt(valor.encode()).decode()

    def descifrar(self, guardado: str) -> str:
        try:
            return self._fernet.decrypt(guardado.encode()).decode()
        except InvalidToken:
            raise DatoCifradoIlegible() from None
