"""Pages before login (manual 2 and 3): registration «Válida → Registra → Ingresa», login,
«Olvidé mi contraseña», and the e-mailed links ``/activar`` and ``/restablecer``."""

from __future__ import annotations

from typing import Any

from cryptography.fernet import Fernet, InvalidToken
from fastapi import APIRouter, Request
from fastapi.responses import Response

from eps_runtime.errores import NoAutenticado
from eps_runtime.logging import get_logger
from portal.adapters.servicios import ErrorServicio
from portal.entrypoints.web_comun import (
    a,
    con_error,
    formulario,
    nombre_en_tablero,
    pagina,
    sesion_en_curso,
    web_de,
)

log = get_logger(__name__)

router = APIRouter(include_in_schema=False)

TIPOS_DOCUMENTO = (
    ("CC", "Cédula de ciudadanía"),
    ("CE", "Cédula de extranjería"),
    ("TI", "Tarjeta de identidad"),
    ("PA", "Pasaporte"),
    ("PE", "Permiso especial de permanencia"),
    ("PT", "Permiso por protección temporal"),
    ("CD", "Carné diplomático"),
    ("SC", "Salvoconducto"),
)
TERMINOS_VERSION = "2026-01"
# The message when the CAPTCHA box was left unchecked (identity's own message would be about
# an invalid token, which the person never saw). Every registration step, and «Olvidé mi
# contraseña», carries the box: identity asks a fresh proof on each (issue 17.1).
MENSAJE_CAPTCHA = "Marque la casilla «No soy un robot» para continuar."
ERRORES_CAPTCHA = {"no_soy_un_robot": MENSAJE_CAPTCHA}
# Identity refused the proof (expired, reused) or could not verify it: the same step again,
# with a fresh widget, rather than back to step 1.
CODIGOS_CAPTCHA = ("captcha-invalido", "captcha-no-disponible")


def _documento(datos: dict[str, str]) -> dict[str, str]:
    return {
        "tipo_documento": datos.get("tipo_documento", ""),
        "numero_documento": datos.get("numero_documento", "").strip(),
    }


@router.get("/")
async def raiz(request: Request) -> Response:
    web = web_de(request)
    return a("/inicio" if request.cookies.get(web.cookie_sesion) else "/ingreso")


# -- manual 3: ingreso -----------------------------------------------------------------------


@router.get("/ingreso")
async def ingreso(request: Request) -> Response:
    if await sesion_en_curso(request):
        return a("/inicio")
    return pagina(request, "ingreso.html", tipos=TIPOS_DOCUMENTO)


