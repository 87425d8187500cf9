"""Deadline compliance: how many cases of a legal term were answered on time, late, or are
still open (and whether already late), with the median and p90 of the response time, per
month the case started in (Bogotá).

A term (``Plazo``) is named by the events that open and close its cases, on the same
aggregate (the case is the aggregate: a presolicitud, a PQRS, an incapacity), and its length
in calendar or business days (Colombian holidays, ``eps_runtime.calendario``). The terms are
configuration (``PLAZOS``): a service whose contract names its events differently edits
one line, and a term whose events do not exist yet reports zero cases.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from uuid import UUID

from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.calendario import vencimiento_en_dias_calendario, vencimiento_en_dias_habiles


@dataclass(frozen=True)
class Plazo:
    codigo: str
    nombre: str
    inicio: str
    """Event name (``ce_type``'s name part, any version) that opens a case."""
    fin: tuple[str, ...]
    """Event names that close it (the first one counts)."""
    dias: int
    habiles: bool
    fuente: str

    def vence(self, inicio: datetime) -> datetime:
        if self.habiles:
            return vencimiento_en_dias_habiles(inicio, self.dias)
        return vencimiento_en_dias_calendario(inicio, self.dias)


PLAZOS: tuple[Plazo, ...] = (
    Plazo(
        "presolicitudes",
        "Presolicitudes respondidas en 5 días calendario",
        "PresolicitudCreada",
        ("PresolicitudGestionada", "OPSAutorizada", "OPSNegada"),
        5,
        False,
        "Autorizaciones médicas: respuesta en 5 días calendario (2 si es prioritaria; "
        "DESIGN §8). Las prioritarias aún no se distinguen.",
    ),
    Plazo(
        "pqrs",
        "PQRS (peticiones) respondidas en 15 días hábiles",
        "PQRSRadicada",
        ("PQRSRespondida",),
        15,
        True,
        "Ley 1755 de 2015, art. 14: peticiones en 15 días hábiles (DESIGN §8).",
    ),
    Plazo(
        "incapacidades-decision",
        "Incapacidades decididas en 15 días hábiles",
        "IncapacidadRadicada",
        ("IncapacidadLiquidada", "IncapacidadRechazada"),
        15,
        True,
        "Decisión en 15 días hábiles (Decreto 1427 de 2022, DESIGN §8b).",
    ),
    Plazo(
        "incapacidades-pago",
        "Incapacidades pagadas en 5 días hábiles",
        "IncapacidadLiquidada",
        ("IncapacidadPagada",),
        5,
        True,
        "Pago en 5 días hábiles después de decidir (Decreto 1427 de 2022, DESIGN §8b).",
    ),
)


@dataclass(frozen=True)
class Caso:
    caso_id: UUID
    inicio: datetime
    fin: datetime | None


@dataclass(frozen=True)
class Cumplimiento:
    plazo: str
    mes: str
    a_tiempo: int
    tarde: int
    abiertos: int
    abiertos_vencidos: int
    mediana_dias: float | None
    p90_dias: float | None
    tarde_ids: tuple[UUID, ...]
    """The cases answered late or open and late (for the drill-down)."""


def _p90(valores: list[float]) -> float:
    if len(valores) == 1:
        return valores[0]
    return statistics.quantiles(valores, n=10, method="inclusive")[-1]


def cumplimiento(plazo: Plazo, casos: Iterable[Caso], ahora: datetime) -> list[Cumplimiento]:
    """Per month the cases started in (Bogotá), oldest first."""
    por_mes: dict[str, list[Caso]] = {}
    for caso in casos:
        por_mes.setdefault(caso.inicio.astimezone(ZONA_COLOMBIA).strftime("%Y-%m"), []).append(caso)
    resultado = []
    for mes in sorted(por_mes):
        a_tiempo = tarde = abiertos = vencidos = 0
        tiempos: list[float] = []
        tarde_ids: list[UUID] = []
        for caso in por_mes[mes]:
            vence = plazo.vence(caso.inicio)
            if caso.fin is None:
                abiertos += 1
                if ahora > vence:
                    vencidos += 1
                    tarde_ids.append(caso.caso_id)
                continue
            tiempos.append((caso.fin - caso.inicio).total_seconds() / 86400)
            if caso.fin <= vence:
                a_tiempo += 1
            else:
                tarde += 1
                tarde_ids.append(caso.caso_id)
        resultado.append(
            Cumplimiento(
                plazo=plazo.codigo,
                mes=mes,
                a_tiempo=a_tiempo,
                tarde=tarde,
                abiertos=abiertos,
                abiertos_vencidos=vencidos,
                mediana_dias=round(statistics.median(tiempos), 2) if tiempos else None,
                p90_dias=round(_p90(tiempos), 2) if tiempos else None,
                tarde_ids=tuple(tarde_ids),
            )
        )
    return resultado
