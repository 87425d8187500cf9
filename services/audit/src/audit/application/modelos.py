"""What the auditor's queries return and take (plain data)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

T = TypeVar("T")


@dataclass(frozen=True)
class FiltroEventos:
    """A search of the archive; every criterion optional, all of them combined."""

    sujeto: UUID | None = None
    tipo: str | None = None
    servicio: str | None = None
    afiliado_id: UUID | None = None
    desde: datetime | None = None
    hasta: datetime | None = None


@dataclass(frozen=True)
class EventoArchivado:
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
    datos: dict[str, Any] | None
    hash: str


@dataclass(frozen=True)
class ConsultaRegistrada:
    """One read of an affiliate's personal data by someone else."""

    evento_id: UUID
    afiliado_id: UUID
    lector_usuario_id: str
    lector_rol: str
    recurso: str
    operacion: str
    servicio: str
    consultado_en: datetime


@dataclass(frozen=True)
class Pagina(Generic[T]):
    elementos: list[T] = field(default_factory=list)
    siguiente: str | None = None
    """Opaque cursor of the next page; ``None`` on the last one."""
