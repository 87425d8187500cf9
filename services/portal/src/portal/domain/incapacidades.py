"""The dashboard's incapacities section: the cotizante's open incapacities and their state."""

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class IncapacidadAbierta(BaseModel):
    incapacidad_id: UUID
    folio: int
    contingencia: str
    fecha_inicio: date
    dias: int
    estado: str = Field(description="EN TRAMITE o LIQUIDADA (las cerradas no se muestran).")


class ResumenIncapacidades(BaseModel):
    abiertas: list[IncapacidadAbierta] = Field(default_factory=list)
