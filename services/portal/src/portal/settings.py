"""The portal service's settings: ``PORTAL_*`` variables, plus the shared Kafka ones.

- ``PORTAL_AFFILIATION_URL``, ``PORTAL_IDENTITY_URL``: the services the portal calls for
  the user (web pages) and routes to (``/api/<service>/…``).
- ``PORTAL_URL_PUBLICA``: where browsers reach the portal; CSRF checks the ``Origin`` of
  form posts against it.
- ``PORTAL_COOKIE_SEGURA``: the session cookie's ``Secure`` flag (on by default; browsers
  accept Secure cookies from http://127.0.0.1 and http://localhost).
- ``PORTAL_CLAVE_SESIONES``: Fernet key that encrypts the tokens kept server-side. The
  default is for development only.
- ``PORTAL_ORIGENES_CORS``: other origins allowed to call the JSON API with credentials.
"""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class PortalSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="PORTAL_", extra="ignore")

    service_name: str = "portal"
    database_url: str = database_url_for("portal")
    http_port: int = 8080

    affiliation_url: str = "http://127.0.0.1:8001"
    identity_url: str = "http://127.0.0.1:8002"
    url_publica: str = "http://127.0.0.1:8080"
    cookie_segura: bool = True
    clave_sesiones: str = "cG9ydGFsLWRlc2Fycm9sbG8tbm8tdXNhci1lbi1wcmQ="
    origenes_cors: list[str] = Field(default_factory=list)
    sesion_minutos_inactividad: int = Field(default=30, ge=1, le=24 * 60)

    # How long a dashboard request may wait for a version it was asked for (fresh after a
    # write) before answering with what it has.
    espera_version_max_s: float = Field(default=5.0, gt=0, le=30)
