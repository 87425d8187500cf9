"""Pages of a signed-in affiliate: «Menú inicial» (manual 4) with its live updates, «Mi
cuenta» (4.1.1–4.1.4) and «Certificado en línea» (4.3)."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import Response, StreamingResponse
from starlette.datastructures import UploadFile

from eps_runtime.errores import NoEncontrado
from eps_runtime.logging import get_logger
from portal.adapters.servicios import ErrorServicio
from portal.domain.tablero import Tablero
from portal.entrypoints.web_comun import Autenticado, a, autenticado, formulario, pagina, web_de

log = get_logger(__name__)

router = APIRouter(include_in_schema=False)

LATIDO_S = 15.0
"""Seconds between SSE comments: keeps proxies from closing an idle stream and notices a
session that ended meanwhile."""

TAMANO_MAXIMO_SOPORTE = 2 * 1024 * 1024


def _version(valor: str | None) -> int | None:
    return int(valor) if valor and valor.isascii() and valor.isdigit() and len(valor) < 10 else None


async def _tablero(
    request: Request, aut: Autenticado, version_minima: int | None = None
) -> Tablero | None:
    consulta = request.app.state.componentes.consulta
    try:
        tablero: Tablero = await consulta.tablero(aut.llamante, version_minima=version_minima)
    except NoEncontrado:
        return None  # not projected yet: the page says so and waits for the first event
    return tablero


# -- manual 4: menú inicial ------------------------------------------------------------------


@router.get("/inicio")
async def inicio(request: Request) -> Response:
    aut = await autenticado(request)
    tablero = await _tablero(request, aut, _version(request.query_params.get("version")))
    await _recordar_nombre(request, aut, tablero)
    return pagina(request, "inicio.html", tablero=tablero, nombre=_nombre(tablero))


@router.get("/inicio/fragmento")
async def fragmento(request: Request) -> Response:
    """The dashboard's HTML alone, for the page to swap in when an event arrives."""
    aut = await autenticado(request, tocar=False)
    version = _version(request.query_params.get("version_minima"))
    tablero = await _tablero(request, aut, version)
    return pagina(request, "_tablero.html", tablero=tablero)


@router.get("/inicio/eventos")
async def eventos(request: Request) -> Response:
    """Server-Sent Events: ``tablero`` with the new version each time the dashboard changes.
    Ends when the session does (checked at every beat)."""
    aut = await autenticado(request, tocar=False)
    web = web_de(request)
    consulta = request.app.state.componentes.consulta
    cola: asyncio.Queue[int] = asyncio.Queue()

    async def bombear() -> None:
        async for version in consulta.cambios(aut.llamante):
            await cola.put(version)

    async def flujo() -> AsyncIterator[str]:
        tarea = asyncio.create_task(bombear())
        try:
            yield "retry: 3000\n\n"
            while True:
                try:
                    version = await asyncio.wait_for(cola.get(), timeout=LATIDO_S)
                except TimeoutError:
                    if (
                        tarea.done()
                        or await web.sesiones.obtener(aut.id_sesion, tocar=False) is None
                    ):
                        yield "event: fin\ndata: sesion\n\n"
                        return
                    yield ": latido\n\n"
                    continue
                yield f"event: tablero\ndata: {version}\n\n"
        finally:
            tarea.cancel()
            with contextlib.suppress(BaseException):
                await tarea

    return StreamingResponse(
        flujo(),
        media_type="text/event-stream",
        headers={"Cache-Control": "no-store", "X-Accel-Buffering": "no"},
    )


def _nombre(tablero: Tablero | None) -> str | None:
    return tablero.nombre_completo if tablero is not None else None


async def _recordar_nombre(request: Request, aut: Autenticado, tablero: Tablero | None) -> None:
    """Keeps the session's copy of the name (shown on every page's header) up to date: it
    was empty if the projection had not caught up at login, or the name changed since."""
    if tablero is not None and tablero.nombre_completo != aut.sesion.nombre:
        await web_de(request).sesiones.poner_nombre(aut.id_sesion, tablero.nombre_completo)


# -- manual 4.1.1: datos personales ----------------------------------------------------------

CAMPOS_DATOS = (
    "departamento_residencia",
    "municipio_residencia",
    "direccion_residencia",
    "barrio",
    "localidad",
    "direccion_correspondencia",
    "departamento_correspondencia",
    "municipio_correspondencia",
    "email",
    "confirmacion_email",
    "email_alternativo",
    "telefono_residencia",
    "telefono_celular",
    "telefono_celular_alternativo",
    "etnia",
    "escolaridad",
)


