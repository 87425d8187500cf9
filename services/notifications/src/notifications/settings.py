"""The notifications service's settings: ``NOTIFICATIONS_*`` variables, plus the shared ones.

The link key is ``ENLACES_CLAVE`` (``eps_runtime.enlaces``), shared with identity only.
"""

from typing import Literal

from pydantic import Field, SecretStr
from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class NotificationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="NOTIFICATIONS_", extra="ignore")

    service_name: str = "notifications"
    database_url: str = database_url_for("notifications")

    # Where the e-mails go out: by default the local sink
    # (python -m notifications.dev.sink servir).
    smtp_host: str = "127.0.0.1"
    smtp_port: int = Field(default=1025, ge=1, le=65535)
    # "ninguno" (the local sink), "starttls" (port 587) or "implicito" (SMTPS, port 465).
    smtp_tls: Literal["ninguno", "starttls", "implicito"] = "ninguno"
    smtp_usuario: str | None = None
    smtp_clave: SecretStr | None = None
    smtp_timeout_segundos: float = Field(default=30.0, gt=0)
    remitente: str = "Oficina Virtual EPS <no-responder@oficinavirtual.eps.example>"

    # The sender worker: rows per pass, pause when nothing is due, backoff while SMTP fails.
    enviador_lote: int = Field(default=50, ge=1, le=1000)
    enviador_espera_segundos: float = Field(default=0.5, gt=0)
    enviador_backoff_base_segundos: float = Field(default=2.0, gt=0)
    enviador_backoff_max_segundos: float = Field(default=600.0, gt=0)
