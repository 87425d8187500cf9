"""What the web portal asks the services on the user's behalf (HTTP, httpx): identity and
affiliation with their own clients, every other service through ``ClienteServicio``.

Every refusal of theirs becomes an ``ErrorServicio`` carrying their Spanish ``detail`` and,
for a 422, one message per form field, so a page can show each next to its field. Tokens
and passwords are sent in bodies and headers only, never in URLs nor in any log line.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol
from uuid import UUID

import httpx

from eps_runtime.captcha_proveedor import CaptchaMalConfigurado
from eps_runtime.logging import get_logger
from eps_runtime.settings import ENTORNOS_DE_DESARROLLO
from portal.adapters.sesiones_web import Tokens

log = get_logger(__name__)

MENSAJE_NO_DISPONIBLE = (
    "El servicio no está disponible en este momento. Intente de nuevo en unos minutos."
)


@dataclass
class ErrorServicio(Exception):
    """A problem answered by identity or affiliation (or their absence: status 503)."""

    status: int
    detail: str
    code: str = "error"
    errores: dict[str, str] = field(default_factory=dict)

    def __str__(self) -> str:
        return f"{self.status} {self.code}"


def _error_de(respuesta: httpx.Response) -> ErrorServicio:
    try:
        cuerpo = respuesta.json()
    except ValueError:
        cuerpo = {}
    if not isinstance(cuerpo, dict):
        cuerpo = {}
    errores: dict[str, str] = {}
    for item in cuerpo.get("errores") or []:
        campo, mensaje = str(item.get("campo", "")), str(item.get("mensaje", ""))
        # Two rules broken by one field: show both.
        errores[campo] = f"{errores[campo]}; {mensaje}" if campo in errores else mensaje
    detail = str(cuerpo.get("detail") or MENSAJE_NO_DISPONIBLE)
    return ErrorServicio(respuesta.status_code, detail, str(cuerpo.get("code", "error")), errores)


async def _enviar(cliente: httpx.AsyncClient, metodo: str, ruta: str, **kwargs: Any) -> Any:
    try:
        respuesta = await cliente.request(metodo, ruta, **kwargs)
    except httpx.HTTPError as error:
        log.warning(
            "servicio_no_disponible", servicio=str(cliente.base_url), error=type(error).__name__
        )
        raise ErrorServicio(503, MENSAJE_NO_DISPONIBLE, "servicio-no-disponible") from None
    if respuesta.status_code >= 400:
        raise _error_de(respuesta)
    if respuesta.status_code == 204 or not respuesta.content:
        return None
    return respuesta.json()


def _bearer(acceso: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {acceso}"}


def tokens_de(cuerpo: dict[str, Any], ahora: datetime | None = None) -> Tokens:
    ahora = ahora or datetime.now(UTC)
    return Tokens(
        acceso=str(cuerpo["access_token"]),
        renovacion=str(cuerpo["refresh_token"]),
        acceso_vence_en=ahora + timedelta(seconds=int(cuerpo["expires_in"])),
        sesion_vence_en=datetime.fromisoformat(str(cuerpo["sesion_vence_en"])),
    )


@dataclass(frozen=True)
class Descarga:
    """A file a service answered (a PDF certificate, an OPS)."""

    contenido: bytes
    tipo: str
    nombre: str | None


class ClienteServicio:
    """Calls to one service's API with the signed-in user's access token: JSON in and out,
    multipart uploads, and file downloads. Its refusals are ``ErrorServicio`` (with each
    field's message for a 422); an unreachable service is a 503 ``ErrorServicio``."""

    def __init__(self, nombre: str, cliente: httpx.AsyncClient) -> None:
        self.nombre = nombre
        self._c = cliente

    async def obtener(self, acceso: str, ruta: str, **parametros: Any) -> Any:
        return await _enviar(self._c, "GET", ruta, params=parametros, headers=_bearer(acceso))

    async def enviar(
        self,
        acceso: str,
        metodo: str,
        ruta: str,
        *,
        json: Any = None,
        data: dict[str, str] | None = None,
        files: dict[str, tuple[str, bytes, str]]
        | list[tuple[str, tuple[str, bytes, str]]]
        | None = None,
        encabezados: dict[str, str] | None = None,
    ) -> Any:
        return await _enviar(
            self._c,
            metodo,
            ruta,
            json=json,
            data=data,
            files=files,
            headers=_bearer(acceso) | (encabezados or {}),
        )

    async def descargar(self, acceso: str, ruta: str, **parametros: Any) -> Descarga:
        try:
            respuesta = await self._c.get(ruta, params=parametros, headers=_bearer(acceso))
        except httpx.HTTPError as error:
            log.warning("servicio_no_disponible", servicio=self.nombre, error=type(error).__name__)
            raise ErrorServicio(503, MENSAJE_NO_DISPONIBLE, "servicio-no-disponible") from None
        if respuesta.status_code >= 400:
            raise _error_de(respuesta)
        disposicion = respuesta.headers.get("content-disposition", "")
        nombre = (
            disposicion.split("filename=", 1)[1].strip('"') if "filename=" in disposicion else None
        )
        return Descarga(
            respuesta.content,
            respuesta.headers.get("content-type", "application/octet-stream"),
            nombre,
        )


class Captcha(Protocol):
    """«No soy un robot»: what the form carries and the token identity verifies.

    ``widget`` is the provider's widget the pages render (None: the development checkbox);
    ``fuentes_csp`` the origins its script and frames need in the pages' CSP."""

    @property
    def widget(self) -> WidgetCaptcha | None: ...

    @property
    def clave_sitio(self) -> str: ...

    def token(self, formulario: dict[str, str]) -> str | None: ...

    def fuentes_csp(self) -> dict[str, tuple[str, ...]]: ...


@dataclass(frozen=True)
class WidgetCaptcha:
    """A provider's browser side: its script, the element it fills, the field it posts."""

    script: str
    clase: str
    campo: str
    csp: dict[str, tuple[str, ...]]


_HCAPTCHA = ("https://hcaptcha.com", "https://*.hcaptcha.com")
_RECAPTCHA = ("https://www.google.com/recaptcha/", "https://www.gstatic.com/recaptcha/")
WIDGETS: dict[str, WidgetCaptcha] = {
    # Each provider's documented embedding and CSP (script, frames; hCaptcha styles and XHR).
    "turnstile": WidgetCaptcha(
        script="https://challenges.cloudflare.com/turnstile/v0/api.js",
        clase="cf-turnstile",
        campo="cf-turnstile-response",
        csp={
            "script-src": ("https://challenges.cloudflare.com",),
            "frame-src": ("https://challenges.cloudflare.com",),
        },
    ),
    "hcaptcha": WidgetCaptcha(
        script="https://js.hcaptcha.com/1/api.js?hl=es",
        clase="h-captcha",
        campo="h-captcha-response",
        csp={
            "script-src": _HCAPTCHA,
            "frame-src": _HCAPTCHA,
            "style-src": _HCAPTCHA,
            "connect-src": _HCAPTCHA,
        },
    ),
    "recaptcha": WidgetCaptcha(
        script="https://www.google.com/recaptcha/api.js?hl=es",
        clase="g-recaptcha",
        campo="g-recaptcha-response",
        csp={
            "script-src": _RECAPTCHA,
            "frame-src": (
                "https://www.google.com/recaptcha/",
                "https://recaptcha.google.com/recaptcha/",
            ),
        },
    ),
}


class CaptchaCasilla:
    """The development CAPTCHA: a checkbox whose token is identity's development token."""

    campo = "no_soy_un_robot"
    widget: WidgetCaptcha | None = None
    clave_sitio = ""

    def __init__(self, token_desarrollo: str = "no-soy-un-robot") -> None:
        self._token = token_desarrollo

    def token(self, formulario: dict[str, str]) -> str | None:
        return self._token if formulario.get(self.campo) == "si" else None

    def fuentes_csp(self) -> dict[str, tuple[str, ...]]:
        return {}


class CaptchaWidget:
    """The provider's widget (Turnstile, hCaptcha, reCAPTCHA) in each step's form: the token
    the person's browser got from the provider goes to identity as is, which verifies it
    (single use: every page renders a widget of its own, so every step costs a human)."""

    def __init__(self, proveedor: str, clave_sitio: str) -> None:
        self._widget = WIDGETS[proveedor]
        self._clave_sitio = clave_sitio

    @property
    def widget(self) -> WidgetCaptcha:
        return self._widget

    @property
    def clave_sitio(self) -> str:
        return self._clave_sitio

    def token(self, formulario: dict[str, str]) -> str | None:
        return formulario.get(self._widget.campo, "").strip() or None

    def fuentes_csp(self) -> dict[str, tuple[str, ...]]:
        return self._widget.csp


def captcha_configurado(proveedor: str, clave_sitio: str, entorno: str) -> Captcha:
    """The CAPTCHA ``PORTAL_CAPTCHA_*`` name; ``CaptchaMalConfigurado`` when the portal must
    not start: the development checkbox outside development (``EPS_ENTORNO``), or a widget
    without its site key."""
    if proveedor == "desarrollo":
        if entorno not in ENTORNOS_DE_DESARROLLO:
            raise CaptchaMalConfigurado(
                "La casilla «No soy un robot» de desarrollo solo se permite con "
                f"EPS_ENTORNO=desarrollo o pruebas (este proceso: {entorno!r}). Configure "
                "PORTAL_CAPTCHA_PROVEEDOR y PORTAL_CAPTCHA_CLAVE_SITIO."
            )
        return CaptchaCasilla()
    if not clave_sitio:
        raise CaptchaMalConfigurado(
            f"El CAPTCHA {proveedor!r} necesita su clave de sitio: PORTAL_CAPTCHA_CLAVE_SITIO."
        )
    return CaptchaWidget(proveedor, clave_sitio)


def _captcha(token: str | None) -> dict[str, str]:
    """The ``X-Captcha`` header identity asks on every registration step (none if unticked:
    identity then answers 400 ``captcha-invalido``)."""
    return {"X-Captcha": token} if token else {}


class ClienteIdentidad:
    def __init__(
        self, cliente: httpx.AsyncClient, reloj: Callable[[], datetime] | None = None
    ) -> None:
        self._c = cliente
        self._reloj = reloj or (lambda: datetime.now(UTC))

    async def validar(self, documento: dict[str, str], captcha: str | None) -> dict[str, Any]:
        resultado: dict[str, Any] = await _enviar(
            self._c, "POST", "/registro/validacion", json=documento, headers=_captcha(captcha)
        )
        return resultado

    async def preguntas(
        self, documento: dict[str, str], sesion_registro: str, captcha: str | None
    ) -> dict[str, Any]:
        """Step 2: needs the ``sesion_registro`` step 1 returned and a fresh CAPTCHA proof."""
        resultado: dict[str, Any] = await _enviar(
            self._c,
            "POST",
            "/registro/preguntas",
            json={**documento, "sesion_registro": sesion_registro},
            headers=_captcha(captcha),
        )
        return resultado

    async def responder(
        self, conjunto_id: str, respuestas: dict[str, str], captcha: str | None
    ) -> str:
        cuerpo = await _enviar(
            self._c,
            "POST",
            "/registro/respuestas",
            json={"conjunto_id": conjunto_id, "respuestas": respuestas},
            headers=_captcha(captcha),
        )
        return str(cuerpo["tiquete"])

    async def crear_cuenta(self, datos: dict[str, Any], captcha: str | None) -> dict[str, Any]:
        resultado: dict[str, Any] = await _enviar(
            self._c, "POST", "/registro/cuenta", json=datos, headers=_captcha(captcha)
        )
        return resultado

    async def establecer_contrasena(self, token: str, contrasena: str, confirmacion: str) -> str:
        cuerpo = await _enviar(
            self._c,
            "POST",
            "/cuentas/contrasena",
            json={"token": token, "contrasena": contrasena, "confirmacion": confirmacion},
        )
        return str(cuerpo["mensaje"])

    async def activar_delegado(self, token: str, contrasena: str, confirmacion: str) -> str:
        cuerpo = await _enviar(
            self._c,
            "POST",
            "/delegados/activacion",
            json={"token": token, "contrasena": contrasena, "confirmacion": confirmacion},
        )
        return str(cuerpo["mensaje"])

    async def cambiar_contrasena(self, acceso: str, datos: dict[str, str]) -> Tokens:
        cuerpo = await _enviar(
            self._c, "PUT", "/cuentas/contrasena", json=datos, headers=_bearer(acceso)
        )
        return tokens_de(cuerpo, self._reloj())

    async def restablecer(self, documento: dict[str, str], captcha: str | None) -> str:
        cuerpo = await _enviar(
            self._c,
            "POST",
            "/cuentas/restablecimiento",
            json=documento,
            headers=_captcha(captcha),
        )
        return str(cuerpo["mensaje"])

    async def iniciar_sesion(self, datos: dict[str, str]) -> Tokens:
        return tokens_de(await _enviar(self._c, "POST", "/sesiones", json=datos), self._reloj())

    async def renovar(self, renovacion: str) -> Tokens:
        return tokens_de(
            await _enviar(self._c, "POST", "/sesiones/renovar", json={"refresh_token": renovacion}),
            self._reloj(),
        )

    async def cerrar_sesion(self, renovacion: str) -> None:
        await _enviar(self._c, "DELETE", "/sesiones/actual", json={"refresh_token": renovacion})


class ClienteAfiliacion:
    def __init__(self, cliente: httpx.AsyncClient) -> None:
        self._c = cliente
        self._municipios: dict[str, list[dict[str, Any]]] | None = None
        self._departamentos: list[dict[str, Any]] | None = None

    async def _get(self, acceso: str, ruta: str, **params: Any) -> Any:
        limpios = {k: v for k, v in params.items() if v is not None}
        return await _enviar(self._c, "GET", ruta, params=limpios, headers=_bearer(acceso))

    async def afiliacion(self, acceso: str) -> dict[str, Any]:
        resultado: dict[str, Any] = await self._get(acceso, "/mi/afiliacion")
        return resultado

    async def personas(self, acceso: str) -> list[dict[str, Any]]:
        cuerpo = await self._get(acceso, "/mi/personas")
        return list(cuerpo["personas"])

    async def actualizar_datos(self, acceso: str, datos: dict[str, Any]) -> dict[str, Any]:
        resultado: dict[str, Any] = await _enviar(
            self._c, "PUT", "/mi/datos-personales", json=datos, headers=_bearer(acceso)
        )
        return resultado

    async def soportes(self, acceso: str) -> dict[str, Any]:
        resultado: dict[str, Any] = await self._get(acceso, "/mi/soportes")
        return resultado

    async def enviar_soporte(
        self,
        acceso: str,
        afiliado_id: str,
        tipo_soporte: str,
        archivo: tuple[str, bytes, str],
    ) -> dict[str, Any]:
        resultado: dict[str, Any] = await _enviar(
            self._c,
            "POST",
            "/mi/soportes",
            data={"afiliado_id": afiliado_id, "tipo_soporte": tipo_soporte},
            files={"archivo": archivo},
            headers=_bearer(acceso),
        )
        return resultado

    async def opciones_cambio_ips(self, acceso: str, afiliado_id: str | None) -> dict[str, Any]:
        resultado: dict[str, Any] = await self._get(
            acceso, "/mi/cambio-ips/opciones", afiliado_id=afiliado_id
        )
        return resultado

    async def solicitar_cambio_ips(self, acceso: str, datos: dict[str, Any]) -> dict[str, Any]:
        resultado: dict[str, Any] = await _enviar(
            self._c, "POST", "/mi/cambio-ips", json=datos, headers=_bearer(acceso)
        )
        return resultado

    async def certificado(
        self, acceso: str, afiliado_id: UUID | None, plan: str
    ) -> tuple[bytes, str]:
        """The PDF and its Content-Disposition."""
        params = {"plan": plan, **({"afiliado_id": str(afiliado_id)} if afiliado_id else {})}
        try:
            respuesta = await self._c.get(
                "/mi/certificados/afiliacion", params=params, headers=_bearer(acceso)
            )
        except httpx.HTTPError:
            raise ErrorServicio(503, MENSAJE_NO_DISPONIBLE, "servicio-no-disponible") from None
        if respuesta.status_code >= 400:
            raise _error_de(respuesta)
        disposicion = respuesta.headers.get(
            "content-disposition", f'attachment; filename="certificado-afiliacion-{plan}.pdf"'
        )
        return respuesta.content, disposicion

    async def departamentos(self) -> list[dict[str, Any]]:
        # Catalogs change with DIVIPOLA releases, not while a process runs.
        if self._departamentos is None:
            self._departamentos = list(await _enviar(self._c, "GET", "/catalogos/departamentos"))
        return self._departamentos

    async def municipios(self, departamento: str) -> list[dict[str, Any]]:
        if self._municipios is None:
            self._municipios = {}
        if departamento not in self._municipios:
            self._municipios[departamento] = list(
                await _enviar(self._c, "GET", f"/catalogos/departamentos/{departamento}/municipios")
            )
        return self._municipios[departamento]

    async def catalogo(self, nombre: str) -> list[dict[str, Any]]:
        return list(await _enviar(self._c, "GET", f"/catalogos/{nombre}"))
