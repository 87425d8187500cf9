"""Colombian legal terms: business days, calendar days and hours, on Colombia's clock.

Holidays come from the maintained ``holidays`` package (its ``CO`` calendar: fixed dates, the
Ley 51 de 1983 "Emiliani" moves to Monday, Holy Week and the Easter-based Mondays), never
from a list of our own. Every service that computes a legal deadline (PQRS under Ley 1755 de
2015, incapacities under Decreto 1427 de 2022, authorizations) uses this module.

Conventions (Ley 1755 de 2015, art. 14; Código General del Proceso, art. 118): a term in
days starts the day after the filing, and a term in business days counts only business
days, so a request filed on a Friday at 16:59 or on a holiday starts counting on the next
business day; a term ends at the end (23:59:59, Bogotá) of its last day. Terms in hours
(health-risk PQRS: 24, 48, 72 h) run on the calendar clock from the filing instant.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from functools import lru_cache

import holidays

from eps_contracts.nombres import ZONA_COLOMBIA

_FIN_DEL_DIA = time(23, 59, 59, 999999)


@lru_cache(maxsize=64)
def _festivos(anio: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("CO", years=anio, observed=True))


def festivos(anio: int) -> dict[date, str]:
    """The holidays of ``anio`` in Colombia with their names (as the library spells them)."""
    return dict(sorted(holidays.country_holidays("CO", years=anio, observed=True).items()))


def es_festivo(dia: date) -> bool:
    return dia in _festivos(dia.year)


def es_dia_habil(dia: date) -> bool:
    """Monday to Friday and not a holiday."""
    return dia.weekday() < 5 and not es_festivo(dia)


def fecha_colombia(instante: datetime) -> date:
    """The date in Colombia of an aware instant."""
    if instante.tzinfo is None:
        raise ValueError("el instante debe tener zona horaria")
    return instante.astimezone(ZONA_COLOMBIA).date()


def sumar_dias_habiles(desde: date, dias: int) -> date:
    """The ``dias``-th business day after ``desde`` (``desde`` itself never counts)."""
    if dias < 0:
        raise ValueError("los días deben ser cero o más")
    dia = desde
    contados = 0
    while contados < dias:
        dia += timedelta(days=1)
        if es_dia_habil(dia):
            contados += 1
    return dia


def dias_habiles_entre(desde: date, hasta: date) -> int:
    """Business days in ``(desde, hasta]``; negative when ``hasta`` is before ``desde``."""
    if hasta < desde:
        return -dias_habiles_entre(hasta, desde)
    return sum(1 for n in range(1, (hasta - desde).days + 1) if es_dia_habil(desde + timedelta(n)))


def fin_del_dia(dia: date) -> datetime:
    """The last instant of ``dia`` in Bogotá (aware)."""
    return datetime.combine(dia, _FIN_DEL_DIA, tzinfo=ZONA_COLOMBIA)


def vencimiento_en_dias_habiles(radicado_en: datetime, dias: int) -> datetime:
    """When a term of ``dias`` business days that starts at ``radicado_en`` ends."""
    return fin_del_dia(sumar_dias_habiles(fecha_colombia(radicado_en), dias))


def vencimiento_en_dias_calendario(radicado_en: datetime, dias: int) -> datetime:
    """When a term of ``dias`` calendar days that starts at ``radicado_en`` ends."""
    if dias < 0:
        raise ValueError("los días deben ser cero o más")
    return fin_del_dia(fecha_colombia(radicado_en) + timedelta(days=dias))


def vencimiento_en_horas(radicado_en: datetime, horas: int) -> datetime:
    """``horas`` calendar hours after ``radicado_en`` (the same instant, Bogotá's zone)."""
    if radicado_en.tzinfo is None:
        raise ValueError("el instante debe tener zona horaria")
    return (radicado_en + timedelta(hours=horas)).astimezone(ZONA_COLOMBIA)


def dias_habiles_restantes(ahora: datetime, vence: datetime) -> int:
    """Business days left from today (Bogotá) until ``vence``'s date; negative when late."""
    return dias_habiles_entre(fecha_colombia(ahora), fecha_colombia(vence))
