"""Employers stored as event streams, and their unique-document guard.

Guarantees as for affiliates: ``guardar`` appends after the version read or raises
``ConcurrencyConflict``; a document is claimed by one employer only.
"""

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from affiliation.domain.empleador import Empleador
from eps_runtime.eventstore import EventStore

STREAM_TYPE = "Empleador"

_RESERVAR = text(
    """
    INSERT INTO empleadores_documentos (tipo_documento, numero_documento, empleador_id)
    VALUES (:tipo, :numero, :empleador_id)
    ON CONFLICT (tipo_documento, numero_documento) DO NOTHING
    RETURNING empleador_id
    """
)


class RepositorioEmpleadoresEventos:
    def __init__(self, conn: AsyncConnection, store: EventStore) -> None:
        self._conn = conn
        self._store = store

    async def obtener(self, empleador_id: UUID) -> Empleador | None:
        registrados = await self._store.load(self._conn, empleador_id)
        if not registrados:
            return None
        return Empleador.from_events(r.to_domain() for r in registrados)

    async def guardar(self, empleador: Empleador) -> None:
        await self._store.append(
            self._conn,
            stream_id=empleador.empleador_id,
            stream_type=STREAM_TYPE,
            expected_version=empleador.version_guardada,
            events=empleador.cambios,
        )
        empleador.marcar_guardado()

    async def reservar_documento(self, tipo: str, numero: str, empleador_id: UUID) -> bool:
        resultado = await self._conn.execute(
            _RESERVAR, {"tipo": tipo, "numero": numero, "empleador_id": empleador_id}
        )
        return resultado.first() is not None
