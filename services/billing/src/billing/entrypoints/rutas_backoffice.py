"""Back office: PILA planillas uploaded by an operator (the operators' files).

``POST /planillas`` streams the upload line by line (it is spooled to disk by the server,
never held whole in memory) and answers what counted and each refused line with its number.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

from fastapi import APIRouter, Depends, File, UploadFile
from pydantic import BaseModel

from billing.entrypoints.dependencias import AplicacionDep, problemas
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http import Problem
from eps_runtime.http_auth import requiere_rol
from eps_runtime.limite_cuerpo import ruta_con_limite
from eps_runtime.logging import get_logger

log = get_logger(__name__)

LlamanteOperador = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR))]
LINEA_MAXIMA = 4096
TAMANO_MAXIMO = 200 * 1024 * 1024


class LineaRechazada(BaseModel):
    linea: int
    motivo: str


class PlanillaImportadaVista(BaseModel):
    planilla: str
    periodo: str
    lineas: int
    registrados: int
    repetidos: int
    total_errores: int
    errores: list[LineaRechazada]


def _planilla_demasiado_grande() -> Problem:
    return Problem(
        f"La planilla supera el tamaño máximo permitido de {TAMANO_MAXIMO // (1024 * 1024)} MB; "
        "divídala en varios archivos.",
        code="archivo-demasiado-grande",
        status=413,
        title="Archivo demasiado grande",
    )


# Starlette spools the upload before the endpoint runs: the route stops receiving past the
# ceiling (declared or chunked) with the 413 above.
router = APIRouter(
    tags=["back office"],
    responses=problemas(401, 403),
    route_class=ruta_con_limite(TAMANO_MAXIMO + 64 * 1024, _planilla_demasiado_grande),
)


async def _lineas(archivo: UploadFile) -> AsyncIterator[bytes]:
    """The upload's lines; a line longer than ``LINEA_MAXIMA`` is cut (and then refused by
    the parser as malformed), so one huge line cannot exhaust memory."""
    resto = b""
    leidos = 0
    while bloque := await archivo.read(64 * 1024):
        leidos += len(bloque)
        if leidos > TAMANO_MAXIMO:  # the route's ceiling refuses it before; never cut silently
            raise _planilla_demasiado_grande()
        resto += bloque
        *completas, resto = resto.split(b"\n")
        for linea in completas:
            yield linea[:LINEA_MAXIMA]
        resto = resto[: LINEA_MAXIMA + 1]
    if resto:
        yield resto


@router.post(
    "/planillas",
    summary="Importar una planilla PILA (archivo plano de ancho fijo)",
    responses=problemas(413, 422),
)
async def importar_planilla(
    llamante: LlamanteOperador,
    aplicacion: AplicacionDep,
    archivo: Annotated[UploadFile, File(description="Planilla PILA del operador.")],
) -> PlanillaImportadaVista:
    resultado = await aplicacion.importar_planilla(_lineas(archivo))
    log.info(
        "planilla_importada",
        usuario_id=llamante.usuario_id,
        lineas=resultado.lineas,
        registrados=resultado.registrados,
        errores=resultado.total_errores,
    )
    return PlanillaImportadaVista(
        planilla=resultado.planilla,
        periodo=resultado.periodo,
        lineas=resultado.lineas,
        registrados=resultado.registrados,
        repetidos=resultado.repetidos,
        total_errores=resultado.total_errores,
        errores=[LineaRechazada(linea=e.numero_linea, motivo=e.motivo) for e in resultado.errores],
    )
