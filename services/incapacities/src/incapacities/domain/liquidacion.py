"""Liquidation of an incapacity's subsidy (DESIGN.md §8), in integer pesos.

Common illness, counted over the whole prórroga chain: days 1–2 are the employer's (same
2/3 rule, no subsidy); days 3–90 the EPS pays 2/3 (66.67 %) of the daily IBC; days 91–180
50 %; from day 181 the pension fund (AFP) pays, not the EPS. No day is paid below the daily
legal minimum wage (SMLMV / 30). Maternity (18 weeks) and paternity (2 weeks) licences pay
100 % of the daily IBC from day 1. Daily IBC = IBC / 30; the employer's and the EPS's sums are
rounded half up to the peso once each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from eps_contracts.events.incapacities import Contingencia
from incapacities.domain.reglas import Reglas

CIEN = Decimal(100)


@dataclass(frozen=True)
class Liquidacion:
    ibc: int
    dias_empleador: int
    dias_eps: int
    dias_afp: int
    valor_empleador: int
    valor_eps: int
    porcentaje: Decimal
    """The percentage of the first stretch the EPS pays (for the sheet)."""


def _pesos(valor: Decimal) -> int:
    return int(valor.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def liquidar(
    contingencia: Contingencia,
    ibc: int,
    fecha_inicio: date,
    dias: int,
    dias_previos: int,
    reglas: Reglas,
) -> Liquidacion:
    """The liquidation of ``dias`` days that continue a chain of ``dias_previos`` days."""
    diario = Decimal(ibc) / 30
    if contingencia is not Contingencia.ENFERMEDAD_GENERAL:
        return Liquidacion(ibc, 0, dias, 0, 0, _pesos(diario * dias), CIEN)
    minimo = Decimal(reglas.smlmv(fecha_inicio)) / 30
    empleador = eps = Decimal(0)
    dias_empleador = dias_eps = dias_afp = 0
    primer_porcentaje: Decimal | None = None
    for posicion in range(dias_previos + 1, dias_previos + dias + 1):
        if posicion >= reglas.dia_fondo_pensiones:
            dias_afp += 1
            continue
        tramo = next(t for t in reglas.tramos if posicion <= t.hasta_dia)
        valor = max(diario * tramo.porcentaje / CIEN, minimo)
        if posicion <= reglas.dias_empleador:
            dias_empleador += 1
            empleador += valor
        else:
            dias_eps += 1
            eps += valor
            primer_porcentaje = primer_porcentaje or tramo.porcentaje
    return Liquidacion(
        ibc=ibc,
        dias_empleador=dias_empleador,
        dias_eps=dias_eps,
        dias_afp=dias_afp,
        valor_empleador=_pesos(empleador),
        valor_eps=_pesos(eps),
        porcentaje=primer_porcentaje or Decimal(0),
    )
