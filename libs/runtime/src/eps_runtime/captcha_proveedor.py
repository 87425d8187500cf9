"""The production CAPTCHA: the provider's ``siteverify`` behind ``VerificadorCaptcha``.

Cloudflare Turnstile, hCaptcha and Google reCAPTCHA share one shape: a form POST of
``secret``, ``response`` (the widget's token) and ``remoteip``, answered with JSON
``{"success": bool, "error-codes": [...]}``. Each token is single use at the provider, so each
request that asks for one costs a human a fresh widget.

Guarantees of ``CaptchaProveedor.verificar``:
- True only when the provider answered ``success: true`` for this token, now;
- False (the caller's 400/422 ``captcha-invalido``) when the provider refused the token
  (expired, already used, forged) or there was none — the provider is not even asked;
- ``CaptchaNoDisponible`` (503 ``captcha-no-disponible``) when the provider could not give
  an answer: unreachable, slower than ``timeout_s``, a non-200 status, anything but that JSON,
  or a refusal that is our fault (a wrong secret). Fail closed: never accepted. One JSON
  warning is logged, without the token or the secret.

``verificador_captcha`` chooses the adapter from ``CaptchaSettings`` and refuses the
development one (``CaptchaDesarrollo``, a fixed token) outside a development or test process.
"""

from __future__ import annotations

from typing import Any, Literal, NoReturn

import httpx
from pydantic import Field, SecretStr
from pydantic_settings import BaseSettings

from eps_runtime.antiautomatizacion import CaptchaDesarrollo, VerificadorCaptcha
from eps_runtime.errores import NoDisponible
from eps_runtime.logging import get_logger
from eps_runtime.settings import ENTORNOS_DE_DESARROLLO

log = get_logger(__name__)

Proveedor = Literal["desarrollo", "turnstile", "hcaptcha", "recaptcha"]

URLS_VERIFICACION: dict[str, str] = {
    "turnstile": "https://challenges.cloudflare.com/turnstile/v0/siteverify",
    "hcaptcha": "https://api.hcaptcha.com/siteverify",
    "recaptcha": "https://www.google.com/recaptcha/api/siteverify",
}
"""Each provider's official verification endpoint (``captcha_url_verificacion`` overrides)."""

# Refusals that say nothing about the person's token but about our request or the provider:
# asking again will not help them, so they are "not available", and an operator must look.
CODIGOS_DE_CONFIGURACION = frozenset(
    {
        "missing-input-secret",
        "invalid-input-secret",
        "sitekey-secret-mismatch",
        "bad-request",
        "internal-error",
    }
)
MAX_RESPUESTA = 64 * 1024  # a siteverify answer is a few hundred bytes

MENSAJE_NO_DISPONIBLE = "No pudimos verificar que no es un robot; intente de nuevo en unos minutos."


class CaptchaNoDisponible(NoDisponible):
    """The provider gave no usable answer: the request is refused, not accepted (503)."""

    codigo = "captcha-no-disponible"
    titulo = "Verificación «No soy un robot» no disponible"

    def __init__(self) -> None:
        super().__init__(MENSAJE_NO_DISPONIBLE)


class CaptchaMalConfigurado(ValueError):
    """The settings would let scripts through (or cannot work): the process must not start."""


