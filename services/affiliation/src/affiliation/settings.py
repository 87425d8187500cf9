"""The affiliation service's settings: ``AFFILIATION_*`` variables, plus the shared Kafka ones."""

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class AffiliationSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AFFILIATION_", extra="ignore")

    service_name: str = "affiliation"
    database_url: str = database_url_for("affiliation")
    http_port: int = 8001
    soportes_dir: Path = Path(".cache/affiliation/soportes")
    """Private storage of uploaded support documents: never under a served folder."""
