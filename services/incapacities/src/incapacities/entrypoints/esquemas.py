"""Request and response bodies (every string bounded)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from eps_contracts.events.incapacities import Contingencia
from incapacities.application.puertos import Fila


class IncapacidadRadicadaRespuesta(BaseModel):
    incapacidad_id: UUID
    folio: int
    estado: str
    prorroga: bool
    prorroga_de: UUID | None
    dias_acumulados: int
    decidir_antes: date
    mensaje: str


class IncapacidadVista(BaseModel):
    """One row of the sheet: Núm. de folio, Contingencia, Fecha de inicio, Núm. días, Días
    acumulados, Prórroga Sí/No, Estado, and the decision's reason and value."""

    incapacidad_id: UUID
    folio: int
    cotizante_id: UUID
    aportante_id: UUID | None
    contingencia: Contingencia
    diagnostico: str
    fecha_inicio: date
    dias: int
    dias_acumulados: int
    prorroga: bool
    estado: str
    decidir_antes: date
    pagar_antes: date | None
    motivo: str | None
    valor_eps: int | None
    version: int

    @classmethod
    def de(cls, f: Fila) -> IncapacidadVista:
        return cls(
            incapacidad_id=f.incapacidad_id,
            folio=f.folio,
            cotizante_id=f.cotizante_id,
            aportante_id=f.aportante_id,
            contingencia=f.contingencia,
            diagnostico=f.diagnostico,
            fecha_inicio=f.fecha_inicio,
            dias=f.dias,
            dias_acumulados=f.dias_acumulados,
            prorroga=f.prorroga_de is not None,
            estado=f.estado,
            decidir_antes=f.decidir_antes,
            pagar_antes=f.pagar_antes,
            motivo=f.motivo,
            valor_eps=f.valor_eps,
            version=f.version,
        )


class Desacuerdo(BaseModel):
    model_config = ConfigDict(extra="forbid")

    motivo: str = Field(min_length=5, max_length=500, description="Motivo del desacuerdo.")


class LotePago(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lote: Annotated[str, Field(pattern=r"^[0-9A-Z-]{1,20}$")]
    fecha_pago: date
    incapacidades: list[UUID] = Field(min_length=1, max_length=500)


class DiagnosticoVista(BaseModel):
    codigo: str
    descripcion: str
    grupo: str


class CuentaReembolsoCuerpo(BaseModel):
    """Registro de pago de incapacidades: the account the EPS pays reimbursements into."""

    model_config = ConfigDict(extra="forbid")

    banco: str = Field(min_length=2, max_length=80, description="Banco.")
    tipo_cuenta: Literal["AHORROS", "CORRIENTE"]
    numero: str = Field(pattern=r"^[0-9]{6,20}$", description="Número de cuenta (dígitos).")


class CuentaReembolsoVista(BaseModel):
    banco: str
    tipo_cuenta: str
    numero: str = Field(description="Enmascarado: solo los últimos 4 dígitos.")
