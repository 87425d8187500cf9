"""Settings read from environment variables, one prefix per service."""

from __future__ import annotations

from typing import Literal

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_KAFKA = "127.0.0.1:9092"

Entorno = Literal["desarrollo", "pruebas", "produccion"]
ENTORNOS_DE_DESARROLLO: frozenset[str] = frozenset({"desarrollo", "pruebas"})
"""Where development-only adapters (the fixed-token CAPTCHA) may run: never by default."""


def database_url_for(service: str, host: str = "127.0.0.1", port: int = 55432) -> str:
    """The local development URL of a service's own database (see scripts/infra/postgres.sh)."""
    return f"postgresql+asyncpg://eps:eps@{host}:{port}/{service}"


class KafkaSettings(BaseSettings):
    """Where Kafka is; shared by every service (``KAFKA_BOOTSTRAP_SERVERS``)."""

    # populate_by_name: tests and tools may pass fields by name as well as by their env alias.
    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    # No service prefix: every service of a deployment talks to the same cluster.
    kafka_bootstrap_servers: str = Field(
        default=DEFAULT_KAFKA, validation_alias="KAFKA_BOOTSTRAP_SERVERS"
    )

    # Prepended to every topic name, so environments (or test runs, or benchmarks) can share
    # one cluster without reading each other's events.
    topic_prefix: str = Field(default="", validation_alias="EPS_TOPIC_PREFIX")


class ServiceSettings(KafkaSettings):
    """What every service process needs. Subclass with ``env_prefix="<SERVICE>_"``.

    ``DATABASE_URL`` is read with the service prefix (``AFFILIATION_DATABASE_URL``) so that
    one shell can hold the settings of every service at once.
    """

    service_name: str
    database_url: str
    http_host: str = "127.0.0.1"
    http_port: int = 8000
    log_level: str = "INFO"
    relay_batch_size: int = Field(default=500, ge=1, le=10_000)
    relay_poll_seconds: float = Field(default=0.02, gt=0)
    consumer_max_attempts: int = Field(default=5, ge=1)
    consumer_batch_size: int = Field(default=500, ge=1)

    # No service prefix: a process is development, a test run or production as a whole.
    # Unset means production, so a forgotten variable can only make a process refuse a
    # development adapter, never accept one (``scripts/stack.py``, the e2e tests and the
    # benchmarks set ``desarrollo``; the pytest plugin ``pruebas``).
    entorno: Entorno = Field(default="produccion", validation_alias="EPS_ENTORNO")

    @property
    def es_desarrollo(self) -> bool:
        """True only for a process explicitly started as development or as a test."""
        return self.entorno in ENTORNOS_DE_DESARROLLO
