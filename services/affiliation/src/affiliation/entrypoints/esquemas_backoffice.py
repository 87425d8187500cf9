"""Request bodies of the back-office routes (novedades, state, documents, IPS, employers)."""

from datetime import date
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, BeforeValidator, Field

from affiliation.entrypoints.esquemas import (
    Celular,
    Condiciones,
    Direccion,
    Divipola,
    Email,
    Nombre,
    NombreOpcional,
    NumeroDocumento,
    Pesos,
    SolicitudRegistro,
    _recortar,
)
from eps_contracts.types import (
    EstadoCivil,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    NivelSisben,
    Parentesco,
    Regimen,
    SubtipoCotizante,
    TipoDocumento,
)

Texto = Annotated[str, BeforeValidator(_recortar), Field(min_length=1, max_length=500)]


class ConVersion(BaseModel):
    version: int | None = Field(
        default=None, ge=1, description="Versión consultada; alternativa al encabezado If-Match."
    )


class SolicitudNovedad(ConVersion):
    """``POST /afiliados/{id}/novedades``: a novedad of the FUAN by its code (1–22).

    Each code reads only its own fields: 1 ``tipo_documento``+``numero_documento``;
    2 the names; 3 ``estado_civil``; 4, 5, 6 ``beneficiario`` (the person to include in
    this cotizante's group); 7, 8, 9–14, 19 ``detalle`` (optional); 15 and 16
    ``nuevo_cotizante_id``+``parentesco``(+``condiciones``); 17 ``subtipo_cotizante``+``ibc``
    (+``empleador_id``); 18 ``empleador_id``+``fecha_ingreso``; 20 ``conyuge_id``;
    21 and 22 ``estudiante_tiempo_completo`` and ``discapacidad_permanente``.
    """

    codigo: int = Field(ge=1, le=22, description="Código de la novedad (FUAN, parte II).")
    tipo_documento: TipoDocumento | None = None
    numero_documento: NumeroDocumento | None = None
    primer_nombre: NombreOpcional = None
    segundo_nombre: NombreOpcional = None
    primer_apellido: NombreOpcional = None
    segundo_apellido: NombreOpcional = None
    estado_civil: EstadoCivil | None = None
    beneficiario: SolicitudRegistro | None = None
    detalle: Texto | None = None
    nuevo_cotizante_id: UUID | None = None
    parentesco: Parentesco | None = None
    condiciones: Condiciones | None = None
    subtipo_cotizante: SubtipoCotizante | None = None
    ibc: Pesos | None = None
    empleador_id: UUID | None = None
    fecha_ingreso: date | None = None
    conyuge_id: UUID | None = None
    estudiante_tiempo_completo: bool | None = None
    discapacidad_permanente: bool | None = None


class SolicitudSuspension(ConVersion):
    motivo: MotivoSuspension
    detalle: Texto | None = None


class SolicitudReactivacion(ConVersion):
    motivo: MotivoReactivacion
    detalle: Texto | None = None


class SolicitudRetiro(ConVersion):
    motivo: MotivoRetiro
    detalle: Texto | None = None


class SolicitudMovilidad(ConVersion):
    regimen: Regimen
    nivel_sisben: NivelSisben
    subtipo_cotizante: SubtipoCotizante | None = None
    ibc: Pesos | None = None


class SolicitudCotizacion(ConVersion):
    subtipo_cotizante: SubtipoCotizante
    ibc: Pesos


class SolicitudVinculo(ConVersion):
    empleador_id: UUID
    fecha_ingreso: date


class SolicitudCambioEmpleador(ConVersion):
    empleador_anterior_id: UUID
    empleador_id: UUID
    fecha: date


class SolicitudPAC(ConVersion):
    plan_codigo: str = Field(pattern=r"^[A-Z0-9-]{2,20}$", description="Código del plan PAC.")
    plan_nombre: Texto
    fecha_inicio: date


class Decision(ConVersion):
    """Approve (``aprobado`` true) or reject with a reason the affiliate will read."""

    aprobado: bool
    motivo: Texto | None = Field(default=None, description="Obligatorio al rechazar.")


class SolicitudEmpleador(BaseModel):
    tipo_documento: str = Field(pattern=r"^(NIT|CC|CE|PA)$")
    numero_documento: str = Field(
        pattern=r"^[0-9]{5,15}$", description="Sin dígito de verificación."
    )
    digito_verificacion: int | None = Field(default=None, ge=0, le=9)
    razon_social: Texto
    email: Email = None
    telefono: Celular = None
    direccion: Direccion = None
    municipio_divipola: Divipola = None
    actividad_economica: str | None = Field(default=None, pattern=r"^[0-9]{4}$")


class CambioEmpleador(ConVersion):
    razon_social: Texto
    email: Email = None
    telefono: Celular = None
    direccion: Direccion = None
    municipio_divipola: Divipola = None


class Confirmacion(BaseModel):
    """What a command left: the affiliate (or employer), its version and any radicado."""

    id: UUID
    version: int
    radicado: str | None = None


__all__ = ["Nombre"]
