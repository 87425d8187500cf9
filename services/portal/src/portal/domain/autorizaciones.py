"""The authorizations section of the dashboard: the affiliate's OPS in force (manual 4.2.2)."""

from datetime import date
from uuid import UUID

from pydantic import BaseModel, Field


class OPSResumen(BaseModel):
    ops_id: UUID
    numero_autorizacion: str
    prestacion: str
    prestador: str
    estado: str = Field(description="AUTORIZADA (por pagar) o ENTREGADA (lista para usar).")
    valor_cuota: int
    vence_el: date


class ResumenAutorizaciones(BaseModel):
    por_pagar: list[OPSResumen] = Field(default_factory=list)
    """AUTORIZADA with a cuota: pay it in «Pagos de cuotas» to get the OPS."""
    entregadas: list[OPSResumen] = Field(default_factory=list)
    """ENTREGADA and not expired: the OPS can be downloaded and used."""
