"""Reference data shipped with the service: the CIE-10 catalog and the liquidation figures
(see datos/README.md for their sources)."""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

from incapacities.domain.reglas import Reglas, Tramo

DATOS = Path(__file__).parent / "datos"


@dataclass(frozen=True)
class Diagnostico:
    codigo: str
    descripcion: str
    grupo: str


def normalizar_cie10(codigo: str) -> str:
    """``j069`` / ``J06.9`` → ``J06.9``."""
    limpio = codigo.strip().upper().replace(".", "")
    return limpio if len(limpio) <= 3 else f"{limpio[:3]}.{limpio[3:]}"


@lru_cache(maxsize=1)
def catalogo_cie10() -> dict[str, Diagnostico]:
    with (DATOS / "cie10.csv").open(encoding="utf-8") as archivo:
        return {
            fila["codigo"]: Diagnostico(fila["codigo"], fila["descripcion"], fila["grupo"])
            for fila in csv.DictReader(archivo, delimiter=";")
        }


@lru_cache(maxsize=1)
def reglas() -> Reglas:
    datos = json.loads((DATOS / "reglas.json").read_text(encoding="utf-8"))
    return Reglas(
        smlmv_por_vigencia=tuple(
            (date.fromisoformat(v["desde"]), int(v["smlmv"])) for v in datos["vigencias"]
        ),
        dias_empleador=datos["dias_empleador"],
        tramos=tuple(
            Tramo(t["hasta_dia"], Decimal(t["porcentaje"]), t["fuente"])
            for t in datos["tramos_enfermedad_general"]
        ),
        dia_fondo_pensiones=datos["dia_fondo_pensiones"],
        licencia_maternidad_dias=datos["licencia_maternidad_dias"],
        licencia_paternidad_dias=datos["licencia_paternidad_dias"],
        semanas_minimas=datos["semanas_minimas"],
        dias_prorroga=datos["dias_prorroga"],
        dias_habiles_decision=datos["dias_habiles_decision"],
        dias_habiles_pago=datos["dias_habiles_pago"],
    )
