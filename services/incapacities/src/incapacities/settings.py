"""The incapacities service's settings: ``INCAPACITIES_*`` variables, plus the shared ones."""

from pathlib import Path

from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class IncapacitiesSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="INCAPACITIES_", extra="ignore")

    service_name: str = "incapacities"
    database_url: str = database_url_for("incapacities")
    http_port: int = 8005
    archivos_dir: Path = Path(".cache/incapacities/archivos")
    """Private storage of the medical certificates: never under a served folder."""
    vigilancia_intervalo_s: float = 300.0
    """How often the vigilante looks for late decisions and payments."""
