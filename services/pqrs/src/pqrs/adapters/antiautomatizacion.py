"""Anti-automation of the anonymous endpoints and of radicado lookups.

CAPTCHA: the port ``VerificadorCaptcha`` with the development adapter (as identity's): the
front end sends ``X-Captcha: <PQRS_CAPTCHA_TOKEN_DESARROLLO>`` (default ``no-soy-un-robot``);
a production adapter verifies the widget's token with its provider behind the same port.

Rate limits: token buckets in PostgreSQL (``limites_tasa``), shared by every instance; one
statement takes a token or takes nothing, so two instances cannot both spend the last one.
Keys never hold a radicado, a code or an IP in clear (a keyed hash of them).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from pqrs.application.puertos import Cubeta


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
