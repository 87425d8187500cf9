"""Contáctenos (manual §4.5) and the satisfaction survey (§4.6) for a signed-in user.

Data comes from the PQRS API with the user's token (``web_de(request).servicio("pqrs")``):
a new solicitud (type, text, attachments), the search by radicado (type, state, description,
the EPS's response, and the 1–5 stars once FINALIZADA), the list of his requests, and the
four-question survey. Texts are rendered autoescaped: markup someone typed is shown as text.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.datastructures import UploadFile

from portal.adapters.servicios import MENSAJE_NO_DISPONIBLE, ClienteServicio, ErrorServicio
from portal.entrypoints.web_comun import Autenticado, a, autenticado, formulario, pagina, web_de

router = APIRouter(include_in_schema=False)

MENU = [("Contáctenos", "/mi-cuenta/contactenos"), ("Encuesta", "/mi-cuenta/encuesta")]

TAMANO_MAXIMO_ADJUNTO = 2 * 1024 * 1024
MAXIMO_ADJUNTOS = 5
_RADICADO = re.compile(r"^[0-9]{4}-[0-9]{1,10}$")

TIPOS = (
    ("FELICITACION", "Felicitación"),
    ("QUEJA", "Queja"),
    ("RECLAMO", "Reclamo"),
    ("SUGERENCIA", "Sugerencia"),
    ("PETICION_PARTICULAR", "Petición de interés particular"),
    ("PETICION_GENERAL", "Petición de interés general"),
    ("SOLICITUD_INFORMACION", "Solicitud de información o documentos"),
    ("CONSULTA", "Consulta"),
    ("DENUNCIA", "Denuncia"),
)
PREGUNTAS = (
    ("facilidad", "¿Qué tan fácil fue usar la Oficina Virtual?"),
    ("tiempo", "¿Cómo califica el tiempo que le tomó realizar su gestión?"),
    ("claridad", "¿Qué tan clara fue la información recibida?"),
    ("satisfaccion", "En general, ¿qué tan satisfecho está con este canal?"),
)


def _pqrs(request: Request) -> ClienteServicio:
    """The PQRS API's client; a portal deployed without it answers «no disponible» (503)."""
    try:
        return web_de(request).servicio("pqrs")
    except KeyError:
        raise ErrorServicio(503, MENSAJE_NO_DISPONIBLE, "servicio-no-disponible") from None


async def _contactenos(
    request: Request, aut: Autenticado, *, status: int = 200, **contexto: Any
) -> Response:
    pqrs = _pqrs(request)
    lista = await pqrs.obtener(aut.acceso, "/mi/solicitudes")
    return pagina(
        request,
        "pqrs/contactenos.html",
        status=status,
        tipos=TIPOS,
        solicitudes=lista.get("solicitudes", []),
        **contexto,
    )


@router.get("/mi-cuenta/contactenos")
async def contactenos(request: Request) -> Response:
    aut = await autenticado(request)
    radicado = (request.query_params.get("radicado") or "").strip()
    if not radicado:
        return await _contactenos(request, aut)
    if not _RADICADO.fullmatch(radicado):
        return await _contactenos(
            request,
            aut,
            status=404,
            alerta="No encontramos una solicitud con ese número de radicado.",
            buscado=radicado[:20],
        )
    try:
        resultado = await _pqrs(request).obtener(aut.acceso, f"/mi/solicitudes/{radicado}")
    except ErrorServicio as error:
        return await _contactenos(
            request, aut, status=error.status, alerta=error.detail, buscado=radicado
        )
    return await _contactenos(request, aut, resultado=resultado, buscado=radicado)


@router.post("/mi-cuenta/contactenos")
async def nueva_solicitud(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    archivos = [
        f
        for f in (await request.form()).getlist("archivos")
        if isinstance(f, UploadFile) and f.filename
    ]
    valores = {"tipo": datos.get("tipo", ""), "descripcion": datos.get("descripcion", "")}
    try:
        if len(archivos) > MAXIMO_ADJUNTOS:
            raise ErrorServicio(
                422,
                f"Puede adjuntar hasta {MAXIMO_ADJUNTOS} archivos.",
                errores={"archivos": f"máximo {MAXIMO_ADJUNTOS} archivos"},
            )
        adjuntos = [
            (
                "archivos",
                (
                    f.filename or "adjunto",
                    await f.read(TAMANO_MAXIMO_ADJUNTO + 1),
                    f.content_type or "application/octet-stream",
                ),
            )
            for f in archivos
        ]
        radicada = await _pqrs(request).enviar(
            aut.acceso,
            "POST",
            "/mi/solicitudes",
            data=valores,
            files=adjuntos or None,
        )
    except ErrorServicio as error:
        return await _contactenos(
            request,
            aut,
            status=error.status,
            alerta=error.detail,
            errores=error.errores,
            valores=valores,
            nueva=True,
        )
    return await _contactenos(request, aut, status=201, radicada=radicada)


@router.post("/mi-cuenta/contactenos/calificacion")
async def calificar(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    radicado = datos.get("radicado", "")
    if not _RADICADO.fullmatch(radicado):
        return a("/mi-cuenta/contactenos")
    estrellas = datos.get("estrellas", "")
    try:
        await _pqrs(request).enviar(
            aut.acceso,
            "POST",
            f"/mi/solicitudes/{radicado}/calificacion",
            json={"estrellas": int(estrellas) if estrellas.isdigit() and len(estrellas) < 3 else 0},
        )
    except ErrorServicio as error:
        return await _contactenos(
            request, aut, status=error.status, alerta=error.detail, buscado=radicado
        )
    return a(f"/mi-cuenta/contactenos?radicado={radicado}")


@router.get("/mi-cuenta/encuesta")
async def encuesta(request: Request) -> Response:
    await autenticado(request)
    return pagina(request, "pqrs/encuesta.html", preguntas=PREGUNTAS)


@router.post("/mi-cuenta/encuesta")
async def responder_encuesta(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    cuerpo: dict[str, Any] = {
        p: int(v) if (v := datos.get(p, "")).isdigit() and len(v) < 3 else 0 for p, _ in PREGUNTAS
    }
    if comentario := datos.get("comentario", "").strip():
        cuerpo["comentario"] = comentario
    try:
        await _pqrs(request).enviar(aut.acceso, "POST", "/mi/encuesta", json=cuerpo)
    except ErrorServicio as error:
        return pagina(
            request,
            "pqrs/encuesta.html",
            status=error.status,
            preguntas=PREGUNTAS,
            alerta=error.detail,
            errores=error.errores,
            valores=datos,
        )
    return pagina(request, "pqrs/encuesta.html", preguntas=PREGUNTAS, gracias=True)
