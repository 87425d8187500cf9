"""Request and response bodies; every string is bounded and validated."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

Cups = Annotated[str, Field(pattern=r"^[0-9A-Z]{4,10}$", description="Código CUPS.")]
TextoCorto = Annotated[str, Field(min_length=1, max_length=200)]
Motivo = Annotated[str, Field(min_length=3, max_length=500)]
Telefono = Annotated[str, Field(pattern=r"^[0-9 +-]{7,20}$")]


class _Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PresolicitudRadicada(BaseModel):
    presolicitud_id: UUID
    consecutivo: int
    mensaje: str
    version: int


class FilaSolicitudVista(BaseModel):
    presolicitud_id: UUID
    consecutivo: int
    ops_id: UUID | None
    numero_autorizacion: str | None
    prestacion: str | None
    estado: str
    proveedor: str | None
    vence_el: date | None
    valor_cuota: int
    observaciones: str | None
    puede_descargar: bool
    puede_pagar: bool


class MisSolicitudes(BaseModel):
    afiliado_id: UUID
    solicitudes: list[FilaSolicitudVista]


class Toma(_Cuerpo):
    prioritaria: bool = False
    version: int | None = Field(default=None, ge=1)


class ServicioAutorizado(_Cuerpo):
    cups_codigo: Cups
    prestador_nombre: TextoCorto
    prestador_ciudad: TextoCorto | None = None
    prestador_direccion: TextoCorto | None = None
    prestador_telefono: Telefono | None = None


class ServicioNegadoCuerpo(_Cuerpo):
    cups_codigo: Cups
    motivo: Motivo


class Decision(_Cuerpo):
    version: int | None = Field(default=None, ge=1)
    autorizar: list[ServicioAutorizado] = Field(default_factory=list, max_length=20)
    negar: list[ServicioNegadoCuerpo] = Field(default_factory=list, max_length=20)


class Anulacion(_Cuerpo):
    version: int | None = Field(default=None, ge=1)
    motivo: Motivo


class Cambio(BaseModel):
    id: UUID
    version: int
    ops_ids: list[UUID] = []


class FilaColaVista(BaseModel):
    presolicitud_id: UUID
    afiliado_id: UUID
    consecutivo: int
    plan: str
    estado: str
    prioritaria: bool
    responder_antes_de: datetime
    vencida: bool
    por_vencer: bool
    version: int


class Cola(BaseModel):
    presolicitudes: list[FilaColaVista]


class FilaCuotaVista(BaseModel):
    numero_autorizacion: str | None
    prestacion: str | None
    concepto: str | None
    valor: int
    estado: str
    motivo: str | None
    en: datetime | None


class HistoricoCuotas(BaseModel):
    afiliado_id: UUID
    registros: list[FilaCuotaVista]
    total: int
    pagina: int
    mensaje: str


class FilaMIPRESVista(BaseModel):
    prescripcion_id: UUID
    numero_prescripcion: str
    tipo_tecnologia: str
    descripcion: str
    cantidad: int
    fecha_maxima_entrega: date
    estado: str


class MisPrescripciones(BaseModel):
    afiliado_id: UUID
    prescripciones: list[FilaMIPRESVista]
    mensaje: str | None
