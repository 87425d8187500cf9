"""What a cotizante pays to the contributory regime, and which rango salarial the IBC gives.

Seed 004: the contribution is 12.5 % of the IBC; a dependent worker pays 4 % and the employer
8.5 %; an independent worker pays the whole 12.5 %; a pensioner pays 12 % (Ley 1250 de 2008,
art. 1), all of it. The rates are law, not yearly figures, so they live here as a table; the
SMLMV that the rango salarial needs is a dated figure and comes in as an argument.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from types import MappingProxyType

from eps_contracts.types import RangoSalarial, SubtipoCotizante, TipoCotizante


@dataclass(frozen=True)
class Porcentajes:
    """Shares of the IBC, as fractions (``Decimal("0.04")`` is 4 %)."""

    afiliado: Decimal
    empleador: Decimal

    @property
    def total(self) -> Decimal:
        return self.afiliado + self.empleador


PORCENTAJES: Mapping[TipoCotizante, Porcentajes] = MappingProxyType(
    {
        TipoCotizante.DEPENDIENTE: Porcentajes(
            afiliado=Decimal("0.04"), empleador=Decimal("0.085")
        ),
        TipoCotizante.INDEPENDIENTE: Porcentajes(afiliado=Decimal("0.125"), empleador=Decimal(0)),
        TipoCotizante.PENSIONADO: Porcentajes(afiliado=Decimal("0.12"), empleador=Decimal(0)),
    }
)


@dataclass(frozen=True)
class Cotizacion:
    """A monthly contribution in whole pesos; ``total`` is always the sum of the two shares."""

    total: int
    a_cargo_afiliado: int
    a_cargo_empleador: int


def _al_peso(valor: Decimal) -> int:
    return int(valor.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def liquidar_cotizacion(ibc: int, tipo: TipoCotizante) -> Cotizacion:
    """The contribution on ``ibc`` (pesos) for a cotizante of ``tipo``.

    Each share is the IBC times its rate, rounded half up to the whole peso on its own (each
    party pays its own rounded share); ``total`` is their exact sum, so it is within one peso
    of the total rate applied to the IBC. Raises ``ValueError`` for a negative IBC.
    """
    if ibc < 0:
        raise ValueError("el IBC no puede ser negativo")
    porcentajes = PORCENTAJES[tipo]
    afiliado = _al_peso(ibc * porcentajes.afiliado)
    empleador = _al_peso(ibc * porcentajes.empleador)
    return Cotizacion(afiliado + empleador, afiliado, empleador)


def rango_salarial(ibc: int, smlmv: int) -> RangoSalarial:
    """A below 2 SMLMV; B from 2 to 5 SMLMV, both ends included; C above 5 SMLMV."""
    if smlmv <= 0:
        raise ValueError("el salario mínimo debe ser positivo")
    if ibc < 0:
        raise ValueError("el IBC no puede ser negativo")
    if ibc < 2 * smlmv:
        return RangoSalarial.A
    if ibc <= 5 * smlmv:
        return RangoSalarial.B
    return RangoSalarial.C


SUBTIPOS_POR_TIPO: Mapping[TipoCotizante, frozenset[SubtipoCotizante]] = MappingProxyType(
    {
        TipoCotizante.DEPENDIENTE: frozenset(
            {
                SubtipoCotizante.EMPLEADO,
                SubtipoCotizante.SERVIDOR_PUBLICO,
                SubtipoCotizante.SERVICIO_DOMESTICO,
                SubtipoCotizante.APRENDIZ_SENA_LECTIVA,
                SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA,
                SubtipoCotizante.APRENDIZ_UNIVERSITARIO,
                SubtipoCotizante.PRACTICANTE,
                SubtipoCotizante.EMPLEO_EMERGENCIA_MAS_DE_UN_MES,
                SubtipoCotizante.EMPLEO_EMERGENCIA_HASTA_UN_MES,
                SubtipoCotizante.APORTANTE_SGP,
            }
        ),
        TipoCotizante.INDEPENDIENTE: frozenset(
            {
                SubtipoCotizante.PERSONA_NATURAL,
                SubtipoCotizante.CONTRATISTA,
                SubtipoCotizante.PAGO_SOLO_SALUD,
                SubtipoCotizante.PAGO_POR_TERCEROS,
                SubtipoCotizante.MADRE_COMUNITARIA,
            }
        ),
        TipoCotizante.PENSIONADO: frozenset(
            {
                SubtipoCotizante.JUBILADO,
                SubtipoCotizante.SUSTITUCION_PENSIONAL,
                SubtipoCotizante.PENSION_COMPARTIDA,
            }
        ),
    }
)
"""Resolución 2629 de 2014 (seed 004): each subtipo belongs to exactly one tipo."""

_TIPO_POR_SUBTIPO: Mapping[SubtipoCotizante, TipoCotizante] = MappingProxyType(
    {subtipo: tipo for tipo, subtipos in SUBTIPOS_POR_TIPO.items() for subtipo in subtipos}
)


def tipo_de(subtipo: SubtipoCotizante) -> TipoCotizante:
    return _TIPO_POR_SUBTIPO[subtipo]
