"""Reads the ``afiliados_validables`` read model by document.

While the view catches up, a document may be on two rows for a moment (see
``afiliados_projection``): the latest holder (``documento_desde``) answers.
"""

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.types import EstadoAfiliacion
from identity.domain.registro import AfiliadoValidable, Documento

_POR_DOCUMENTO = text(
    """
    SELECT afiliado_id, primer_nombre, segundo_nombre, primer_apellido, segundo_apellido,
           estado, fecha_nacimiento, telefono_movil, direccion
    FROM afiliados_validables
    WHERE tipo_documento = :tipo AND numero_documento = :numero
    ORDER BY documento_desde DESC, afiliado_id
    LIMIT 1
    """
)


class AfiliadosValidablesSql:
    def __init__(self, engine: AsyncEngine) -> None:
        self._engine = engine

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None:
        async with self._engine.connect() as conn:
            resultado = await conn.execute(
                _POR_DOCUMENTO, {"tipo": documento.tipo.value, "numero": documento.numero}
            )
            fila = resultado.first()
        if fila is None:
            return None
        return AfiliadoValidable(
            documento=documento,
            primer_nombre=fila.primer_nombre,
            segundo_nombre=fila.segundo_nombre,
            primer_apellido=fila.primer_apellido,
            segundo_apellido=fila.segundo_apellido,
            estado=EstadoAfiliacion(fila.estado),
            afiliado_id=fila.afiliado_id,
            fecha_nacimiento=fila.fecha_nacimiento,
            telefono_movil=fila.telefono_movil,
            direccion=fila.direccion,
        )
