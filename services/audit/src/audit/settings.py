"""The audit service's settings: ``AUDIT_*`` variables, plus the shared Kafka ones."""

from pydantic import Field
from pydantic_settings import SettingsConfigDict

from eps_runtime.settings import ServiceSettings, database_url_for


class AuditSettings(ServiceSettings):
    model_config = SettingsConfigDict(env_prefix="AUDIT_", extra="ignore")

    service_name: str = "audit"
    database_url: str = database_url_for("audit")
    http_port: int = 8007

    retencion_anios: int = Field(default=15, ge=1, le=100)
    """How long an archived record is kept. 15 years: Resolución 839 de 2017 (Ministerio de
    Salud), art. 1, keeps the historia clínica at least 15 years after the last attention;
    the archive holds the evidence of what was done for each affiliate, so it is kept as long
    as the longest health record it may have to support. Nothing is purged before that."""

    retencion_legal: list[str] = Field(default_factory=list)
    """Legal hold: affiliates (UUIDs) whose records are never purged while held, whatever
    their age (a lawsuit, a Supersalud investigation). ``AUDIT_RETENCION_LEGAL='["…"]'``."""

    pagina_maxima: int = Field(default=500, ge=1, le=5000)
    """The largest page the auditor's API returns."""
