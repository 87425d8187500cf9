"""Whether a filed incapacity gives a right to the subsidy, from what the EPS knows of the
cotizante (affiliation's and billing's events, kept in a local read model)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Aporte:
    periodo: str
    """AAAA-MM."""
    dias_cotizados: int
    ibc: int


@dataclass(frozen=True)
class SituacionCotizante:
    afiliacion_activa: bool
    aportes: tuple[Aporte, ...]
    periodos_en_mora: tuple[str, ...]


@dataclass(frozen=True)
class Negacion:
    rechazo: bool
    """True: RECHAZADA; False: SIN SUBSIDIO."""
    causal: str
    motivo: str


def periodo_de(dia: date) -> str:
    return f"{dia.year:04d}-{dia.month:02d}"


def periodo_anterior(dia: date) -> str:
    anio, mes = (dia.year, dia.month - 1) if dia.month > 1 else (dia.year - 1, 12)
    return f"{anio:04d}-{mes:02d}"


def dias_cotizados_antes(situacion: SituacionCotizante, inicio: date) -> int:
    """Days contributed in the months before the start, each month at most 30."""
    por_periodo: dict[str, int] = {}
    for aporte in situacion.aportes:
        if aporte.periodo < periodo_de(inicio):
            por_periodo[aporte.periodo] = min(
                30, por_periodo.get(aporte.periodo, 0) + aporte.dias_cotizados
            )
    return sum(por_periodo.values())


def ibc_base(situacion: SituacionCotizante, inicio: date) -> int | None:
    """The IBC of the month before the start, or else of the latest month before it."""
    anteriores = sorted(
        (a for a in situacion.aportes if a.periodo < periodo_de(inicio)),
        key=lambda a: a.periodo,
    )
    if not anteriores:
        return None
    del_mes = [a.ibc for a in anteriores if a.periodo == periodo_anterior(inicio)]
    if del_mes:
        return max(del_mes)
    return anteriores[-1].ibc


def negacion(situacion: SituacionCotizante, inicio: date, semanas_minimas: int) -> Negacion | None:
    """The reason the right is denied, or None when it holds."""
    if not situacion.afiliacion_activa:
        return Negacion(
            True,
            "afiliacion-inactiva",
            "El cotizante no tiene una afiliación activa en la EPS.",
        )
    if dias_cotizados_antes(situacion, inicio) < semanas_minimas * 7:
        return Negacion(
            True,
            "semanas-insuficientes",
            f"No cuenta con {semanas_minimas} semanas de cotización antes del inicio de la "
            "incapacidad (Decreto 780 de 2016, art. 2.1.13.4).",
        )
    if any(p < periodo_de(inicio) for p in situacion.periodos_en_mora):
        return Negacion(
            False,
            "mora",
            "El aportante estaba en mora en sus aportes al inicio de la incapacidad: no hay "
            "lugar al pago de la prestación económica.",
        )
    return None
