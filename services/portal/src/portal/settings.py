"""The portal service's settings: ``PORTAL_*`` variables, plus the shared Kafka ones.

- ``PORTAL_SERVICIOS``: JSON map service name → base URL of its API, the services the portal
  calls for the user (web pages) and routes to (``/api/<service>/…``); by default every API
  of the local stack. ``PORTAL_AFFILIATION_URL`` / ``PORTAL_IDENTITY_URL`` override one entry.
- ``PORTAL_URL_PUBLICA``: where browsers reach the portal; CSRF checks the ``Origin`` of
  form posts against it.
- ``PORTAL_COOKIE_SEGURA``: the session cookie's ``Secure`` flag (on by default; browsers
  accept Secure cookies from http://127.0.0.1 and http://localhost).
- ``PORTAL_CLAVE_SESIONES``: Fernet key that encrypts the tokens kept server-side. The
  default is for development only.
- ``PORTAL_ORIGENES_CORS``: other origins allowed to call the JSON API with credentials.
- ``PORTAL_POOL_CONEXIONES``: database connections the process keeps open (20).
- ``PORTAL_CAPTCHA_PROVEEDOR`` (``desarrollo`` | ``turnstile`` | ``hcaptcha`` | ``recaptcha``)
  and ``PORTAL_CAPTCHA_CLAVE_SITIO``: the «No soy un robot» widget of every registration step
  and «Olvidé mi contraseña» (the same provider as ``IDENTITY_CAPTCHA_PROVEEDOR``, whose
  secret verifies its tokens). ``desarrollo``, a checkbox, refuses to start unless
  ``EPS_ENTORNO`` is ``desarrollo`` or ``pruebas``.
"""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from eps_runtime.captcha_proveedor import Proveedor
from eps_runtime.settings import ServiceSettings, database_url_for

SERVICIOS_LOCALES = {
    "affiliation": "http://127.0.0.1:8001",
    "identity": "http://127.0.0.1:8002",
    "authorizations": "http://127.0.0.1:8003",
    "billing": "http://127.0.0.1:8004",
    "incapacities": "http://127.0.0.1:8005",
    "pqrs": "http://127.0.0.1:8006",
    "audit": "http://127.0.0.1:8007",
}
"""Where each API listens in the local stack (``[tool.eps] http_port`` of each service)."""


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore")

    service_name: str = "portal"
    database_url: str = database_url_for("portal")
    http_port: int = 8080

    servicios: dict[str, str] = Field(default_factory=lambda: dict(SERVICIOS_LOCALES))
    affiliation_url: str | None = None
    identity_url: str | None = None
    url_publica: str = "http://127.0.0.1:8080"
    cookie_segura: bool = True
    clave_sesiones: str = "cG9ydGFsLWRlc2Fycm9sbG8tbm8tdXNhci1lbi1wcmQ="
    origenes_cors: list[str] = Field(default_factory=list)
    captcha_proveedor: Proveedor = "desarrollo"
    captcha_clave_sitio: str = ""
    """The provider's public site key (it is in every page: not a secret)."""
    sesion_minutos_inactividad: int = Field(default=30, ge=1, le=24 * 60)

    # Connections kept open to the database (and as many more under a burst). Every request
    # beyond what the pool keeps opens a new connection and closes it after use (a PostgreSQL
    # backend started per request); the dashboard is read by every open home page at once.
    pool_conexiones: int = Field(default=20, ge=1, le=100)

    # How long a dashboard request may wait for a version it was asked for (fresh after a
    # write) before answering with what it has.
    espera_version_max_s: float = Field(default=5.0, gt=0, le=30)

    def url_de(self, servicio: str) -> str:
        """The base URL of ``servicio``'s API (``KeyError`` for one the portal does not know)."""
        return self.destinos()[servicio]

    def destinos(self) -> dict[str, str]:
        """Every service the portal reaches, with the single-service overrides applied."""
        destinos = dict(self.servicios)
        if self.affiliation_url:
            destinos["affiliation"] = self.affiliation_url
        if self.identity_url:
            destinos["identity"] = self.identity_url
        return destinos
