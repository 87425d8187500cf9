"""Monthly PAC tariffs by plan and validity date (``tarifas_pac.csv``).

The values shipped are illustrative (each row says so in ``fuente``): PAC prices are each
EPS's commercial tariffs, not a public figure. A deployment replaces the file; rows are
validated at load (positive integer pesos, ISO dates, no duplicate plan and date).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path

ARCHIVO = Path(__file__).with_name("tarifas_pac.csv")


@dataclass(frozen=True)
class TarifaPAC:
    plan_codigo: str
    vigente_desde: date
    valor_mensual: int
    fuente: str


class TarifasPAC:
    def __init__(self, tarifas: list[TarifaPAC]) -> None:
        claves = [(t.plan_codigo, t.vigente_desde) for t in tarifas]
        if len(set(claves)) != len(claves):
            raise ValueError("tarifas PAC repetidas para un plan y una fecha")
        self._tarifas = sorted(tarifas, key=lambda t: (t.plan_codigo, t.vigente_desde))

    def vigente(self, plan_codigo: str, el_dia: date) -> TarifaPAC | None:
        candidatas = [
            t for t in self._tarifas if t.plan_codigo == plan_codigo and t.vigente_desde <= el_dia
        ]
        return candidatas[-1] if candidatas else None


@cache
def tarifas_pac(archivo: Path = ARCHIVO) -> TarifasPAC:
    with archivo.open(encoding="utf-8") as f:
        filas = list(csv.DictReader(f))
    tarifas = []
    for n, fila in enumerate(filas, start=2):
        valor = int(fila["valor_mensual"])
        if valor <= 0 or not fila["fuente"].strip():
            raise ValueError(f"{archivo.name}, línea {n}: valor o fuente inválidos")
        tarifas.append(
            TarifaPAC(
                fila["plan_codigo"],
                date.fromisoformat(fila["vigente_desde"]),
                valor,
                fila["fuente"],
            )
        )
    return TarifasPAC(tarifas)