class CaptchaProveedor:
    """``siteverify`` of one provider (see the module's guarantees)."""

    def __init__(
        self,
        proveedor: str,
        url: str,
        secreto: str,
        *,
        timeout_s: float = 5.0,
        transporte: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.proveedor = proveedor
        self.url = url
        self._secreto = secreto
        self._timeout = httpx.Timeout(timeout_s)
        self._transporte = transporte

    async def verificar(self, token: str | None, ip: str | None) -> bool:
        if not token:
            return False
        formulario = {"secret": self._secreto, "response": token}
        if ip:
            formulario["remoteip"] = ip
        respuesta = await self._preguntar(formulario)
        exito, codigos = self._leer(respuesta)
        if exito:
            return True
        if CODIGOS_DE_CONFIGURACION.intersection(codigos):
            self._no_disponible("rechazo_por_configuracion", codigos=sorted(codigos))
        log.info("captcha_rechazado", proveedor=self.proveedor, codigos=sorted(codigos))
        return False

    async def _preguntar(self, formulario: dict[str, str]) -> httpx.Response:
        # One client per verification: a handful per registration, each already costing a
        # human seconds; nothing is shared across event loops.
        try:
            async with httpx.AsyncClient(
                timeout=self._timeout, transport=self._transporte, follow_redirects=False
            ) as cliente:
                return await cliente.post(self.url, data=formulario)
        except httpx.TimeoutException:
            self._no_disponible("tiempo_agotado")
        except httpx.HTTPError as error:
            # The type only: an httpx message may quote the URL, never the form, but keep it
            # to the type so nothing of the request reaches the log.
            self._no_disponible("sin_conexion", error=type(error).__name__)

    def _leer(self, respuesta: httpx.Response) -> tuple[bool, set[str]]:
        if respuesta.status_code != 200:
            self._no_disponible("estado_http", estado_http=respuesta.status_code)
        if len(respuesta.content) > MAX_RESPUESTA:
            self._no_disponible("respuesta_ilegible", bytes=len(respuesta.content))
        try:
            cuerpo: Any = respuesta.json()
        except ValueError:
            self._no_disponible("respuesta_ilegible", bytes=len(respuesta.content))
        if not isinstance(cuerpo, dict) or not isinstance(cuerpo.get("success"), bool):
            self._no_disponible("respuesta_ilegible", bytes=len(respuesta.content))
        codigos = cuerpo.get("error-codes") or []
        if not isinstance(codigos, list):
            codigos = []
        return cuerpo["success"], {str(c)[:64] for c in codigos[:10]}

    def _no_disponible(self, motivo: str, **contexto: Any) -> NoReturn:
        log.warning("captcha_no_disponible", proveedor=self.proveedor, motivo=motivo, **contexto)
        raise CaptchaNoDisponible()


class CaptchaSettings(BaseSettings):
    """``<SERVICE>_CAPTCHA_*`` of a service that verifies «No soy un robot» (a mixin of its
    settings, whose prefix applies)."""

    captcha_proveedor: Proveedor = "desarrollo"
    """``desarrollo`` (a fixed token, development and tests only) or the real provider."""
    captcha_secreto: SecretStr | None = None
    """The provider's secret key (from a Secret); required by every real provider."""
    captcha_url_verificacion: str | None = None
    """Unset: the provider's official ``siteverify`` (``URLS_VERIFICACION``)."""
    captcha_timeout_s: float = Field(default=5.0, gt=0, le=30)
    captcha_token_desarrollo: str = "no-soy-un-robot"
    """The one token ``desarrollo`` accepts (the portal's checkbox sends it)."""


def url_verificacion(ajustes: CaptchaSettings) -> str:
    return ajustes.captcha_url_verificacion or URLS_VERIFICACION[ajustes.captcha_proveedor]


def verificador_captcha(
    ajustes: CaptchaSettings,
    entorno: str,
    *,
    transporte: httpx.AsyncBaseTransport | None = None,
) -> VerificadorCaptcha:
    """The adapter ``ajustes`` name; ``CaptchaMalConfigurado`` when the process must not start:
    ``desarrollo`` outside a development or test process (``EPS_ENTORNO``), or a real
    provider without its secret."""
    prefijo = str(ajustes.model_config.get("env_prefix", "")).upper()
    if ajustes.captcha_proveedor == "desarrollo":
        if entorno not in ENTORNOS_DE_DESARROLLO:
            raise CaptchaMalConfigurado(
                "El CAPTCHA «desarrollo» acepta un token fijo: solo se permite con "
                f"EPS_ENTORNO=desarrollo o pruebas (este proceso: {entorno!r}). Configure "
                f"{prefijo}CAPTCHA_PROVEEDOR=turnstile|hcaptcha|recaptcha y "
                f"{prefijo}CAPTCHA_SECRETO."
            )
        return CaptchaDesarrollo(ajustes.captcha_token_desarrollo)
    secreto = ajustes.captcha_secreto.get_secret_value() if ajustes.captcha_secreto else ""
    if not secreto:
        raise CaptchaMalConfigurado(
            f"El CAPTCHA {ajustes.captcha_proveedor!r} necesita su clave secreta: "
            f"{prefijo}CAPTCHA_SECRETO."
        )
    return CaptchaProveedor(
        ajustes.captcha_proveedor,
        url_verificacion(ajustes),
        secreto,
        timeout_s=ajustes.captcha_timeout_s,
        transporte=transporte,
    )
