"""The affiliate's own access list: «quién consultó mis datos» (Ley 1581 de 2012, art. 8).

``GET /mi/accesos`` lists who read the caller's personal data; ``?afiliado_id=`` a minor
beneficiary the caller represents. Anyone else's id answers the same 404 as an id that does
not exist (``exigir_actuar_por``).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from audit.entrypoints.dependencias import AplicacionDep, LlamanteAfiliado, OperacionDep
from audit.entrypoints.esquemas import ConsultaRespuesta, Cursor, Limite, PaginaConsultas
from eps_runtime.auth import (
    MENSAJE_AFILIADO_NO_ENCONTRADO,
    AfiliadoNoEncontrado,
    exigir_actuar_por,
)

router = APIRouter(prefix="/mi", tags=["afiliado"])


@router.get(
    "/accesos",
    summary="Quién consultó mis datos personales",
    response_model=PaginaConsultas,
    responses={
        401: {"description": "Sin sesión."},
        403: {"description": "Solo afiliados."},
        404: {"description": "Afiliado no encontrado (o no lo representa)."},
    },
)
async def mis_accesos(
    llamante: LlamanteAfiliado,
    app: AplicacionDep,
    op: OperacionDep,
    afiliado_id: Annotated[UUID | None, Query(description="Un menor que usted representa.")] = None,
    cursor: Cursor = None,
    limite: Limite = 100,
) -> PaginaConsultas:
    titular = afiliado_id or llamante.afiliado_id
    if titular is None:
        raise AfiliadoNoEncontrado(MENSAJE_AFILIADO_NO_ENCONTRADO)
    exigir_actuar_por(llamante, titular, datetime.now(UTC))
    pagina = await app.auditoria.consultas_de(llamante, titular, cursor, limite, op)
    return PaginaConsultas(
        elementos=[ConsultaRespuesta.de(c) for c in pagina.elementos], siguiente=pagina.siguiente
    )
