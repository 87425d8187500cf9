"""The billing service's settings: ``BILLING_*`` variables, plus the shared Kafka ones."""

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for

SECRETO_DESARROLLO = "secreto-de-desarrollo-de-la-pasarela"
"""The simulator's and the service's shared key in the local stack; a deployment sets its
own ``BILLING_PASARELA_SECRETO`` (the gateway's)."""


class BillingSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="BILLING_", extra="ignore")

    service_name: str = "billing"
    database_url: str = database_url_for("billing")
    http_port: int = 8004
    pasarela_url: str = "http://127.0.0.1:8090"
    """The payment gateway (the simulator in the local stack)."""
    pasarela_secreto: SecretStr = SecretStr(SECRETO_DESARROLLO)
    """Key of the HMAC-SHA256 signature of the gateway's notifications."""
    pasarela_timeout_s: float = Field(default=10.0, gt=0, le=60)
    url_notificaciones: str | None = None
    """Where the gateway posts its signed notifications; by default this API's
    ``/pasarela/notificaciones`` on ``http_host:http_port``."""
    url_retorno: str | None = None
    """Where the gateway sends the affiliate back (the portal's page); by default the
    portal's ``/mi-cuenta/pagos/retorno`` at ``PORTAL_URL_PUBLICA``. Fixed here, never
    taken from a request, so the payment flow cannot be turned into an open redirect."""
    portal_url_publica: str = Field(
        default="http://127.0.0.1:8080", validation_alias="PORTAL_URL_PUBLICA"
    )
    reconsulta_minutos: int = Field(default=7, ge=1, le=120)
    """A transaction without final state this long after creation is queried (PSE)."""
    reconsulta_cada_s: float = Field(default=30.0, gt=0, le=3600)

    def url_retorno_efectiva(self) -> str:
        if self.url_retorno:
            return self.url_retorno
        return self.portal_url_publica.rstrip("/") + "/mi-cuenta/pagos/retorno"

    def url_notificaciones_efectiva(self) -> str:
        if self.url_notificaciones:
            return self.url_notificaciones
        return f"http://{self.http_host}:{self.http_port}/pasarela/notificaciones"
