"""The dashboard's payments section: what the affiliate owes for his OPS and his last
payments (manual §4.2.2, §4.2.4)."""

from datetime import datetime
from uuid import UUID

from pydantic import BaseModel, Field


class CuotaPorPagar(BaseModel):
    obligacion_id: UUID
    numero_autorizacion: str | None = None
    descripcion: str
    valor: int
    estado: str = Field(description="POR_PAGAR o EN_PROCESO (un pago en curso).")
    creada_en: datetime


class PagoReciente(BaseModel):
    obligacion_id: UUID
    numero_autorizacion: str | None = None
    descripcion: str
    valor: int
    recibo: str | None = None
    pagada_en: datetime


class ResumenPagos(BaseModel):
    por_pagar: list[CuotaPorPagar] = Field(default_factory=list)
    total_por_pagar: int = 0
    ultimos_pagos: list[PagoReciente] = Field(default_factory=list)
