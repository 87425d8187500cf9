"""Cartera PBS of a cotizante: expected contribution per period minus what PILA brought.

Rates (seed 004; Ley 1122 de 2007 art. 10, Ley 1250 de 2008): 12.5 % of the IBC — for a
dependent worker 4 % is his and 8.5 % his employer's; an independent pays the 12.5 %; a
pensioner 12 %. Amounts are integer pesos, rounded half up (never float).

A period ``AAAA-MM`` is due on day ``dia_vencimiento`` of the next month; a period with a
balance after its due date is in arrears (``MoraDetectada``); when no period is, the arrears
are settled (``MoraSaldada``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from eps_contracts.types import TipoCotizante

TASAS: dict[TipoCotizante, Decimal] = {
    TipoCotizante.DEPENDIENTE: Decimal("0.125"),
    TipoCotizante.INDEPENDIENTE: Decimal("0.125"),
    TipoCotizante.PENSIONADO: Decimal("0.12"),
}


def cotizacion_esperada(tipo: TipoCotizante, ibc: int) -> int:
    return int((Decimal(ibc) * TASAS[tipo]).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def periodo_de(dia: date) -> str:
    return f"{dia.year:04d}-{dia.month:02d}"


def _siguiente(periodo: str) -> str:
    anio, mes = int(periodo[:4]), int(periodo[5:])
    return f"{anio + mes // 12:04d}-{mes % 12 + 1:02d}"


def vencimiento(periodo: str, dia_vencimiento: int) -> date:
    siguiente = _siguiente(periodo)
    return date(int(siguiente[:4]), int(siguiente[5:]), dia_vencimiento)


def periodos(desde: str, hasta: str) -> list[str]:
    """Every period from ``desde`` to ``hasta``, both included."""
    resultado: list[str] = []
    actual = desde
    while actual <= hasta:
        resultado.append(actual)
        actual = _siguiente(actual)
    return resultado


def _restar_meses(periodo: str, meses: int) -> str:
    total = int(periodo[:4]) * 12 + int(periodo[5:]) - 1 - meses
    return f"{total // 12:04d}-{total % 12 + 1:02d}"


@dataclass(frozen=True)
class PeriodoCartera:
    periodo: str
    esperado: int
    pagado: int
    vence_el: date
    vencido: bool

    @property
    def saldo(self) -> int:
        return max(0, self.esperado - self.pagado)

    @property
    def en_mora(self) -> bool:
        return self.vencido and self.saldo > 0


def estado_de_cuenta(
    *,
    tipo: TipoCotizante,
    ibc: int,
    afiliado_desde: date,
    pagado_por_periodo: dict[str, int],
    hoy: date,
    dia_vencimiento: int = 10,
    meses: int = 12,
) -> list[PeriodoCartera]:
    """The periods from the affiliation (at most ``meses`` back) to the current one."""
    actual = periodo_de(hoy)
    desde = max(periodo_de(afiliado_desde), _restar_meses(actual, meses - 1))
    esperado = cotizacion_esperada(tipo, ibc)
    return [
        PeriodoCartera(
            p,
            esperado,
            pagado_por_periodo.get(p, 0),
            vencimiento(p, dia_vencimiento),
            hoy > vencimiento(p, dia_vencimiento),
        )
        for p in periodos(desde, actual)
    ]
