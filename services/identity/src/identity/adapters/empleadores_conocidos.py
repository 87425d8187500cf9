"""Reads identity's view of the employers registered in affiliation (``empleadores_conocidos``).

For whoever must check an employer against affiliation's registry without reading its
database: the employer administration (does it exist?) and the employer's account
(its legal representative gives the employer's document).
"""

from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from identity.application.puertos import EmpleadorConocido

__all__ = ["EmpleadorConocido", "EmpleadoresConocidosSql"]

_COLUMNAS = "empleador_id, tipo_documento, numero_documento, digito_verificacion, razon_social"
_POR_ID = text(f"SELECT {_COLUMNAS} FROM empleadores_conocidos WHERE empleador_id = :id")
_POR_DOCUMENTO = text(
    f"SELECT {_COLUMNAS} FROM empleadores_conocidos "
    "WHERE tipo_documento = :tipo AND numero_documento = :numero "
    "ORDER BY actualizado_en DESC, empleador_id LIMIT 1"
)


def _empleador(fila: Any) -> EmpleadorConocido:
    return EmpleadorConocido(
        empleador_id=fila.empleador_id,
        tipo_documento=fila.tipo_documento,
        numero_documento=fila.numero_documento,
        digito_verificacion=fila.digito_verificacion,
        razon_social=fila.razon_social,
    )


class EmpleadoresConocidosSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def por_id(self, empleador_id: UUID) -> EmpleadorConocido | None:
        async with self._engine.connect() as conn:
            fila = (await conn.execute(_POR_ID, {"id": empleador_id})).first()
        return None if fila is None else _empleador(fila)

    async def por_documento(self, tipo_documento: str, numero: str) -> EmpleadorConocido | None:
        """The employer holding the document (``NIT`` numbers without their check digit)."""
        async with self._engine.connect() as conn:
            fila = (
                await conn.execute(_POR_DOCUMENTO, {"tipo": tipo_documento, "numero": numero})
            ).first()
        return None if fila is None else _empleador(fila)