async def _catalogos_datos(request: Request, valores: dict[str, Any]) -> dict[str, Any]:
    afiliacion = web_de(request).afiliacion
    departamentos = await afiliacion.departamentos()
    municipios: dict[str, list[dict[str, Any]]] = {}
    for campo in ("departamento_residencia", "departamento_correspondencia"):
        codigo = valores.get(campo)
        if codigo and codigo not in municipios:
            try:
                municipios[codigo] = await afiliacion.municipios(codigo)
            except ErrorServicio:
                municipios[codigo] = []
    return {
        "departamentos": departamentos,
        "municipios": municipios,
        "etnias": await afiliacion.catalogo("etnias"),
        "escolaridades": await afiliacion.catalogo("escolaridades"),
    }


@router.get("/mi-cuenta/datos-personales")
async def datos_personales(request: Request) -> Response:
    aut = await autenticado(request)
    personas = await web_de(request).afiliacion.personas(aut.acceso)
    titular = next((p for p in personas if p["es_titular"]), personas[0] if personas else None)
    valores: dict[str, Any] = {}
    if titular is not None:
        d = titular["datos_personales"]
        valores = {campo: d.get(campo) or "" for campo in CAMPOS_DATOS}
        valores["confirmacion_email"] = d.get("email") or ""
        valores["seleccionadas"] = [titular["afiliado_id"]]
    return pagina(
        request,
        "datos_personales.html",
        personas=personas,
        valores=valores,
        **await _catalogos_datos(request, valores),
    )


@router.get("/mi-cuenta/municipios")
async def municipios(request: Request, departamento: str = "") -> Response:
    """The ``<option>``s of a departamento's municipios, for the form's script."""
    await autenticado(request, tocar=False)
    try:
        lista = await web_de(request).afiliacion.municipios(departamento)
    except ErrorServicio:
        lista = []
    return pagina(request, "_municipios.html", municipios=lista)


