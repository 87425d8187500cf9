"""argon2id password hashing and the list of common passwords.

Parameters: OWASP Password Storage Cheat Sheet, argon2id with m=19 MiB (19456 KiB), t=2,
p=1. Hashing runs in a worker thread so the event loop keeps serving other requests.
``verificar`` also says whether a stored hash used older parameters (``necesita_rehash``) so
a login can upgrade it.
"""

import asyncio
from functools import cache
from importlib.resources import files

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

_HASHER = PasswordHasher(time_cost=2, memory_cost=19456, parallelism=1)

# A valid argon2id hash of a random password: checked when the account does not exist or has
# no password yet, so the answer takes as long as for a real account (no user enumeration by
# timing).
_HASH_SENUELO = _HASHER.hash("señuelo-que-nunca-coincide-4f1c9a")


async def cifrar(contrasena: str) -> str:
    return await asyncio.to_thread(_HASHER.hash, contrasena)


def _verificar(hash_guardado: str | None, contrasena: str) -> bool:
    try:
        return _HASHER.verify(hash_guardado or _HASH_SENUELO, contrasena) and bool(hash_guardado)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


async def verificar(hash_guardado: str | None, contrasena: str) -> bool:
    """Whether ``contrasena`` matches; with no hash, spends the same time and says no."""
    return await asyncio.to_thread(_verificar, hash_guardado, contrasena)


def necesita_rehash(hash_guardado: str) -> bool:
    return _HASHER.check_needs_rehash(hash_guardado)


class ContrasenasArgon2:
    """The ``Contrasenas`` port over this module's argon2id hasher."""

    async def cifrar(self, contrasena: str) -> str:
        return await cifrar(contrasena)

    async def verificar(self, hash_guardado: str | None, contrasena: str) -> bool:
        return await verificar(hash_guardado, contrasena)


@cache
def contrasenas_comunes() -> frozenset[str]:
    """The shipped list (``contrasenas_comunes.txt``; its header names the source)."""
    texto = files("identity.adapters").joinpath("contrasenas_comunes.txt").read_text("utf-8")
    return frozenset(
        linea.strip().lower() for linea in texto.splitlines() if linea and not linea.startswith("#")
    )
