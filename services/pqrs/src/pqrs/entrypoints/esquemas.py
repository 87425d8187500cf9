"""Request and response bodies of the PQRS API. Every string is bounded; unknown fields are
refused (422)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Annotated
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field

from eps_contracts.events.pqrs import (
    LONGITUD_MAXIMA_DESCRIPCION,
    Canal,
    Riesgo,
    TipoRadicante,
    TipoSolicitud,
)
from eps_contracts.types import Email

RadicadoTexto = Annotated[
    str, Field(min_length=6, max_length=15, pattern=r"^[0-9]{4}-[0-9]{1,10}$")
]
CodigoTexto = Annotated[str, Field(min_length=1, max_length=32, pattern=r"^[A-Za-z0-9]+$")]
Identificador = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9._@-]+$")]
Area = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,40}$")]
Motivo = Annotated[str, Field(min_length=3, max_length=500)]
TextoLargo = Annotated[str, Field(min_length=1, max_length=LONGITUD_MAXIMA_DESCRIPCION)]
Estrellas = Annotated[int, Field(ge=1, le=5)]


class _Cuerpo(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Radicacion(BaseModel):
    solicitud_id: UUID
    radicado: str
    mensaje: str
    vence_en: datetime | None
    codigo_consulta: str | None = Field(
        default=None,
        description="Solo en solicitudes anónimas: guárdelo, no se muestra de nuevo.",
    )


class AdjuntoVista(BaseModel):
    adjunto_id: UUID
    nombre: str
    tipo_mime: str
    tamano_bytes: int


class SolicitudVista(BaseModel):
    """Manual §4.5, «Resultado de la consulta». Texts are plain text: render them escaped."""

    solicitud_id: UUID
    radicado: str
    tipo: TipoSolicitud
    estado: str
    canal: Canal
    descripcion: str
    respuesta: str
    respondida: bool
    radicada_en: datetime
    vence_en: datetime | None
    riesgo: Riesgo | None
    calificacion: int | None
    puede_calificar: bool
    adjuntos: list[AdjuntoVista]
    version: int


class SolicitudBackoffice(SolicitudVista):
    radicante: TipoRadicante
    afiliado_id: UUID | None
    empleador_id: UUID | None
    area: str | None
    operador_id: str | None
    entidad_traslado: str | None
    prorrogada: bool


class FilaVista(BaseModel):
    solicitud_id: UUID
    radicado: str
    tipo: str
    estado: str
    canal: str
    riesgo: str | None
    area: str | None
    operador_id: str | None
    radicada_en: datetime
    vence_en: datetime | None
    unidad_restante: str | None
    restante: int | None
    vencida: bool
    calificacion: int | None
    version: int


class Lista(BaseModel):
    solicitudes: list[FilaVista]


class EventoVista(BaseModel):
    version: int
    tipo: str
    registrado_en: datetime
    datos: dict[str, object]


class Historial(BaseModel):
    radicado: str
    eventos: list[EventoVista]


class Calificacion(_Cuerpo):
    estrellas: Estrellas


class ConsultaAnonima(_Cuerpo):
    radicado: RadicadoTexto
    codigo: CodigoTexto


class CalificacionAnonima(ConsultaAnonima):
    estrellas: Estrellas


class Encuesta(_Cuerpo):
    """Manual §4.6: four questions, 1 to 5 each, and an optional comment."""

    facilidad: Estrellas = Field(description="Facilidad de uso del canal.")
    tiempo: Estrellas = Field(description="Tiempo para completar la gestión.")
    claridad: Estrellas = Field(description="Claridad de la información.")
    satisfaccion: Estrellas = Field(description="Satisfacción general.")
    comentario: Annotated[str, Field(max_length=500)] | None = None


class ResumenEncuestaVista(BaseModel):
    periodo: str
    respuestas: int
    promedios: dict[str, float]


class ResumenEncuestas(BaseModel):
    periodos: list[ResumenEncuestaVista]


class RadicacionBackoffice(_Cuerpo):
    """A solicitud received by phone, in person or by e-mail, registered by back office."""

    tipo: TipoSolicitud
    canal: Canal
    descripcion: TextoLargo
    afiliado_id: UUID | None = None
    email_respuesta: Email | None = None


class Asignacion(_Cuerpo):
    area: Area
    operador_id: Identificador


class Clasificacion(_Cuerpo):
    riesgo: Riesgo


class Prorroga(_Cuerpo):
    motivo: Motivo
    nueva_fecha: date


class Traslado(_Cuerpo):
    entidad: Annotated[str, Field(min_length=2, max_length=200)]
    motivo: Motivo


class Respuesta(_Cuerpo):
    respuesta: TextoLargo


class Cambio(BaseModel):
    solicitud_id: UUID
    version: int
    mensaje: str


class Mensaje(BaseModel):
    mensaje: str
