"""The PQRS service's settings: ``PQRS_*`` variables, plus the shared Kafka ones.

``PQRS_CAPTCHA_PROVEEDOR`` / ``_SECRETO`` / ``_URL_VERIFICACION`` verify the anonymous filing's
«No soy un robot» (``eps_runtime.captcha_proveedor``, as identity's ``IDENTITY_CAPTCHA_*``).
"""

from pathlib import Path

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from eps_runtime.captcha_proveedor import CaptchaSettings
from eps_runtime.settings import ServiceSettings, database_url_for


class PqrsSettings(ServiceSettings, CaptchaSettings):
    model_config = SettingsConfigDict(env_prefix="PQRS_", extra="ignore")

    service_name: str = "pqrs"
    database_url: str = database_url_for("pqrs")
    http_port: int = 8006
    archivos_dir: Path = Path(".cache/pqrs/archivos")
    """Private storage of attachments: never under a served folder."""
    secreto_codigos: str = Field(default="desarrollo-pqrs-no-usar-en-produccion", min_length=16)
    """Keys the hash of anonymous consultation codes (a real secret in production)."""
    proxies_confiables: list[str] = Field(default_factory=list)
    """Addresses of our own reverse proxies (the portal's gateway): from them, the client is
    the last address of ``X-Forwarded-For`` not in this list (rate limits of anonymous
    endpoints). Empty: the connection's address, whatever a header says."""
    vencimientos_segundos: float = Field(default=60.0, gt=0)
    """How often the deadlines worker looks for missed deadlines."""