@router.post("/ingreso")
async def ingresar(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    documento = _documento(datos)
    valores = documento  # never the password back into the page
    try:
        tokens = await web.identidad.iniciar_sesion(
            {**documento, "contrasena": datos.get("contrasena", ""), "perfil": "afiliado"}
        )
        llamante = await request.app.state.verificador_tokens.verificar(tokens.acceso)
    except ErrorServicio as error:
        return con_error(request, "ingreso.html", error, valores=valores, tipos=TIPOS_DOCUMENTO)
    except NoAutenticado:
        invalida = ErrorServicio(401, "La sesión no es válida; inicie sesión de nuevo.")
        return con_error(request, "ingreso.html", invalida, valores=valores, tipos=TIPOS_DOCUMENTO)
    # A fresh id at login: an id planted before it (session fixation) is worth nothing.
    anterior = request.cookies.get(web.cookie_sesion)
    if anterior:
        await web.sesiones.eliminar(anterior)
    # Logins are rare enough to sweep the abandoned sessions on the way.
    await web.sesiones.purgar()
    id_sesion = await web.sesiones.crear(
        llamante.usuario_id,
        llamante.afiliado_id,
        tokens,
        nombre=await nombre_en_tablero(request, llamante),
    )
    respuesta = a("/inicio")
    web.poner_cookie(respuesta, web.cookie_sesion, id_sesion)
    web.borrar_cookie(respuesta, web.cookie_presesion)
    log.info("sesion_web_iniciada")
    return respuesta


@router.post("/salir")
async def salir(request: Request) -> Response:
    web = web_de(request)
    await formulario(request)
    id_sesion = request.cookies.get(web.cookie_sesion)
    if id_sesion:
        sesion = await web.sesiones.obtener(id_sesion, tocar=False)
        if sesion is not None:
            try:
                await web.identidad.cerrar_sesion(sesion.tokens.renovacion)
            except ErrorServicio as error:
                # The portal's session ends anyway; identity's expires on its own.
                log.warning("cierre_en_identidad_fallido", status=error.status)
        await web.sesiones.eliminar(id_sesion)
    respuesta = a("/ingreso?aviso=salida")
    web.borrar_cookie(respuesta, web.cookie_sesion)
    return respuesta


# -- manual 3.1: olvidé mi contraseña --------------------------------------------------------


@router.get("/olvide-contrasena")
async def olvide(request: Request) -> Response:
    return pagina(request, "olvide.html", tipos=TIPOS_DOCUMENTO)


@router.post("/olvide-contrasena")
async def solicitar_restablecimiento(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    documento = _documento(datos)
    captcha = web.captcha.token(datos)
    if captcha is None:
        return pagina(
            request,
            "olvide.html",
            status=400,
            tipos=TIPOS_DOCUMENTO,
            valores=documento,
            alerta=MENSAJE_CAPTCHA,
            errores=ERRORES_CAPTCHA,
        )
    try:
        mensaje = await web.identidad.restablecer(documento, captcha)
    except ErrorServicio as error:
        return con_error(request, "olvide.html", error, valores=documento, tipos=TIPOS_DOCUMENTO)
    return pagina(request, "olvide.html", tipos=TIPOS_DOCUMENTO, exito=mensaje)


# -- links e-mailed by identity: create or reset the password ---------------------------------


def _pagina_contrasena(request: Request, modo: str, **contexto: Any) -> Response:
    titulos = {"activar": "Crea tu contraseña", "restablecer": "Restablece tu contraseña"}
    return pagina(
        request,
        "contrasena_nueva.html",
        titulo=titulos[modo],
        accion=f"/{modo}",
        **contexto,
    )


@router.get("/activar")
async def activar(request: Request, token: str = "") -> Response:
    return _pagina_contrasena(request, "activar", token=token)


@router.get("/restablecer")
async def restablecer(request: Request, token: str = "") -> Response:
    return _pagina_contrasena(request, "restablecer", token=token)


async def _establecer(request: Request, modo: str) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    token = datos.get("token", "")
    contrasena, confirmacion = datos.get("contrasena", ""), datos.get("confirmacion", "")
    try:
        try:
            mensaje = await web.identidad.establecer_contrasena(token, contrasena, confirmacion)
        except ErrorServicio as error:
            # Delegates' e-mails link to /activar too, with a token of identity's other
            # table; an unknown link token is refused before anything is spent, so asking
            # the delegates' endpoint next is safe.
            if modo != "activar" or error.code != "enlace-invalido":
                raise
            mensaje = await web.identidad.activar_delegado(token, contrasena, confirmacion)
    except ErrorServicio as error:
        status = error.status if 400 <= error.status < 600 else 400
        return _con_status(
            _pagina_contrasena(
                request, modo, token=token, alerta=error.detail, errores=error.errores
            ),
            status,
        )
    return _pagina_contrasena(request, modo, exito=mensaje)


def _con_status(respuesta: Response, status: int) -> Response:
    respuesta.status_code = status
    return respuesta


@router.post("/activar")
async def activar_cuenta(request: Request) -> Response:
    return await _establecer(request, "activar")


@router.post("/restablecer")
async def restablecer_contrasena(request: Request) -> Response:
    return await _establecer(request, "restablecer")


# -- manual 2: registro «Válida → Registra → Ingresa» ---------------------------------------


def _fernet(request: Request) -> Fernet:
    return Fernet(web_de(request).settings.clave_sesiones.encode())


def _registro(request: Request, paso: str, *, status: int = 200, **contexto: Any) -> Response:
    return pagina(
        request, "registro.html", status=status, paso=paso, tipos=TIPOS_DOCUMENTO, **contexto
    )


@router.get("/registro")
async def registro(request: Request) -> Response:
    if await sesion_en_curso(request):
        return a("/inicio")
    return _registro(request, "valida")


@router.post("/registro/validar")
async def validar(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    documento = _documento(datos)
    captcha = web.captcha.token(datos)
    if captcha is None:
        return _registro(
            request,
            "valida",
            status=400,
            valores=documento,
            alerta=MENSAJE_CAPTCHA,
            errores=ERRORES_CAPTCHA,
        )
    try:
        afiliado = await web.identidad.validar(documento, captcha)
    except ErrorServicio as error:
        return _registro(
            request,
            "valida",
            status=error.status,
            valores=documento,
            alerta=error.detail,
            errores=error.errores,
        )
    return _registro(
        request,
        "validado",
        valores=documento,
        afiliado=afiliado,
        sesion_registro=afiliado.get("sesion_registro", ""),
    )


def _pedir_preguntas(
    request: Request,
    documento: dict[str, str],
    sesion: str,
    *,
    status: int = 200,
    alerta: str | None = None,
    errores: dict[str, str] | None = None,
) -> Response:
    """The step that asks for (a new set of) questions: its own «No soy un robot» box."""
    return _registro(
        request,
        "validado",
        status=status,
        valores=documento,
        sesion_registro=sesion,
        alerta=alerta,
        errores=errores or {},
    )


@router.post("/registro/preguntas")
async def preguntas(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    documento = _documento(datos)
    sesion = datos.get("sesion_registro", "")
    captcha = web.captcha.token(datos)
    if captcha is None:
        return _pedir_preguntas(
            request, documento, sesion, status=400, alerta=MENSAJE_CAPTCHA, errores=ERRORES_CAPTCHA
        )
    try:
        preguntas = await web.identidad.preguntas(documento, sesion, captcha)
    except ErrorServicio as error:
        if error.code in CODIGOS_CAPTCHA:
            return _pedir_preguntas(
                request, documento, sesion, status=error.status, alerta=error.detail
            )
        return _registro(
            request,
            "valida",
            status=error.status,
            valores=documento,
            alerta=error.detail,
            errores=error.errores,
        )
    return _registro(
        request, "registra", valores=documento, preguntas=preguntas, sesion_registro=sesion
    )


@router.post("/registro/respuestas")
async def responder(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    documento = _documento(datos)
    respuestas = {
        clave.removeprefix("pregunta_"): valor
        for clave, valor in datos.items()
        if clave.startswith("pregunta_")
    }
    sesion = datos.get("sesion_registro", "")
    captcha = web.captcha.token(datos)
    if captcha is None:
        # Nothing was sent, nothing counted; the set is asked again, with the box ticked.
        return _pedir_preguntas(
            request, documento, sesion, status=400, alerta=MENSAJE_CAPTCHA, errores=ERRORES_CAPTCHA
        )
    try:
        tiquete = await web.identidad.responder(datos.get("conjunto_id", ""), respuestas, captcha)
    except ErrorServicio as error:
        if error.code in ("respuestas-incorrectas", "preguntas-vencidas", *CODIGOS_CAPTCHA):
            # Wrong answers spend the set: a new one is asked (with its own proof), below
            # identity's warning.
            return _pedir_preguntas(
                request, documento, sesion, status=error.status, alerta=error.detail
            )
        return _registro(
            request, "valida", status=error.status, valores=documento, alerta=error.detail
        )
    # The ticket goes back to the browser sealed: it cannot be read or replayed elsewhere.
    sellado = _fernet(request).encrypt(tiquete.encode()).decode()
    return _registro(request, "cuenta", valores=documento, tiquete=sellado)


@router.post("/registro/cuenta")
async def crear_cuenta(request: Request) -> Response:
    web = web_de(request)
    datos = await formulario(request)
    sellado = datos.get("tiquete", "")
    valores = {
        **_documento(datos),
        "email": datos.get("email", ""),
        "email_confirmacion": datos.get("email_confirmacion", ""),
        "telefono_movil": datos.get("telefono_movil", ""),
    }
    try:
        # Fifteen minutes is the ticket's own life at identity; the seal must not outlive it.
        tiquete = _fernet(request).decrypt(sellado.encode(), ttl=15 * 60).decode()
    except InvalidToken:
        return _registro(
            request,
            "valida",
            status=400,
            valores=_documento(datos),
            alerta="El registro tardó demasiado; valide de nuevo su documento.",
        )
    captcha = web.captcha.token(datos)
    if captcha is None:
        return _registro(
            request,
            "cuenta",
            status=400,
            valores=valores,
            tiquete=sellado,
            alerta=MENSAJE_CAPTCHA,
            errores=ERRORES_CAPTCHA,
        )
    try:
        creada = await web.identidad.crear_cuenta(
            {
                "tiquete": tiquete,
                "email": valores["email"],
                "email_confirmacion": valores["email_confirmacion"],
                "telefono_movil": valores["telefono_movil"],
                "acepta_terminos": datos.get("acepta_terminos") == "si",
                "terminos_version": TERMINOS_VERSION,
            },
            captcha,
        )
    except ErrorServicio as error:
        return _registro(
            request,
            "cuenta",
            status=error.status,
            valores=valores,
            tiquete=sellado,
            alerta=error.detail,
            errores=error.errores,
        )
    return _registro(request, "ingresa", mensaje=creada["mensaje"])
