"""Response bodies of the auditor's API and the bounds of its query parameters."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import Query
from pydantic import AwareDatetime, BaseModel, Field

from audit.application.modelos import ConsultaRegistrada, EventoArchivado

Cursor = Annotated[
    str | None,
    Query(
        max_length=200,
        pattern=r"^[A-Za-z0-9_-]{1,200}$",
        description="Cursor de la página siguiente (campo `siguiente` de la anterior).",
    ),
]
Limite = Annotated[int, Query(ge=1, le=500, description="Elementos por página.")]
TipoEvento = Annotated[
    str | None,
    Query(
        max_length=120,
        pattern=r"^co\.eps\.[a-z]{2,30}\.[A-Za-z][A-Za-z0-9]{1,80}\.v[0-9]{1,3}$",
        description="Tipo CloudEvents, p. ej. `co.eps.affiliation.AfiliadoRegistrado.v1`.",
    ),
]
Servicio = Annotated[
    str | None,
    Query(max_length=30, pattern=r"^[a-z]{2,30}$", description="Servicio que lo publicó."),
]
Sujeto = Annotated[UUID | None, Query(description="Agregado (ce_subject).")]
Desde = Annotated[AwareDatetime | None, Query(description="Desde (incluido), con zona horaria.")]
Hasta = Annotated[AwareDatetime | None, Query(description="Hasta (excluido), con zona horaria.")]


class EventoRespuesta(BaseModel):
    posicion: int
    topico: str
    particion: int
    desplazamiento: int
    secuencia: int
    evento_id: UUID
    ce_source: str
    ce_type: str
    ce_time: datetime
    ce_subject: UUID
    aggregate_type: str
    aggregate_version: int
    servicio: str
    afiliado_id: UUID | None
    datos: dict[str, Any] | None = Field(description="La carga útil tal como se recibió.")
    hash: str = Field(description="Sello SHA-256 del registro en su cadena (hex).")

    @classmethod
    def de(cls, e: EventoArchivado) -> EventoRespuesta:
        return cls(**e.__dict__)


class PaginaEventos(BaseModel):
    elementos: list[EventoRespuesta]
    siguiente: str | None = Field(description="Cursor de la página siguiente; null al final.")


class ConsultaRespuesta(BaseModel):
    evento_id: UUID
    afiliado_id: UUID
    lector_usuario_id: str = Field(description="Quién consultó.")
    lector_rol: str
    recurso: str = Field(description="Qué datos.")
    operacion: str = Field(description="Por qué: el endpoint que los entregó.")
    servicio: str
    consultado_en: datetime

    @classmethod
    def de(cls, c: ConsultaRegistrada) -> ConsultaRespuesta:
        return cls(**c.__dict__)


class PaginaConsultas(BaseModel):
    elementos: list[ConsultaRespuesta]
    siguiente: str | None
