"""The PQRS section of the dashboard: the affiliate's open requests and their state."""

from datetime import datetime

from pydantic import BaseModel


class SolicitudPQRSResumen(BaseModel):
    radicado: str
    tipo: str
    estado: str
    radicada_en: datetime
    vence_en: datetime | None = None


class ResumenPQRS(BaseModel):
    abiertas: list[SolicitudPQRSResumen]
    """RADICADA, ASIGNADA or EN_GESTION, oldest first."""
    por_calificar: int = 0
    """FINALIZADA and not rated yet."""
