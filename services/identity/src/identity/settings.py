"""The identity service's settings: ``IDENTITY_*`` variables, plus the shared Kafka ones."""

from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class IdentitySettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="IDENTITY_", extra="ignore")

    service_name: str = "identity"
    database_url: str = database_url_for("identity")
    http_port: int = 8002