@router.post("/mi-cuenta/datos-personales")
async def guardar_datos_personales(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    marcadas = [str(v) for v in (await request.form()).getlist("persona")]
    web = web_de(request)
    personas_leidas = await web.afiliacion.personas(aut.acceso)
    version_de = {p["afiliado_id"]: p["version"] for p in personas_leidas}
    # The version of each person is the one the page was rendered with (hidden field), so a
    # change by someone else in between is a 409, not silently overwritten.
    personas = []
    for afiliado_id in marcadas:
        leida = datos.get(f"version_{afiliado_id}", "")
        version = int(leida) if leida.isdigit() else version_de.get(afiliado_id, 1)
        personas.append({"afiliado_id": afiliado_id, "version": version})
    cuerpo: dict[str, Any] = {"personas": personas}
    for campo in CAMPOS_DATOS:
        valor = datos.get(campo, "").strip()
        if valor:
            cuerpo[campo] = valor
    valores: dict[str, Any] = {campo: datos.get(campo, "") for campo in CAMPOS_DATOS}
    valores["seleccionadas"] = marcadas
    try:
        resultado = await web.afiliacion.actualizar_datos(aut.acceso, cuerpo)
    except ErrorServicio as error:
        errores = dict(error.errores)
        if "personas" in errores:
            errores["persona"] = errores.pop("personas")
        return pagina(
            request,
            "datos_personales.html",
            status=error.status,
            personas=personas_leidas,
            valores=valores,
            alerta=error.detail,
            errores=errores,
            **await _catalogos_datos(request, valores),
        )
    propia = next(
        (
            p["version"]
            for p in resultado["personas"]
            if p["afiliado_id"] == str(aut.llamante.afiliado_id)
        ),
        None,
    )
    destino = "/inicio?aviso=datos" + (f"&version={propia}" if propia is not None else "")
    return a(destino)


# -- manual 4.1.2: actualizar documentos -----------------------------------------------------


@router.get("/mi-cuenta/documentos")
async def documentos(request: Request) -> Response:
    aut = await autenticado(request)
    soportes = await web_de(request).afiliacion.soportes(aut.acceso)
    return pagina(request, "documentos.html", soportes=soportes)


@router.post("/mi-cuenta/documentos")
async def enviar_documento(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    web = web_de(request)
    archivo = (await request.form()).get("archivo")
    try:
        if not isinstance(archivo, UploadFile) or not archivo.filename:
            raise ErrorServicio(
                422,
                "Seleccione el archivo del documento.",
                errores={"archivo": "es obligatorio"},
            )
        contenido = await archivo.read(TAMANO_MAXIMO_SOPORTE + 1)
        await web.afiliacion.enviar_soporte(
            aut.acceso,
            datos.get("afiliado_id", ""),
            datos.get("tipo_soporte", ""),
            (archivo.filename, contenido, archivo.content_type or "application/octet-stream"),
        )
    except ErrorServicio as error:
        soportes = await web.afiliacion.soportes(aut.acceso)
        return pagina(
            request,
            "documentos.html",
            status=error.status,
            soportes=soportes,
            alerta=error.detail,
            errores=error.errores,
            fila=f"{datos.get('afiliado_id')}:{datos.get('tipo_soporte')}",
        )
    return a("/mi-cuenta/documentos?aviso=soporte")


# -- manual 4.1.3: cambio de IPS -------------------------------------------------------------


async def _pagina_ips(
    request: Request, aut: Autenticado, afiliado_id: str | None, **contexto: Any
) -> Response:
    web = web_de(request)
    opciones = await web.afiliacion.opciones_cambio_ips(aut.acceso, afiliado_id)
    personas = await web.afiliacion.personas(aut.acceso)
    return pagina(request, "cambio_ips.html", opciones=opciones, personas=personas, **contexto)


@router.get("/mi-cuenta/cambio-ips")
async def cambio_ips(request: Request) -> Response:
    aut = await autenticado(request)
    elegido = request.query_params.get("afiliado_id")
    try:
        afiliado_id = str(UUID(elegido)) if elegido else None
    except ValueError:
        afiliado_id = None
    return await _pagina_ips(request, aut, afiliado_id)


@router.post("/mi-cuenta/cambio-ips")
async def solicitar_cambio_ips(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    cuerpo = {
        "afiliado_id": datos.get("afiliado_id", ""),
        "ips_deseada_codigo": datos.get("ips_deseada_codigo", ""),
        "motivo": datos.get("motivo", ""),
        "observacion": datos.get("observacion", "").strip() or None,
    }
    try:
        await web_de(request).afiliacion.solicitar_cambio_ips(aut.acceso, cuerpo)
    except ErrorServicio as error:
        respuesta = await _pagina_ips(
            request,
            aut,
            cuerpo["afiliado_id"] or None,
            alerta=error.detail,
            errores=error.errores,
            valores=cuerpo,
        )
        respuesta.status_code = error.status
        return respuesta
    return a("/inicio?aviso=ips")


# -- manual 4.1.4: cambiar contraseña --------------------------------------------------------


@router.get("/mi-cuenta/contrasena")
async def contrasena(request: Request) -> Response:
    await autenticado(request)
    return pagina(request, "cambiar_contrasena.html")


@router.post("/mi-cuenta/contrasena")
async def cambiar_contrasena(request: Request) -> Response:
    aut = await autenticado(request)
    datos = await formulario(request)
    web = web_de(request)
    try:
        tokens = await web.identidad.cambiar_contrasena(
            aut.acceso,
            {
                "contrasena_actual": datos.get("contrasena_actual", ""),
                "contrasena_nueva": datos.get("contrasena_nueva", ""),
                "confirmacion": datos.get("confirmacion", ""),
            },
        )
    except ErrorServicio as error:
        return pagina(
            request,
            "cambiar_contrasena.html",
            status=error.status,
            alerta=error.detail,
            errores=error.errores,
        )
    # Identity closed every other session and handed this one new tokens.
    await web.sesiones.reemplazar_tokens(aut.id_sesion, tokens)
    return a("/inicio?aviso=contrasena")


# -- manual 4.3: certificado en línea --------------------------------------------------------


@router.get("/certificados")
async def certificados(request: Request) -> Response:
    aut = await autenticado(request)
    tablero = await _tablero(request, aut)
    return pagina(request, "certificados.html", tablero=tablero, nombre=_nombre(tablero))


@router.get("/certificados/afiliacion")
async def certificado_afiliacion(request: Request) -> Response:
    aut = await autenticado(request)
    plan = "PAC" if request.query_params.get("plan") == "PAC" else "PBS"
    elegido = request.query_params.get("afiliado_id")
    try:
        afiliado_id = UUID(elegido) if elegido else None
    except ValueError:
        afiliado_id = None
    try:
        pdf, disposicion = await web_de(request).afiliacion.certificado(
            aut.acceso, afiliado_id, plan
        )
    except ErrorServicio as error:
        tablero = await _tablero(request, aut)
        return pagina(
            request,
            "certificados.html",
            status=error.status,
            tablero=tablero,
            nombre=_nombre(tablero),
            alerta=error.detail,
        )
    return Response(
        pdf,
        media_type="application/pdf",
        headers={"Content-Disposition": disposicion, "Cache-Control": "no-store"},
    )
