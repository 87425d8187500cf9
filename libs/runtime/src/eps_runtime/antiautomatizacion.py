"""Anti-automation shared by every endpoint open to scripts (registration, anonymous PQRS,
lookups by radicado): the CAPTCHA port and its development adapter, token-bucket rate limits.

CAPTCHA ("No soy un robot", manual 2.1.1): ``VerificadorCaptcha`` is the port. The adapter
here is ``CaptchaDesarrollo``, for the local stack and the tests: the front end sends
``X-Captcha: <token de desarrollo>`` (default ``no-soy-un-robot``) and anything else is
refused. Production verifies the widget's single-use token with its provider (Turnstile,
hCaptcha, reCAPTCHA): ``eps_runtime.captcha_proveedor``, which also refuses to build
``CaptchaDesarrollo`` outside a development or test process.

Rate limits: token buckets (``capacidad`` requests at once, then one more every
``segundos``); ``LimitadorEnMemoria`` for one process (unit tests), ``LimitadorSql``
(``eps_runtime.limites_sql``) for every instance at once. Keys never hold a document, a
radicado, a code or an IP in clear: ``clave_privada`` (a keyed hash).

Pure Python: the application layer may import it.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Cubeta:
    """A token bucket: ``capacidad`` requests at once, then one more every ``segundos``."""

    capacidad: int
    segundos: float


class LimitadorTasa(Protocol):
    async def tomar(self, clave: str, cubeta: Cubeta, ahora: datetime) -> int | None:
        """None if a token was taken; else the seconds to wait before the next one."""
        ...


class VerificadorCaptcha(Protocol):
    async def verificar(self, token: str | None, ip: str | None) -> bool:
        """True: a human passed; False: refused (no token, wrong, used). An adapter that
        cannot tell raises (``captcha_proveedor.CaptchaNoDisponible``), never returns True."""
        ...


class CaptchaDesarrollo:
    """Accepts exactly one configured token. NOT FOR PRODUCTION."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def verificar(self, token: str | None, ip: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self._token.encode())


class CaptchaCerrado:
    """Refuses every token: the wiring of processes that serve no public endpoint (workers,
    seeds), so a CAPTCHA they were never meant to check can never pass."""

    async def verificar(self, token: str | None, ip: str | None) -> bool:
        return False


class LimitadorEnMemoria:
    """One process only: for unit tests of the HTTP layer."""

    def __init__(self) -> None:
        self._cubetas: dict[str, tuple[float, datetime]] = {}

    async def tomar(self, clave: str, cubeta: Cubeta, ahora: datetime) -> int | None:
        fichas, antes = self._cubetas.get(clave, (float(cubeta.capacidad), ahora))
        transcurrido = max(0.0, (ahora - antes).total_seconds())
        fichas = min(float(cubeta.capacidad), fichas + transcurrido / cubeta.segundos)
        if fichas < 1:
            self._cubetas[clave] = (fichas, max(antes, ahora))
            return max(1, math.ceil((1 - fichas) * cubeta.segundos))
        self._cubetas[clave] = (fichas - 1, max(antes, ahora))
        return None


def clave_privada(secreto: str, valor: str) -> str:
    """A keyed hash, for rate-limit keys that must not reveal an IP or a user."""
    return hmac.new(secreto.encode(), valor.encode(), hashlib.sha256).hexdigest()[:32]
