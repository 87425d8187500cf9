"""The unique-document guard: one row per (tipo, número), claimed in the command's transaction.

Guarantee: of two transactions claiming the same document, only one gets it; the other waits
for the first to finish and then sees the claim (``ON CONFLICT DO NOTHING`` on the primary
key), so a document can never be affiliated twice, even under concurrent registrations.
"""

from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.valores import Documento

_RESERVAR = text(
    """
    INSERT INTO documentos (tipo_documento, numero_documento, afiliado_id)
    VALUES (:tipo, :numero, :afiliado_id)
    ON CONFLICT (tipo_documento, numero_documento) DO NOTHING
    RETURNING afiliado_id
    """
)
_LIBERAR = text(
    "DELETE FROM documentos WHERE tipo_documento = :tipo AND numero_documento = :numero"
)
_BUSCAR = text(
    "SELECT afiliado_id FROM documentos WHERE tipo_documento = :tipo AND numero_documento = :numero"
)


class RegistroDocumentosSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def reservar(self, documento: Documento, afiliado_id: UUID) -> bool:
        resultado = await self._conn.execute(
            _RESERVAR,
            {"tipo": documento.tipo.value, "numero": documento.numero, "afiliado_id": afiliado_id},
        )
        return resultado.first() is not None

    async def liberar(self, documento: Documento) -> None:
        await self._conn.execute(
            _LIBERAR, {"tipo": documento.tipo.value, "numero": documento.numero}
        )

    async def buscar(self, documento: Documento) -> UUID | None:
        resultado = await self._conn.execute(
            _BUSCAR, {"tipo": documento.tipo.value, "numero": documento.numero}
        )
        fila = resultado.first()
        return None if fila is None else fila[0]
