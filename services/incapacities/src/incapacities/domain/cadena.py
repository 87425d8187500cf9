"""Prórrogas and overlaps, over the periods a cotizante already has on file."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from uuid import UUID

from eps_contracts.events.incapacities import Contingencia
from incapacities.domain.errores import IncapacidadSuperpuesta


@dataclass(frozen=True)
class Periodo:
    """An incapacity already filed for the cotizante (any state but RECHAZADA)."""

    incapacidad_id: UUID
    contingencia: Contingencia
    grupo: str
    inicio: date
    dias: int
    dias_acumulados: int

    @property
    def fin(self) -> date:
        return self.inicio + timedelta(days=self.dias - 1)


@dataclass(frozen=True)
class Encadenamiento:
    prorroga_de: UUID | None
    dias_previos: int


def fin(inicio: date, dias: int) -> date:
    return inicio + timedelta(days=dias - 1)


def encadenar(
    existentes: list[Periodo],
    contingencia: Contingencia,
    grupo: str,
    inicio: date,
    dias: int,
    dias_prorroga: int,
) -> Encadenamiento:
    """Refuses an overlap with any period on file; else says whether the new certificate
    extends one (same contingencia and CIE-10 group, starting within ``dias_prorroga``
    calendar days after the previous end), continuing its day count."""
    nuevo_fin = fin(inicio, dias)
    for p in existentes:
        if p.inicio <= nuevo_fin and inicio <= p.fin:
            raise IncapacidadSuperpuesta(
                "Las fechas se cruzan con otra incapacidad ya radicada para este cotizante "
                f"(del {p.inicio.isoformat()} al {p.fin.isoformat()})."
            )
    if contingencia is not Contingencia.ENFERMEDAD_GENERAL:
        return Encadenamiento(None, 0)
    candidatas = [
        p
        for p in existentes
        if p.contingencia is Contingencia.ENFERMEDAD_GENERAL
        and p.grupo == grupo
        and p.fin < inicio
        and (inicio - p.fin).days <= dias_prorroga
    ]
    if not candidatas:
        return Encadenamiento(None, 0)
    previa = max(candidatas, key=lambda p: p.fin)
    return Encadenamiento(previa.incapacidad_id, previa.dias_acumulados)
