"""Anti-automation of registration: the CAPTCHA port's development adapter and rate limits.

CAPTCHA ("No soy un robot", manual 2.1.1): ``VerificadorCaptcha`` is the port. The only
adapter today is ``CaptchaDesarrollo``, for the local stack and the tests: the front end
sends the header ``X-Captcha: <IDENTITY_CAPTCHA_TOKEN_DESARROLLO>`` (default
``no-soy-un-robot``) and anything else is refused. A production adapter (reCAPTCHA,
hCaptcha, Turnstile) verifies the widget's token with its provider behind the same port.

Rate limits: token buckets (``capacidad`` requests at once, then one more every
``segundos``) kept in PostgreSQL (``limites_tasa``), so every instance shares them. One
statement takes a token or takes nothing (``INSERT … ON CONFLICT DO UPDATE … WHERE``), so
two instances cannot both spend the last one. Keys never hold a document number in clear
(a keyed hash of it).
"""

import hmac
import math
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from identity.application.puertos import Cubeta, LimitadorTasa, VerificadorCaptcha
from identity.domain.cuentas import clave_documento as clave_documento

__all__ = [
    "CaptchaDesarrollo",
    "Cubeta",
    "LimitadorEnMemoria",
    "LimitadorSql",
    "LimitadorTasa",
    "VerificadorCaptcha",
    "clave_documento",
]


class CaptchaDesarrollo:
    """Accepts exactly one configured token. NOT FOR PRODUCTION."""

    def __init__(self, token: str) -> None:
        self._token = token

    async def verificar(self, token: str | None, ip: str | None) -> bool:
        return token is not None and hmac.compare_digest(token.encode(), self._token.encode())


_TOMAR = text(
    """
    INSERT INTO limites_tasa AS l (clave, fichas, actualizado_en)
    VALUES (:clave, :capacidad - 1, :ahora)
    ON CONFLICT (clave) DO UPDATE SET
        fichas = LEAST(
            :capacidad,
            l.fichas + GREATEST(0, EXTRACT(EPOCH FROM (:ahora - l.actualizado_en))) / :segundos
        ) - 1,
        actualizado_en = GREATEST(l.actualizado_en, :ahora)
    WHERE LEAST(
        :capacidad,
        l.fichas + GREATEST(0, EXTRACT(EPOCH FROM (:ahora - l.actualizado_en))) / :segundos
    ) >= 1
    RETURNING fichas
    """
)

_FICHAS = text(
    """
    SELECT LEAST(
        :capacidad,
        fichas + GREATEST(0, EXTRACT(EPOCH FROM (:ahora - actualizado_en))) / :segundos
    ) AS fichas
    FROM limites_tasa WHERE clave = :clave
    """
)


class LimitadorSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def tomar(self, clave: str, cubeta: Cubeta, ahora: datetime) -> int | None:
        parametros = {
            "clave": clave,
            "capacidad": float(cubeta.capacidad),
            "segundos": cubeta.segundos,
            "ahora": ahora,
        }
        async with self._engine.begin() as conn:
            if (await conn.execute(_TOMAR, parametros)).first() is not None:
                return None
            fichas = (await conn.execute(_FICHAS, parametros)).scalar_one_or_none() or 0.0
        return max(1, math.ceil((1 - float(fichas)) * cubeta.segundos))


class LimitadorEnMemoria:
    """One process only: for tests of the HTTP layer without a database."""

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
