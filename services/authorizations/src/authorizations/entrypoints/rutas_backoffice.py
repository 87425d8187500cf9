"""Back-office routes: the queue by deadline, taking and deciding presolicitudes, voiding OPS.

Changes need the version the operator read (``If-Match`` or ``version``): two operators
deciding the same presolicitud at once get one success and one 409, never two OPS.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response

from authorizations.application.comandos import (
    AnularOPS,
    GestionarPresolicitud,
    ServicioAAutorizar,
    ServicioANegar,
    TomarPresolicitud,
    VigilarPlazosYVencimientos,
)
from authorizations.entrypoints.esquemas import (
    Anulacion,
    Cambio,
    Cola,
    Decision,
    FilaColaVista,
    Toma,
)
from authorizations.entrypoints.rutas_afiliado import AplicacionDep
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http import etag, version_esperada
from eps_runtime.http_auth import requiere_rol

router = APIRouter(
    tags=["back office"],
    responses={
        409: {"description": "La versión leída ya cambió, o el estado no admite la acción."},
        428: {"description": "Falta la versión leída (If-Match o version)."},
    },
)
LlamanteOperador = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR))]
IfMatch = Annotated[str | None, Header(alias="If-Match", max_length=40)]
POR_VENCER = timedelta(hours=24)


@router.get("/presolicitudes/cola", response_model=Cola)
async def cola(
    llamante: LlamanteOperador,
    aplicacion: AplicacionDep,
    limite: Annotated[int, Query(ge=1, le=200)] = 50,
) -> Cola:
    ahora = aplicacion.reloj()
    filas = await aplicacion.lecturas.cola(limite)
    return Cola(
        presolicitudes=[
            FilaColaVista(
                **f.__dict__,
                vencida=f.responder_antes_de < ahora,
                por_vencer=ahora <= f.responder_antes_de < ahora + POR_VENCER,
            )
            for f in filas
        ]
    )


@router.post("/presolicitudes/{presolicitud_id}/toma", response_model=Cambio)
async def tomar(
    presolicitud_id: UUID,
    cuerpo: Toma,
    llamante: LlamanteOperador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> Cambio:
    r = await aplicacion.ejecutar(
        TomarPresolicitud(
            presolicitud_id,
            llamante.usuario_id,
            cuerpo.prioritaria,
            version_esperada(if_match, cuerpo.version),
        )
    )
    response.headers["ETag"] = etag(r.version)
    return Cambio(id=presolicitud_id, version=r.version)


@router.post("/presolicitudes/{presolicitud_id}/decision", response_model=Cambio)
async def decidir(
    presolicitud_id: UUID,
    cuerpo: Decision,
    llamante: LlamanteOperador,
    aplicacion: AplicacionDep,
    response: Response,
    if_match: IfMatch = None,
) -> Cambio:
    r = await aplicacion.ejecutar(
        GestionarPresolicitud(
            presolicitud_id,
            llamante.usuario_id,
            version_esperada(if_match, cuerpo.version),
            tuple(ServicioAAutorizar(**s.model_dump()) for s in cuerpo.autorizar),
            tuple(ServicioANegar(**s.model_dump()) for s in cuerpo.negar),
        )
    )
    response.headers["ETag"] = etag(r.version)
    return Cambio(id=presolicitud_id, version=r.version, ops_ids=list(r.ops_ids))


@router.post("/ops/{ops_id}/anulacion", response_model=Cambio)
async def anular(
    ops_id: UUID,
    cuerpo: Anulacion,
    llamante: LlamanteOperador,
    aplicacion: AplicacionDep,
    if_match: IfMatch = None,
) -> Cambio:
    r = await aplicacion.ejecutar(
        AnularOPS(ops_id, cuerpo.motivo, version_esperada(if_match, cuerpo.version))
    )
    return Cambio(id=ops_id, version=r.version)


@router.post("/vigilancia", response_model=Cambio)
async def vigilar(llamante: LlamanteOperador, aplicacion: AplicacionDep) -> Cambio:
    """Records deadline breaches and expired OPS now (the worker does it periodically)."""
    r = await aplicacion.ejecutar(VigilarPlazosYVencimientos())
    return Cambio(id=UUID(int=0), version=r.cambios)
