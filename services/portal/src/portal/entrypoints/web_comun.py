"""What every page of the reference web portal shares: the ``Web`` state (settings,
server-side sessions, templates, the services' clients), rendering, CSRF-checked forms, the
signed-in caller and the security headers.

Page modules (``web_publico``, ``web_cuenta``, one per domain) import this module only;
``web`` assembles them (no page module imports another, so there is no import cycle).
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import httpx
from fastapi import Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from jinja2 import Environment, FileSystemLoader, select_autoescape
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from eps_contracts.nombres import (
    NOMBRE_ESTADO,
    NOMBRE_PARENTESCO,
    NOMBRE_REGIMEN,
    NOMBRE_TIPO_AFILIADO,
)
from eps_runtime.auth import Llamante, VerificadorTokens
from eps_runtime.errores import NoAutenticado, NoEncontrado
from eps_runtime.logging import get_logger
from portal.adapters.servicios import (
    Captcha,
    ClienteAfiliacion,
    ClienteIdentidad,
    ClienteServicio,
    ErrorServicio,
)
from portal.adapters.sesiones_web import (
    Reloj,
    SesionesWeb,
    SesionTerminada,
    SesionWeb,
    nuevo_id_sesion,
)
from portal.settings import PortalSettings

log = get_logger(__name__)

RAIZ = Path(__file__).resolve().parent.parent
CAMPO_CSRF = "csrf"

DIRECTIVAS_CSP: dict[str, tuple[str, ...]] = {
    "default-src": ("'self'",),
    "script-src": ("'self'",),
    "style-src": ("'self'",),
    "img-src": ("'self'", "data:"),
    "connect-src": ("'self'",),
    "frame-src": ("'self'",),
    "form-action": ("'self'",),
    "frame-ancestors": ("'none'",),
    "base-uri": ("'none'",),
    "object-src": ("'none'",),
}


def csp(fuentes_extra: dict[str, tuple[str, ...]] | None = None) -> str:
    """The pages' Content-Security-Policy, with the origins a CAPTCHA widget needs added to
    its directives (its script and frames only: inline script stays forbidden)."""
    extra = fuentes_extra or {}
    return "; ".join(
        " ".join((directiva, *fuentes, *extra.get(directiva, ())))
        for directiva, fuentes in DIRECTIVAS_CSP.items()
    )


CSP = csp()
ENCABEZADOS_SEGURIDAD = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "x-content-type-options": "nosniff",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
}
# The API's interactive docs run inline script of their own; every other answer is ours.
_SIN_CSP = ("/docs", "/redoc")

AVISOS = {
    "salida": "Cerró su sesión. Hasta pronto.",
    "sesion": "Su sesión terminó por inactividad o expiró; inicie sesión de nuevo.",
    "datos": "Los datos personales fueron actualizados.",
    "contrasena": "Su contraseña fue cambiada; las demás sesiones se cerraron.",
    "ips": "Solicitud exitosa: la solicitud de cambio de IPS fue radicada y será revisada "
    "por la EPS.",
    "soporte": "Los documentos fueron enviados y quedan en revisión.",
}


@dataclass
class Web:
    """What the pages share: settings, sessions, templates and the services' clients."""

    settings: PortalSettings
    sesiones: SesionesWeb
    plantillas: Environment
    captcha: Captcha
    clave_csrf: bytes
    reloj: Reloj
    transporte: httpx.AsyncBaseTransport | None = None
    _identidad: ClienteIdentidad | None = None
    _afiliacion: ClienteAfiliacion | None = None
    _servicios: dict[str, ClienteServicio] = field(default_factory=dict)
    menu: list[tuple[str, str]] = field(default_factory=list)
    """(label, path) of each signed-in menu entry the domain page modules add."""
    plantillas_secciones: list[str] = field(default_factory=list)
    """The home page's part of each domain section (``adapters.secciones``)."""

    @property
    def identidad(self) -> ClienteIdentidad:
        if self._identidad is None:
            raise RuntimeError("web.clientes(app) no está activo")
        return self._identidad

    @property
    def afiliacion(self) -> ClienteAfiliacion:
        if self._afiliacion is None:
            raise RuntimeError("web.clientes(app) no está activo")
        return self._afiliacion

    def servicio(self, nombre: str) -> ClienteServicio:
        """The client of ``nombre``'s API (``KeyError`` for a service the portal does not know)."""
        if not self._servicios:
            raise RuntimeError("web.clientes(app) no está activo")
        return self._servicios[nombre]

    @property
    def cookie_sesion(self) -> str:
        return "__Host-sesion" if self.settings.cookie_segura else "sesion"

    @property
    def cookie_presesion(self) -> str:
        return "__Host-presesion" if self.settings.cookie_segura else "presesion"

    def token_csrf(self, vinculo: str) -> str:
        return hmac.new(self.clave_csrf, b"csrf|" + vinculo.encode(), hashlib.sha256).hexdigest()

    def poner_cookie(self, respuesta: Response, nombre: str, valor: str) -> None:
        respuesta.set_cookie(
            nombre,
            valor,
            httponly=True,
            secure=self.settings.cookie_segura,
            samesite="lax",
            path="/",
        )

    def borrar_cookie(self, respuesta: Response, nombre: str) -> None:
        respuesta.delete_cookie(
            nombre, path="/", secure=self.settings.cookie_segura, httponly=True, samesite="lax"
        )


