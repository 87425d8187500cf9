"""Manual 4.2.1 «Registrar mi solicitud» and 4.2.2 «Consultar estado de mi solicitud»: the
affiliate's (and his minors') presolicitudes, filing one with its supports (historia clínica
and solicitud médica, one or more files each), and the OPS with the download of the PDF
(only when ENTREGADA) and the way to pay (only when AUTORIZADA with a cuota).

Data comes only from the authorizations API with the signed-in user's token; it decides who
may see and file what (the same 404 for someone the user may not act for). Paying is
billing's: the OPS list links to billing's pay page (``/mi-cuenta/pagos``), and billing's
``PagoAprobado`` makes authorizations deliver the OPS.
"""

from __future__ import annotations

import re
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from portal.adapters.servicios import ErrorServicio
from portal.entrypoints.web_comun import Autenticado, a, autenticado, formulario, pagina, web_de

router = APIRouter(include_in_schema=False)
MENU = [
    ("Presolicitudes", "/mi-cuenta/autorizaciones"),
    ("Autorizaciones (OPS)", "/mi-cuenta/autorizaciones/ops"),
]
SERVICIO = "authorizations"
TAMANO_MAXIMO = 2 * 1024 * 1024
MAXIMO_ARCHIVOS = 10
SOPORTES = (
    ("historia_clinica", "HISTORIA CLINICA VIGENTE"),
    ("solicitud_medica", "SOLICITUD MEDICA VIGENTE"),
)
ESTADOS = (
    ("TODOS", "Todos"),
    ("EN_PROCESO", "En proceso"),
    ("GESTIONADA", "Gestionada"),
    ("AUTORIZADA", "Autorizada"),
)
CAMPOS = ("afiliado_id", "plan", "fecha_documentos", "observaciones")


def _personas(aut: Autenticado) -> list[UUID]:
    """He and the minors his token lets him act for, in a stable order."""
    yo = aut.llamante.afiliado_id
    return ([yo] if yo is not None else []) + sorted(aut.llamante.representados, key=str)


def _estado(request: Request) -> str:
    estado = request.query_params.get("estado", "TODOS")
    return estado if estado in dict(ESTADOS) else "TODOS"


async def _solicitudes(
    request: Request, aut: Autenticado, estado: str = "TODOS"
) -> tuple[list[dict[str, Any]], str | None]:
    """Each person's requests; a refusal of the service becomes the page's alert."""
    cliente = web_de(request).servicio(SERVICIO)
    personas = []
    try:
        for numero, afiliado_id in enumerate(_personas(aut)):
            datos = await cliente.obtener(
                aut.acceso, "/mi/presolicitudes", afiliado_id=str(afiliado_id), estado=estado
            )
            personas.append(
                {
                    "afiliado_id": str(afiliado_id),
                    "etiqueta": "Usted" if numero == 0 else f"Beneficiario menor {numero}",
                    "solicitudes": datos["solicitudes"],
                }
            )
    except ErrorServicio as error:
        return personas, error.detail
    return personas, None


async def _pagina_presolicitudes(
    request: Request, aut: Autenticado, status: int = 200, **contexto: Any
) -> Response:
    estado = _estado(request)
    personas, alerta = await _solicitudes(request, aut, estado)
    if alerta and "alerta" not in contexto:
        contexto["alerta"] = alerta
    consecutivo = request.query_params.get("radicada", "")[:12]
    return pagina(
        request,
        "autorizaciones/presolicitudes.html",
        status=status,
        personas=personas,
        estados=ESTADOS,
        estado=estado,
        soportes=SOPORTES,
        consecutivo=consecutivo if consecutivo.isdigit() else None,
        **contexto,
    )


@router.get("/mi-cuenta/autorizaciones")
async def presolicitudes(request: Request) -> Response:
    return await _pagina_presolicitudes(request, await autenticado(request))


def _archivos(
    formulario_completo: Any,
) -> tuple[list[tuple[str, UploadFile]], dict[str, str]]:
    archivos: list[tuple[str, UploadFile]] = []
    errores: dict[str, str] = {}
    for campo, etiqueta in SOPORTES:
        subidos = [
            f
            for f in formulario_completo.getlist(campo)
            if isinstance(f, UploadFile) and f.filename
        ]
        if not subidos:
            errores[campo] = f"Adjunte la {etiqueta.lower()}."
        elif len(subidos) > MAXIMO_ARCHIVOS:
            errores[campo] = f"Puede adjuntar máximo {MAXIMO_ARCHIVOS} archivos."
        archivos += [(campo, f) for f in subidos]
    return archivos, errores


@router.post("/mi-cuenta/autorizaciones")
async def radicar(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    valores = {k: datos.get(k, "").strip() for k in CAMPOS}
    archivos, errores = _archivos(await request.form())
    try:
        if errores:
            raise ErrorServicio(
                422, "Adjunte la historia clínica y la solicitud médica vigentes.", errores=errores
            )
        partes = [
            (
                campo,
                (
                    archivo.filename or "soporte",
                    # One byte more than allowed: the service refuses an oversized file.
                    await archivo.read(TAMANO_MAXIMO + 1),
                    archivo.content_type or "application/octet-stream",
                ),
            )
            for campo, archivo in archivos
        ]
        radicada = (
            await web_de(request)
            .servicio(SERVICIO)
            .enviar(
                aut.acceso,
                "POST",
                "/mi/presolicitudes",
                data={
                    **{k: v for k, v in valores.items() if v},
                    "acepta_terminos": "true" if datos.get("acepta_terminos") else "false",
                },
                files=partes,
            )
        )
    except ErrorServicio as error:
        return await _pagina_presolicitudes(
            request,
            aut,
            status=error.status if 400 <= error.status < 600 else 400,
            alerta=error.detail,
            errores=error.errores,
            valores=valores,
        )
    return a(f"/mi-cuenta/autorizaciones?radicada={int(radicada['consecutivo'])}")


async def _pagina_ops(
    request: Request, aut: Autenticado, status: int = 200, **contexto: Any
) -> Response:
    personas, alerta = await _solicitudes(request, aut)
    if alerta and "alerta" not in contexto:
        contexto["alerta"] = alerta
    for persona in personas:
        persona["ops"] = [s for s in persona.pop("solicitudes") if s.get("ops_id")]
    return pagina(request, "autorizaciones/ops.html", status=status, personas=personas, **contexto)


@router.get("/mi-cuenta/autorizaciones/ops")
async def ops(request: Request) -> Response:
    return await _pagina_ops(request, await autenticado(request))


@router.get("/mi-cuenta/autorizaciones/ops/{ops_id}.pdf")
async def ops_pdf(request: Request, ops_id: UUID) -> Response:
    aut = await autenticado(request)
    try:
        descarga = (
            await web_de(request).servicio(SERVICIO).descargar(aut.acceso, f"/mi/ops/{ops_id}/pdf")
        )
    except ErrorServicio as error:
        return await _pagina_ops(request, aut, status=error.status, alerta=error.detail)
    nombre = descarga.nombre or ""
    if not re.fullmatch(r"[A-Za-z0-9-]{1,60}\.pdf", nombre):
        nombre = "OPS.pdf"
    return Response(
        descarga.contenido,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}"',
            "Cache-Control": "no-store",
        },
    )
