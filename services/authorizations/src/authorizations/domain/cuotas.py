"""Cuotas moderadoras and copagos (Acuerdo 260 de 2004; 2026 values in DESIGN.md §8).

A year's figures are data (``TablaCuotas``, loaded from ``referencia/datos/cuotas/<año>.json``),
never constants here: a new year is a new file. The rules:

- a service that carries a cuota moderadora (consultations…) pays the cuota of the rango
  salarial, cotizante or beneficiary alike;
- a service that carries a copago is paid only by beneficiaries: a percentage of the
  service's value, capped per event and per calendar year per person (``acumulado_anual`` is
  what this person's copagos of that year already committed);
- exempt services (prevention, maternal and child programs, high-cost illnesses, initial
  emergency care) pay nothing;
- a PAC plan has its own fixed cuota per plan (0 or absent: nothing to pay).
"""

from dataclasses import dataclass
from enum import StrEnum

from eps_contracts.types import ConceptoCuota


class Cobro(StrEnum):
    CUOTA_MODERADORA = "CUOTA_MODERADORA"
    COPAGO = "COPAGO"
    EXENTO = "EXENTO"


@dataclass(frozen=True)
class ServicioCups:
    """One entry of the CUPS catalog this service authorizes."""

    codigo: str
    descripcion: str
    tipo: str
    cobro: Cobro
    valor_referencia: int
    """The service's value (tariff) in pesos: the base of the copago."""


@dataclass(frozen=True)
class TablaCuotas:
    anio: int
    cuota_moderadora: dict[str, int]
    copago_porcentaje: dict[str, float]
    tope_evento: dict[str, int]
    tope_anual: dict[str, int]
    cuota_pac: dict[str, int]
    vigencia_dias: dict[str, int]
    """Days an OPS is valid, per service type (``tipo`` of the CUPS entry); ``*`` default."""

    def vigencia(self, tipo: str) -> int:
        return self.vigencia_dias.get(tipo, self.vigencia_dias["*"])


@dataclass(frozen=True)
class Cuota:
    concepto: ConceptoCuota
    valor: int


NADA = Cuota(ConceptoCuota.NINGUNO, 0)


def calcular_cuota(
    tabla: TablaCuotas,
    servicio: ServicioCups,
    *,
    plan: str,
    es_cotizante: bool,
    rango: str | None,
    acumulado_anual: int,
) -> Cuota:
    """What the affiliate pays for ``servicio`` under ``plan``."""
    if plan != "PBS":
        valor = tabla.cuota_pac.get(plan, 0)
        return Cuota(ConceptoCuota.CUOTA_MODERADORA, valor) if valor > 0 else NADA
    if servicio.cobro is Cobro.EXENTO:
        return NADA
    rango = rango or "A"
    if servicio.cobro is Cobro.CUOTA_MODERADORA:
        return Cuota(ConceptoCuota.CUOTA_MODERADORA, tabla.cuota_moderadora[rango])
    if es_cotizante:
        return NADA
    bruto = round(servicio.valor_referencia * tabla.copago_porcentaje[rango] / 100)
    disponible = max(0, tabla.tope_anual[rango] - acumulado_anual)
    valor = min(bruto, tabla.tope_evento[rango], disponible)
    return Cuota(ConceptoCuota.COPAGO, valor) if valor > 0 else NADA
