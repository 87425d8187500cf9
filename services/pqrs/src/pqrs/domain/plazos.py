"""Legal deadlines of a solicitud, computed at filing and stored with it.

- Ley 1755 de 2015, art. 14, in business days (Colombian holidays excluded, from
  ``eps_runtime.calendario``): peticiones (and quejas, reclamos and denuncias, which are
  peticiones) 15, information or documents 10, consultas 30. Felicitaciones and sugerencias
  have no legal deadline.
- Health-service claims classified by risk (Supersalud, 2023): vital 24 hours, priorizado 48
  hours, simple 72 hours, on the calendar clock from the filing instant.
- An extension (art. 14, parágrafo): before the deadline, with notice, up to double the
  initial term counted from the filing (``maximo_prorroga``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from eps_contracts.events.pqrs import Riesgo, TipoSolicitud, UnidadPlazo
from eps_runtime.calendario import vencimiento_en_dias_habiles, vencimiento_en_horas

DIAS_HABILES: dict[TipoSolicitud, int] = {
    TipoSolicitud.PETICION_PARTICULAR: 15,
    TipoSolicitud.PETICION_GENERAL: 15,
    TipoSolicitud.QUEJA: 15,
    TipoSolicitud.RECLAMO: 15,
    TipoSolicitud.DENUNCIA: 15,
    TipoSolicitud.SOLICITUD_INFORMACION: 10,
    TipoSolicitud.CONSULTA: 30,
}
"""Business days to answer each type (types absent have no deadline)."""

HORAS_POR_RIESGO: dict[Riesgo, int] = {Riesgo.VITAL: 24, Riesgo.PRIORIZADO: 48, Riesgo.SIMPLE: 72}

TIPOS_CON_RIESGO = frozenset({TipoSolicitud.QUEJA, TipoSolicitud.RECLAMO})
"""Health-service claims: the only types an operator classifies by risk."""


@dataclass(frozen=True)
class Plazo:
    unidad: UnidadPlazo
    cantidad: int
    vence_en: datetime


def plazo_legal(tipo: TipoSolicitud, radicada_en: datetime) -> Plazo | None:
    """The deadline of a solicitud of ``tipo`` filed at ``radicada_en`` (None: no term)."""
    dias = DIAS_HABILES.get(tipo)
    if dias is None:
        return None
    return Plazo(UnidadPlazo.DIAS_HABILES, dias, vencimiento_en_dias_habiles(radicada_en, dias))


def plazo_por_riesgo(riesgo: Riesgo, radicada_en: datetime) -> Plazo:
    horas = HORAS_POR_RIESGO[riesgo]
    return Plazo(UnidadPlazo.HORAS, horas, vencimiento_en_horas(radicada_en, horas))


def maximo_prorroga(tipo: TipoSolicitud, radicada_en: datetime) -> datetime | None:
    """The latest deadline an extension may set (None: the type admits none)."""
    dias = DIAS_HABILES.get(tipo)
    if dias is None:
        return None
    return vencimiento_en_dias_habiles(radicada_en, 2 * dias)
