"""The reports' aggregations over the archive in PostgreSQL."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.application.informes import TasaAprobacion, Volumen
from audit.domain.plazos import Caso, Plazo

_NOMBRE = "split_part(ce_type, '.', 4)"
_MES = "to_char(ce_time AT TIME ZONE 'America/Bogota', 'YYYY-MM')"

_CASOS = text(
    f"""
    SELECT i.ce_subject AS caso_id, i.ce_time AS inicio,
           (SELECT min(f.ce_time) FROM archivo f
             WHERE f.ce_subject = i.ce_subject AND split_part(f.ce_type, '.', 4) = ANY(:fin)
               AND f.ce_time >= i.ce_time) AS fin
    FROM archivo i
    WHERE {_NOMBRE} = :inicio AND i.ce_time >= :desde AND i.ce_time < :hasta
    """
)
_VOLUMENES = text(
    f"""
    SELECT {_MES} AS mes, servicio, {_NOMBRE} AS evento, count(*) AS cantidad
    FROM archivo WHERE ce_time >= :desde AND ce_time < :hasta
    GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
    """
)
_PAGOS = text(
    f"""
    SELECT {_MES} AS mes,
           count(*) FILTER (WHERE {_NOMBRE} = 'PagoAprobado') AS aprobados,
           count(*) FILTER (WHERE {_NOMBRE} = 'PagoRechazado') AS rechazados
    FROM archivo
    WHERE servicio = 'billing' AND {_NOMBRE} IN ('PagoAprobado', 'PagoRechazado')
      AND ce_time >= :desde AND ce_time < :hasta
    GROUP BY 1 ORDER BY 1
    """
)


class InformesSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine

    async def casos(self, plazo: Plazo, desde: datetime, hasta: datetime) -> list[Caso]:
        async with self.engine.connect() as conn:
            filas = await conn.execute(
                _CASOS,
                {"inicio": plazo.inicio, "fin": list(plazo.fin), "desde": desde, "hasta": hasta},
            )
            return [Caso(f.caso_id, f.inicio, f.fin) for f in filas]

    async def volumenes(self, desde: datetime, hasta: datetime) -> list[Volumen]:
        async with self.engine.connect() as conn:
            filas = await conn.execute(_VOLUMENES, {"desde": desde, "hasta": hasta})
            return [Volumen(f.mes, f.servicio, f.evento, int(f.cantidad)) for f in filas]

    async def pagos(self, desde: datetime, hasta: datetime) -> list[TasaAprobacion]:
        async with self.engine.connect() as conn:
            filas = await conn.execute(_PAGOS, {"desde": desde, "hasta": hasta})
            return [TasaAprobacion(f.mes, int(f.aprobados), int(f.rechazados)) for f in filas]