def web_de(request: Request) -> Web:
    web: Web = request.app.state.web
    return web


# -- errors the pages raise, turned into pages or redirects once -------------------------------


class IrAIngreso(Exception):
    """No session in force: pages go to the login, background requests get a 401."""


class CsrfInvalido(Exception):
    pass


def _es_segundo_plano(request: Request) -> bool:
    return request.url.path.startswith("/inicio/")


# -- rendering -------------------------------------------------------------------------------


def _vinculo(request: Request) -> tuple[str, str | None]:
    """What this request's CSRF token is bound to (the session cookie, else a pre-session
    cookie) and, when there was neither, the new pre-session id to set."""
    web = web_de(request)
    actual = request.cookies.get(web.cookie_sesion) or request.cookies.get(web.cookie_presesion)
    if actual:
        return actual, None
    nuevo = nuevo_id_sesion()
    return nuevo, nuevo


def pagina(
    request: Request,
    plantilla: str,
    *,
    status: int = 200,
    **contexto: Any,
) -> HTMLResponse:
    web = web_de(request)
    vinculo, presesion_nueva = _vinculo(request)
    aviso = AVISOS.get(request.query_params.get("aviso", ""))
    # The header greets the person on every page: a page that just read the dashboard
    # passes the freshest name, any other uses the copy kept on the session.
    nombre = contexto.pop("nombre", None) or getattr(request.state, "nombre", None)
    html = web.plantillas.get_template(plantilla).render(
        csrf=web.token_csrf(vinculo),
        campo_csrf=CAMPO_CSRF,
        ruta=request.url.path,
        sesion_activa=getattr(request.state, "autenticado", False),
        aviso=contexto.pop("aviso", aviso),
        errores=contexto.pop("errores", {}),
        valores=contexto.pop("valores", {}),
        nombre=nombre,
        menu=web.menu,
        plantillas_secciones=web.plantillas_secciones,
        **contexto,
    )
    respuesta = HTMLResponse(html, status_code=status, headers={"Cache-Control": "no-store"})
    if presesion_nueva is not None:
        web.poner_cookie(respuesta, web.cookie_presesion, presesion_nueva)
    return respuesta


def con_error(
    request: Request,
    plantilla: str,
    error: ErrorServicio,
    *,
    valores: dict[str, Any] | None = None,
    **contexto: Any,
) -> HTMLResponse:
    """The form again, with the service's message in an alert and each field's own next to
    it; the status is the service's (a 422 stays a 422)."""
    status = error.status if 400 <= error.status < 600 else 400
    return pagina(
        request,
        plantilla,
        status=status,
        alerta=error.detail,
        errores=error.errores,
        valores=valores or {},
        **contexto,
    )


def a(ruta: str) -> RedirectResponse:
    """After a post, a GET (303), so a reload never repeats it."""
    return RedirectResponse(ruta, status_code=303)


# -- CSRF ------------------------------------------------------------------------------------


def _origen(url: str) -> str:
    partes = urlsplit(url)
    return f"{partes.scheme}://{partes.netloc}".lower()


async def formulario(request: Request) -> dict[str, str]:
    """The posted form, once its CSRF token and origin checked out (else ``CsrfInvalido``).
    File fields are left out (read them with ``request.form()``)."""
    web = web_de(request)
    esperado = _origen(web.settings.url_publica)
    origen = request.headers.get("origin")
    if origen is None and request.headers.get("referer"):
        origen = _origen(request.headers["referer"])
    if origen is not None and origen.lower() != esperado:
        log.info("csrf_rechazado", causa="origen")
        raise CsrfInvalido()
    datos = await request.form()
    enviado = datos.get(CAMPO_CSRF)
    vinculo = request.cookies.get(web.cookie_sesion) or request.cookies.get(web.cookie_presesion)
    if (
        not isinstance(enviado, str)
        or not vinculo
        or not hmac.compare_digest(enviado, web.token_csrf(vinculo))
    ):
        log.info("csrf_rechazado", causa="token")
        raise CsrfInvalido()
    return {k: v for k, v in datos.items() if isinstance(v, str) and k != CAMPO_CSRF}


