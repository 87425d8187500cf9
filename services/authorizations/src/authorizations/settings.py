"""The authorizations service's settings: ``AUTHORIZATIONS_*`` variables, plus Kafka's."""

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class AuthorizationsSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUTHORIZATIONS_", extra="ignore")

    service_name: str = "authorizations"
    database_url: str = database_url_for("authorizations")
    http_port: int = 8003
    archivos_dir: Path = Path(".cache/authorizations/archivos")
    """Private storage of the presolicitudes' attachments: never under a served folder."""
    mipres_url: str | None = None
    """The MIPRES web service (the simulator in development); unset: no polling."""
    mipres_cada_s: float = 30.0
