"""The identity service's settings: ``IDENTITY_*`` variables, plus the shared Kafka ones.

Accounts (see the README for each):
- ``IDENTITY_PORTAL_URL``: where the front end lives; links in e-mails point there
  (``{PORTAL_URL}/activar?token=…``, ``{PORTAL_URL}/restablecer?token=…``).
- ``IDENTITY_CLAVE_FIRMA_FILE``: PEM (PKCS#8) Ed25519 private key the access tokens are
  signed with. Unset: the development key ``.cache/dev-auth/clave.pem`` (created if missing),
  the same one ``scripts/stack.py`` makes every local service trust.
- ``IDENTITY_SECRETO``: server secret for the stable distractors of the security questions
  and the pseudonymous id of login failures for unknown documents. Its default is for
  development only.
- ``IDENTITY_CLAVE_TOTP``: Fernet key(s), comma-separated (the first encrypts), that encrypt
  the TOTP secrets at rest (``adapters.secretos_totp``). Its default is for development only;
  migration 0007 encrypts the secrets stored in clear before it with this key.
- ``IDENTITY_CAPTCHA_PROVEEDOR`` (``desarrollo`` | ``turnstile`` | ``hcaptcha`` |
  ``recaptcha``), ``IDENTITY_CAPTCHA_SECRETO``, ``IDENTITY_CAPTCHA_URL_VERIFICACION``: who
  verifies the ``X-Captcha`` token of every registration step (``eps_runtime.captcha_proveedor``).
  ``desarrollo`` accepts only ``IDENTITY_CAPTCHA_TOKEN_DESARROLLO`` and refuses to start unless
  ``EPS_ENTORNO`` is ``desarrollo`` or ``pruebas``.
"""

from pathlib import Path

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from eps_runtime.captcha_proveedor import CaptchaSettings
from eps_runtime.settings import ServiceSettings, database_url_for
from identity.adapters.secretos_totp import claves_fernet

CLAVE_FIRMA_DESARROLLO = Path(".cache/dev-auth/clave.pem")
CLAVE_TOTP_DESARROLLO = "iPyVSMQdaGlgUbtGREe-vP3tCRGzrEqTxjrLox10a20="


class IdentitySettings(ServiceSettings, CaptchaSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore")

    service_name: str = "identity"
    database_url: str = database_url_for("identity")
    http_port: int = 8002

    portal_url: str = "http://127.0.0.1:8080"
    clave_firma_file: Path | None = None
    secreto: str = "secreto-de-desarrollo-no-usar-en-produccion"
    clave_totp: str = CLAVE_TOTP_DESARROLLO

    # Token buckets of registration (steps 1 and 2): a burst, then one more every N seconds.
    limite_ip_rafaga: int = Field(default=20, ge=1)
    limite_ip_segundos: float = Field(default=6, gt=0)
    limite_documento_rafaga: int = Field(default=8, ge=1)
    limite_documento_segundos: float = Field(default=60, gt=0)

    acceso_minutos: int = Field(default=15, ge=1, le=60)
    sesion_horas: int = Field(default=8, ge=1, le=24 * 30)

    @field_validator("clave_totp")
    @classmethod
    def _clave_totp_valida(cls, valor: str) -> str:
        try:
            claves_fernet(valor)
        except ValueError:
            raise ValueError(
                "IDENTITY_CLAVE_TOTP debe ser una o más claves Fernet (32 bytes en base64 "
                "URL-safe) separadas por comas"
            ) from None
        return valor


class EmpleadoresSettings(BaseSettings):
    """``IDENTITY_EMPLEADORES_*``: the delegate's activation page and the link's lifetime."""

    model_config = SettingsConfigDict(env_prefix="IDENTITY_EMPLEADORES_", extra="ignore")

    url_activacion: str = "http://localhost:8080/delegados/activar"
    vigencia_enlace_horas: int = Field(default=72, ge=1, le=24 * 14)
