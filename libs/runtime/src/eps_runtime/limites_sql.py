"""Token-bucket rate limits kept in PostgreSQL (table ``limites_tasa``: clave text primary
key, fichas double precision, actualizado_en timestamptz), so every instance shares them.
One statement takes a token or takes nothing (``INSERT … ON CONFLICT DO UPDATE … WHERE``),
so two instances cannot both spend the last one."""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.antiautomatizacion import Cubeta

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
