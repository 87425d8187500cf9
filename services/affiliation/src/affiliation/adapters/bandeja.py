"""The back-office work queue and the support-document file references, on PostgreSQL.

Both are written in the command's transaction, next to the events they derive from.
"""

import json
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from affiliation.application.puertos import TareaPendiente

_ABRIR = text(
    """
    INSERT INTO bandeja (tarea_id, tipo, afiliado_id, detalle)
    VALUES (:tarea_id, :tipo, :afiliado_id, CAST(:detalle AS jsonb))
    ON CONFLICT (tarea_id) DO NOTHING
    """
)
_CERRAR = text("DELETE FROM bandeja WHERE tarea_id = :tarea_id")
_PENDIENTES = text(
    """
    SELECT tarea_id, tipo, afiliado_id, creada_en, detalle FROM bandeja
    WHERE tipo = :tipo ORDER BY creada_en, tarea_id LIMIT :limite
    """
)
_REGISTRAR_ARCHIVO = text(
    """
    INSERT INTO soportes_archivos (soporte_id, afiliado_id, referencia)
    VALUES (:soporte_id, :afiliado_id, :referencia)
    """
)
_REFERENCIA = text(
    """
    SELECT referencia FROM soportes_archivos
    WHERE soporte_id = :soporte_id AND afiliado_id = :afiliado_id
    """
)


class BandejaSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def abrir(
        self, tarea_id: UUID, tipo: str, afiliado_id: UUID, detalle: dict[str, Any]
    ) -> None:
        await self._conn.execute(
            _ABRIR,
            {
                "tarea_id": tarea_id,
                "tipo": tipo,
                "afiliado_id": afiliado_id,
                "detalle": json.dumps(detalle),
            },
        )

    async def cerrar(self, tarea_id: UUID) -> None:
        await self._conn.execute(_CERRAR, {"tarea_id": tarea_id})

    async def pendientes(self, tipo: str, limite: int) -> list[TareaPendiente]:
        filas = await self._conn.execute(_PENDIENTES, {"tipo": tipo, "limite": limite})
        return [TareaPendiente(*fila) for fila in filas]


class ArchivosSoporteSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def registrar(self, soporte_id: UUID, afiliado_id: UUID, referencia: str) -> None:
        await self._conn.execute(
            _REGISTRAR_ARCHIVO,
            {"soporte_id": soporte_id, "afiliado_id": afiliado_id, "referencia": referencia},
        )

    async def referencia(self, soporte_id: UUID, afiliado_id: UUID) -> str | None:
        fila = (
            await self._conn.execute(
                _REFERENCIA, {"soporte_id": soporte_id, "afiliado_id": afiliado_id}
            )
        ).first()
        return None if fila is None else str(fila[0])
