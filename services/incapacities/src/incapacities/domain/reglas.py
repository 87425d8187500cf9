"""The dated figures of a liquidation, as plain values (loaded by ``incapacities.referencia``)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal


@dataclass(frozen=True)
class Tramo:
    hasta_dia: int
    porcentaje: Decimal
    fuente: str


@dataclass(frozen=True)
class Reglas:
    smlmv_por_vigencia: tuple[tuple[date, int], ...]
    """(desde, valor) in ascending order."""
    dias_empleador: int
    tramos: tuple[Tramo, ...]
    dia_fondo_pensiones: int
    licencia_maternidad_dias: int
    licencia_paternidad_dias: int
    semanas_minimas: int
    dias_prorroga: int
    dias_habiles_decision: int
    dias_habiles_pago: int

    def smlmv(self, dia: date) -> int:
        vigentes = [valor for desde, valor in self.smlmv_por_vigencia if desde <= dia]
        if not vigentes:
            raise ValueError(f"sin salario mínimo vigente para {dia.isoformat()}")
        return vigentes[-1]
