"""Contributions to the contributory regime, rango salarial and cotizante subtypes (seed 004)."""

from decimal import Decimal

import pytest

from affiliation.domain.cotizacion import (
    PORCENTAJES,
    SUBTIPOS_POR_TIPO,
    Cotizacion,
    liquidar_cotizacion,
    rango_salarial,
    tipo_de,
)
from eps_contracts.types import RangoSalarial, SubtipoCotizante, TipoCotizante

SMLMV_2026 = 1_750_905


def test_dependiente_paga_4_por_ciento_y_su_empleador_8_5() -> None:
    assert liquidar_cotizacion(2_000_000, TipoCotizante.DEPENDIENTE) == Cotizacion(
        total=250_000, a_cargo_afiliado=80_000, a_cargo_empleador=170_000
    )


def test_independiente_paga_el_12_5_por_ciento_completo() -> None:
    assert liquidar_cotizacion(2_000_000, TipoCotizante.INDEPENDIENTE) == Cotizacion(
        total=250_000, a_cargo_afiliado=250_000, a_cargo_empleador=0
    )


def test_pensionado_paga_el_12_por_ciento_completo() -> None:
    assert liquidar_cotizacion(2_000_000, TipoCotizante.PENSIONADO) == Cotizacion(
        total=240_000, a_cargo_afiliado=240_000, a_cargo_empleador=0
    )


def test_porcentajes_totales_son_12_5_y_12_para_el_pensionado() -> None:
    assert PORCENTAJES[TipoCotizante.DEPENDIENTE].total == Decimal("0.125")
    assert PORCENTAJES[TipoCotizante.INDEPENDIENTE].total == Decimal("0.125")
    assert PORCENTAJES[TipoCotizante.PENSIONADO].total == Decimal("0.12")


def test_cada_parte_se_redondea_al_peso_mas_cercano_y_la_mitad_hacia_arriba() -> None:
    # 1.750.905 × 4 % = 70.036,2 → 70.036; × 8,5 % = 148.826,925 → 148.827
    assert liquidar_cotizacion(SMLMV_2026, TipoCotizante.DEPENDIENTE) == Cotizacion(
        total=218_863, a_cargo_afiliado=70_036, a_cargo_empleador=148_827
    )
    # 100 × 8,5 % = 8,5 → 9 (half up, not to even)
    assert liquidar_cotizacion(100, TipoCotizante.DEPENDIENTE).a_cargo_empleador == 9
    # 4 × 12,5 % = 0,5 → 1
    assert liquidar_cotizacion(4, TipoCotizante.INDEPENDIENTE).total == 1


@pytest.mark.parametrize("tipo", list(TipoCotizante))
@pytest.mark.parametrize("ibc", [0, 1, 7, 13, 100, 999, 1_423_500, SMLMV_2026, 25_000_001])
def test_total_es_exactamente_la_suma_de_las_partes(ibc: int, tipo: TipoCotizante) -> None:
    cotizacion = liquidar_cotizacion(ibc, tipo)
    assert cotizacion.total == cotizacion.a_cargo_afiliado + cotizacion.a_cargo_empleador
    assert abs(cotizacion.total - ibc * PORCENTAJES[tipo].total) <= 1


def test_ibc_negativo_es_un_error() -> None:
    with pytest.raises(ValueError, match="IBC"):
        liquidar_cotizacion(-1, TipoCotizante.DEPENDIENTE)


@pytest.mark.parametrize(
    ("ibc", "rango"),
    [
        (0, RangoSalarial.A),
        (SMLMV_2026, RangoSalarial.A),
        (2 * SMLMV_2026 - 1, RangoSalarial.A),
        (2 * SMLMV_2026, RangoSalarial.B),
        (2 * SMLMV_2026 + 1, RangoSalarial.B),
        (5 * SMLMV_2026 - 1, RangoSalarial.B),
        (5 * SMLMV_2026, RangoSalarial.B),
        (5 * SMLMV_2026 + 1, RangoSalarial.C),
    ],
)
def test_rango_salarial_a_menos_de_2_smlmv_b_de_2_a_5_c_mas_de_5(
    ibc: int, rango: RangoSalarial
) -> None:
    assert rango_salarial(ibc, SMLMV_2026) is rango


def test_rango_salarial_sin_salario_minimo_valido_es_un_error() -> None:
    with pytest.raises(ValueError, match="salario mínimo"):
        rango_salarial(1_000_000, 0)


def test_cada_subtipo_pertenece_a_exactamente_un_tipo() -> None:
    vistos = [s for subtipos in SUBTIPOS_POR_TIPO.values() for s in subtipos]
    assert sorted(vistos) == sorted(SubtipoCotizante)
    assert set(SUBTIPOS_POR_TIPO) == set(TipoCotizante)


@pytest.mark.parametrize(
    ("subtipo", "tipo"),
    [
        (SubtipoCotizante.EMPLEADO, TipoCotizante.DEPENDIENTE),
        (SubtipoCotizante.SERVICIO_DOMESTICO, TipoCotizante.DEPENDIENTE),
        (SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA, TipoCotizante.DEPENDIENTE),
        (SubtipoCotizante.APORTANTE_SGP, TipoCotizante.DEPENDIENTE),
        (SubtipoCotizante.CONTRATISTA, TipoCotizante.INDEPENDIENTE),
        (SubtipoCotizante.MADRE_COMUNITARIA, TipoCotizante.INDEPENDIENTE),
        (SubtipoCotizante.JUBILADO, TipoCotizante.PENSIONADO),
        (SubtipoCotizante.PENSION_COMPARTIDA, TipoCotizante.PENSIONADO),
    ],
)
def test_tipo_de_un_subtipo(subtipo: SubtipoCotizante, tipo: TipoCotizante) -> None:
    assert tipo_de(subtipo) is tipo
