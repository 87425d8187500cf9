"""Employers stored as event streams, and their unique-document guard.

Guarantees as for affiliates: ``guardar`` appends after the version read or raises
``ConflictoDeVersion``; a document is claimed by one employer only.
"""

from uuid import UUID

from sqlalchemy import text

from affiliation.domain.empleador import Empleador
from eps_runtime.repositorio import RepositorioEventos

_RESERVAR = text(
    """
    INSERT INTO empleadores_documentos (tipo_documento, numero_documento, empleador_id)
    VALUES (:tipo, :numero, :empleador_id)
    ON CONFLICT (tipo_documento, numero_documento) DO NOTHING
    RETURNING empleador_id
    """
)


class RepositorioEmpleadoresEventos(RepositorioEventos[Empleador]):
    async def reservar_documento(self, tipo: str, numero: str, empleador_id: UUID) -> bool:
        resultado = await self._conn.execute(
            _RESERVAR, {"tipo": tipo, "numero": numero, "empleador_id": empleador_id}
        )
        return resultado.first() is not None