# -- sessions --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Autenticado:
    """The request's user: his session, an access token in force and its verified claims."""

    id_sesion: str
    sesion: SesionWeb
    acceso: str
    llamante: Llamante


async def autenticado(request: Request, *, tocar: bool = True) -> Autenticado:
    web = web_de(request)
    id_sesion = request.cookies.get(web.cookie_sesion)
    if not id_sesion:
        raise IrAIngreso()
    sesion = await web.sesiones.obtener(id_sesion, tocar=tocar)
    if sesion is None:
        raise IrAIngreso()
    try:
        acceso = await web.sesiones.acceso_vigente(id_sesion, sesion, web.identidad.renovar)
    except (ErrorServicio, SesionTerminada) as error:
        if isinstance(error, ErrorServicio) and error.status >= 500:
            raise
        # Identity refused the renewal (revoked, expired): this session is over.
        await web.sesiones.eliminar(id_sesion)
        raise IrAIngreso() from None
    verificador: VerificadorTokens = request.app.state.verificador_tokens
    try:
        llamante = await verificador.verificar(acceso)
    except NoAutenticado:
        await web.sesiones.eliminar(id_sesion)
        raise IrAIngreso() from None
    request.state.autenticado = True
    request.state.nombre = sesion.nombre
    return Autenticado(id_sesion, sesion, acceso, llamante)


async def sesion_en_curso(request: Request) -> bool:
    """Whether the request comes with a session in force (the login and registration pages
    send such a person home). Does not count as activity."""
    if not request.cookies.get(web_de(request).cookie_sesion):
        return False
    try:
        await autenticado(request, tocar=False)
    except IrAIngreso:
        return False
    return True


async def nombre_en_tablero(request: Request, llamante: Llamante) -> str | None:
    """The person's name from the dashboard read model (this service's own database, no call
    to another service); None while the projection does not have him yet."""
    consulta = request.app.state.componentes.consulta
    try:
        tablero = await consulta.tablero(llamante, version_minima=None)
    except NoEncontrado:
        return None
    nombre: str = tablero.nombre_completo
    return nombre


# -- installation ----------------------------------------------------------------------------


class EncabezadosSeguridad:
    """Adds the security headers to every answer (but the API docs' pages); ``fuentes_csp``:
    the CAPTCHA widget's origins (``Captcha.fuentes_csp``)."""

    def __init__(self, app: ASGIApp, fuentes_csp: dict[str, tuple[str, ...]] | None = None) -> None:
        self.app = app
        self.encabezados = {**ENCABEZADOS_SEGURIDAD, "content-security-policy": csp(fuentes_csp)}
        # Encoded once: this runs on every answer, the dashboard's JSON included.
        self._crudos = [(k.encode(), v.encode()) for k, v in self.encabezados.items()]

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_SIN_CSP):
            await self.app(scope, receive, send)
            return

        async def enviar(mensaje: Message) -> None:
            if mensaje["type"] == "http.response.start":
                propios = mensaje.get("headers", [])
                presentes = {k.lower() for k, _ in propios}
                extra = [(k, v) for k, v in self._crudos if k not in presentes]
                mensaje = {**mensaje, "headers": [*propios, *extra]}
            await send(mensaje)

        await self.app(scope, receive, enviar)


def _plantillas() -> Environment:
    entorno = Environment(
        loader=FileSystemLoader(RAIZ / "plantillas"),
        autoescape=select_autoescape(["html"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    entorno.globals["avisos"] = AVISOS
    entorno.filters["nombre"] = nombre_de_codigo
    return entorno


_NOMBRES_DE_CODIGOS: dict[str, str] = {
    str(codigo): texto
    for nombres in (NOMBRE_TIPO_AFILIADO, NOMBRE_PARENTESCO, NOMBRE_REGIMEN, NOMBRE_ESTADO)
    for codigo, texto in nombres.items()
}


def nombre_de_codigo(codigo: str | None) -> str:
    """``{{ m.parentesco | nombre }}``: "Cónyuge" for CONYUGE; an unknown code as it is."""
    if codigo is None:
        return ""
    return _NOMBRES_DE_CODIGOS.get(codigo, codigo)
