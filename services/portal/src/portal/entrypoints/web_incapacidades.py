"""Manual 4.4.4 «Incapacidades y licencias» and seed 000 «radicación y consulta de
incapacidades»: the search sheet, filing with the certificate (employers, delegates and
independientes; the incapacities service decides who may), and the PDFs. Data comes only
from the incapacities API with the signed-in user's token."""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from portal.adapters.servicios import ErrorServicio
from portal.entrypoints.web_comun import (
    Autenticado,
    a,
    autenticado,
    formulario,
    pagina,
    web_de,
)

router = APIRouter()
MENU = [("Incapacidades y licencias", "/mi-cuenta/incapacidades")]
SERVICIO = "incapacities"
TAMANO_MAXIMO = 2 * 1024 * 1024
CAMPOS = (
    "cotizante_id",
    "contingencia",
    "diagnostico",
    "fecha_inicio",
    "dias",
    "profesional",
    "ips",
)


def _fechas(request: Request) -> dict[str, str]:
    return {k: v for k in ("desde", "hasta") if (v := request.query_params.get(k, "")[:10])}


async def _pagina(
    request: Request, aut: Autenticado, status: int = 200, **contexto: Any
) -> Response:
    web = web_de(request)
    fechas = _fechas(request)
    try:
        filas = await web.servicio(SERVICIO).obtener(aut.acceso, "/incapacidades", **fechas)
    except ErrorServicio as error:
        filas, contexto = [], {"alerta": error.detail, **contexto}
    return pagina(
        request,
        "incapacidades/incapacidades.html",
        status=status,
        filas=filas,
        fechas=fechas,
        rol=str(aut.llamante.rol),
        afiliado_id=str(aut.llamante.afiliado_id or ""),
        folio_radicado=request.query_params.get("radicada", "")[:12].isdigit()
        and request.query_params["radicada"][:12],
        **contexto,
    )


@router.get("/mi-cuenta/incapacidades")
async def incapacidades(request: Request) -> Response:
    return await _pagina(request, await autenticado(request))


@router.post("/mi-cuenta/incapacidades")
async def radicar(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    archivo = (await request.form()).get("certificado")
    valores = {k: datos.get(k, "") for k in CAMPOS}
    try:
        if not isinstance(archivo, UploadFile) or not archivo.filename:
            raise ErrorServicio(
                422,
                "Adjunte el certificado de incapacidad.",
                errores={"certificado": "es obligatorio"},
            )
        contenido = await archivo.read(TAMANO_MAXIMO + 1)
        radicada = (
            await web_de(request)
            .servicio(SERVICIO)
            .enviar(
                aut.acceso,
                "POST",
                "/incapacidades",
                data={k: v.strip() for k, v in valores.items()},
                files={
                    "certificado": (
                        archivo.filename,
                        contenido,
                        archivo.content_type or "application/octet-stream",
                    )
                },
            )
        )
    except ErrorServicio as error:
        return await _pagina(
            request,
            aut,
            status=error.status,
            alerta=error.detail,
            errores=error.errores,
            valores=valores,
        )
    return a(f"/mi-cuenta/incapacidades?radicada={int(radicada['folio'])}")


async def _descargar(request: Request, ruta: str) -> Response:
    aut = await autenticado(request)
    try:
        descarga = await web_de(request).servicio(SERVICIO).descargar(aut.acceso, ruta)
    except ErrorServicio as error:
        return await _pagina(request, aut, status=error.status, alerta=error.detail)
    nombre = descarga.nombre or ""
    if not re.fullmatch(r"[A-Za-z0-9-]{1,60}\.pdf", nombre):
        nombre = "incapacidad.pdf"
    return Response(
        descarga.contenido,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}"',
            "Cache-Control": "no-store",
        },
    )


@router.get("/mi-cuenta/incapacidades/historico.pdf")
async def historico(request: Request) -> Response:
    return await _descargar(request, "/historico-incapacidades.pdf")


@router.get("/mi-cuenta/incapacidades/{incapacidad_id}/certificado.pdf")
async def certificado(request: Request, incapacidad_id: UUID) -> Response:
    return await _descargar(request, f"/incapacidades/{incapacidad_id}/certificado.pdf")
