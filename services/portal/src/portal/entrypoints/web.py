"""The reference web portal: server-rendered Spanish pages over the services' APIs.

Interface used by ``entrypoints.api``:
- ``instalar(app, settings)``: mounts the pages of ``PAGINAS``, static files, session and CSRF
  handling;
- ``clientes(app)``: async context manager holding the web's HTTP clients while serving.

A domain adds its pages as a module ``web_<dominio>.py`` importing only ``web_comun``, with a
``router`` and optionally ``MENU`` (the entries it adds to the signed-in menu), and one line
in ``PAGINAS``. What every page shares lives in ``web_comun``, so page modules never import
each other.

Guarantees:
- The browser never sees a token: identity's access and refresh tokens stay in
  ``sesiones_web`` (encrypted); the cookie holds a random id, HttpOnly, SameSite=Lax,
  ``__Host-`` prefixed and Secure when ``cookie_segura``. A session idle for
  ``sesion_minutos_inactividad`` is gone; an expired access token is renewed on the way.
- Every form post carries a CSRF token, an HMAC of the cookie it was rendered for (the
  session, or a pre-session cookie before login), and, when the browser says where it comes
  from (``Origin``, else ``Referer``), it must be ``url_publica``. Anything else is a 403.
- Pages forbid framing and inline script (CSP), and never reach a log with a token or a
  password in it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import timedelta
from types import ModuleType

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import Response
from fastapi.staticfiles import StaticFiles

from portal.adapters.secciones import secciones
from portal.adapters.servicios import (
    Captcha,
    ClienteAfiliacion,
    ClienteIdentidad,
    ClienteServicio,
    ErrorServicio,
    captcha_configurado,
)
from portal.adapters.sesiones_web import Reloj, SesionesWeb, ahora_utc
from portal.entrypoints import (
    web_audit,
    web_autorizaciones,
    web_billing,
    web_cuenta,
    web_incapacidades,
    web_pqrs,
    web_publico,
)
from portal.entrypoints.web_comun import (
    RAIZ,
    CsrfInvalido,
    EncabezadosSeguridad,
    IrAIngreso,
    Web,
    _es_segundo_plano,
    _plantillas,
    a,
    pagina,
    web_de,
)
from portal.settings import PortalSettings

PAGINAS: tuple[ModuleType, ...] = (
    web_publico,
    web_cuenta,
    web_autorizaciones,
    web_billing,
    web_incapacidades,
    web_pqrs,
    web_audit,
)

MENSAJE_NO_ENCONTRADO = (
    "No encontramos lo que busca entre la información que usted puede consultar. "
    "Vuelva al inicio y elija de nuevo."
)
"""The page modules of the web portal, in menu order."""


def instalar(
    app: FastAPI,
    settings: PortalSettings,
    *,
    transporte: httpx.AsyncBaseTransport | None = None,
    reloj: Reloj = ahora_utc,
    captcha: Captcha | None = None,
) -> None:
    """Mounts the web on ``app`` (whose ``state.engine`` holds ``sesiones_web``).
    ``transporte`` and ``reloj`` are for tests (fake services, a clock they move)."""
    clave = settings.clave_sesiones.encode()
    captcha = captcha or captcha_configurado(
        settings.captcha_proveedor, settings.captcha_clave_sitio, settings.entorno
    )
    app.state.web = Web(
        settings=settings,
        sesiones=SesionesWeb(
            app.state.engine,
            settings.clave_sesiones,
            inactividad=timedelta(minutes=settings.sesion_minutos_inactividad),
            reloj=reloj,
        ),
        plantillas=_plantillas(),
        captcha=captcha,
        # A key of its own for CSRF, derived so the Fernet key never signs anything else.
        clave_csrf=hmac.new(clave, b"portal-web-csrf", hashlib.sha256).digest(),
        reloj=reloj,
        transporte=transporte,
    )
    # Every form's «No soy un robot» (``_macros.html``) renders this CAPTCHA's widget.
    app.state.web.plantillas.globals["captcha"] = captcha
    app.add_middleware(EncabezadosSeguridad, fuentes_csp=captcha.fuentes_csp())
    app.mount("/estaticos", StaticFiles(directory=RAIZ / "estaticos"), name="estaticos")
    for modulo in PAGINAS:
        # HTML pages for browsers: not part of the JSON API's OpenAPI document.
        app.include_router(modulo.router, include_in_schema=False)
        app.state.web.menu.extend(getattr(modulo, "MENU", ()))
    app.state.web.plantillas_secciones.extend(s.plantilla for s in secciones())
    _instalar_errores(app)


def _instalar_errores(app: FastAPI) -> None:
    @app.exception_handler(IrAIngreso)
    async def _ingreso(request: Request, _: IrAIngreso) -> Response:
        web = web_de(request)
        respuesta: Response
        if _es_segundo_plano(request):
            respuesta = Response(status_code=401)
        else:
            respuesta = a("/ingreso?aviso=sesion")
        if request.cookies.get(web.cookie_sesion):
            web.borrar_cookie(respuesta, web.cookie_sesion)
        return respuesta

    @app.exception_handler(ErrorServicio)
    async def _servicio(request: Request, error: ErrorServicio) -> Response:
        # A page asked a service for someone or something the caller may not reach (or that
        # does not exist: the same 404), or the service did not answer.
        if error.status == 404:
            return pagina(
                request,
                "error.html",
                status=404,
                titulo="No encontrado",
                mensaje=MENSAJE_NO_ENCONTRADO,
            )
        status = error.status if error.status in (409, 422, 429, 503) else 502
        return pagina(
            request,
            "error.html",
            status=status,
            titulo="No se pudo completar",
            mensaje=error.detail,
        )

    @app.exception_handler(CsrfInvalido)
    async def _csrf(request: Request, _: CsrfInvalido) -> Response:
        return pagina(
            request,
            "error.html",
            status=403,
            titulo="Solicitud rechazada",
            mensaje=(
                "No pudimos verificar que esta solicitud se hizo desde la Oficina Virtual. "
                "Vuelva a la página, recárguela y envíe el formulario de nuevo."
            ),
        )


@asynccontextmanager
async def clientes(app: FastAPI) -> AsyncIterator[None]:
    web: Web = app.state.web
    tiempo = httpx.Timeout(10.0, connect=3.0)
    identidad = httpx.AsyncClient(
        base_url=web.settings.url_de("identity"), timeout=tiempo, transport=web.transporte
    )
    afiliacion = httpx.AsyncClient(
        base_url=web.settings.url_de("affiliation"), timeout=tiempo, transport=web.transporte
    )
    # Every other service's API, for the domain pages (the user's token, JSON or files).
    otros = {
        nombre: httpx.AsyncClient(base_url=url, timeout=tiempo, transport=web.transporte)
        for nombre, url in web.settings.destinos().items()
    }
    web._identidad, web._afiliacion = (
        ClienteIdentidad(identidad, web.reloj),
        ClienteAfiliacion(afiliacion),
    )
    web._servicios = {nombre: ClienteServicio(nombre, c) for nombre, c in otros.items()}
    try:
        yield
    finally:
        web._identidad = web._afiliacion = None
        web._servicios = {}
        for cliente in (identidad, afiliacion, *otros.values()):
            await cliente.aclose()
