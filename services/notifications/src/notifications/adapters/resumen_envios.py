"""How many e-mails are in each state, and since when the oldest waits (for operators)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

_RESUMEN = text(
    """
    SELECT estado, motivo, count(*) AS cantidad, min(creado_en) AS desde
    FROM envios GROUP BY estado, motivo ORDER BY estado, motivo NULLS FIRST
    """
)


@dataclass(frozen=True)
class EstadoEnvios:
    estado: str
    motivo: str | None
    cantidad: int
    desde: datetime


async def resumen(engine: AsyncEngine) -> list[EstadoEnvios]:
    async with engine.connect() as conn:
        filas = await conn.execute(_RESUMEN)
        return [EstadoEnvios(f.estado, f.motivo, f.cantidad, f.desde) for f in filas]
