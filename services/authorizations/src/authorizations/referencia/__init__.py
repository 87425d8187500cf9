"""Reference data shipped with the service: the CUPS catalog and the yearly copay tables."""

import csv
import json
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

from authorizations.domain.cuotas import Cobro, ServicioCups, TablaCuotas


@dataclass(frozen=True)
class Referencia:
    cups: dict[str, ServicioCups]
    tablas: dict[int, TablaCuotas]


def _tablas() -> dict[int, TablaCuotas]:
    tablas: dict[int, TablaCuotas] = {}
    for archivo in files(__package__).joinpath("datos", "cuotas").iterdir():
        if not archivo.name.endswith(".json"):
            continue
        datos = json.loads(archivo.read_text(encoding="utf-8"))
        tablas[int(datos["anio"])] = TablaCuotas(
            anio=int(datos["anio"]),
            cuota_moderadora=dict(datos["cuota_moderadora"]),
            copago_porcentaje=dict(datos["copago_porcentaje"]),
            tope_evento=dict(datos["tope_evento"]),
            tope_anual=dict(datos["tope_anual"]),
            cuota_pac=dict(datos["cuota_pac"]),
            vigencia_dias=dict(datos["vigencia_dias"]),
        )
    return tablas


def _cups() -> dict[str, ServicioCups]:
    texto = files(__package__).joinpath("datos", "cups.csv").read_text(encoding="utf-8")
    return {
        fila["codigo"]: ServicioCups(
            codigo=fila["codigo"],
            descripcion=fila["descripcion"],
            tipo=fila["tipo"],
            cobro=Cobro(fila["cobro"]),
            valor_referencia=int(fila["valor_referencia"]),
        )
        for fila in csv.DictReader(texto.splitlines())
    }


@cache
def referencia() -> Referencia:
    return Referencia(cups=_cups(), tablas=_tablas())
