"""Request and response bodies of billing's API. Every string is bounded and validated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Literal
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from eps_contracts.types import MedioPago


class _Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PagoEntrada(_Cuerpo):
    afiliado_id: UUID = Field(description="A quién pertenece la orden (usted o un menor suyo).")
    medio: MedioPago = Field(description="PSE (débito a cuenta) o tarjeta de crédito.")
    banco: str | None = Field(
        default=None,
        pattern=r"^[0-9A-Z]{1,10}$",
        max_length=10,
        description="Código del banco, de GET /pagos/bancos (obligatorio con PSE).",
    )
    tipo_persona: Literal["NATURAL", "JURIDICA"] = Field(
        default="NATURAL", description="Tipo de persona titular de la cuenta (PSE)."
    )


class PagoCreado(BaseModel):
    transaccion_id: UUID
    obligacion_id: UUID
    estado: str
    url_pago: str | None = Field(
        description="Página de la pasarela a la que se envía al afiliado (si está pendiente)."
    )


class TransaccionVista(BaseModel):
    transaccion_id: UUID
    estado: str
    medio: str
    valor: int
    valor_texto: str
    recibo: str | None
    motivo: str | None
    iniciada_en: datetime
    finalizada_en: datetime | None


class ObligacionVista(BaseModel):
    obligacion_id: UUID
    afiliado_id: UUID
    ops_id: UUID | None
    numero_autorizacion: str | None
    concepto: str
    descripcion: str
    valor: int
    valor_texto: str = Field(description="El valor como lo muestra el portal: $20.100.")
    vence_el: date | None
    estado: str
    se_puede_pagar: bool
    creada_en: datetime
    transacciones: list[TransaccionVista] = Field(default_factory=list)


class PaginaObligaciones(BaseModel):
    obligaciones: list[ObligacionVista]
    total: int
    pagina: int
    tamano: int


class MovimientoVista(BaseModel):
    """One line of «Listado de pagos cuotas moderadoras y copagos» (manual §4.2.4)."""

    recibo: str | None
    numero_autorizacion: str | None
    valor: int
    valor_texto: str
    concepto: str
    fecha: datetime
    estado: str
    observaciones: str | None
    transaccion_id: UUID
    obligacion_id: UUID


class PaginaHistorial(BaseModel):
    movimientos: list[MovimientoVista]
    total: int
    pagina: int
    tamano: int


class BancoVista(BaseModel):
    codigo: str
    nombre: str


class FacturaVista(BaseModel):
    obligacion_id: UUID = Field(description="Se paga con POST /mi/cuotas/{obligacion_id}/pagos.")
    numero_factura: str | None
    periodo: str | None
    descripcion: str
    valor: int
    valor_texto: str
    vence_el: date | None
    referencia_pago: str | None
    estado: str
    se_puede_pagar: bool


class PaginaFacturas(BaseModel):
    facturas: list[FacturaVista]
    total: int
    pagina: int
    tamano: int
