"""Golden liquidations computed by hand (IBC 3.000.000 → 100.000 diarios; 2/3 = 66.670)."""

from datetime import date

from eps_contracts.events.incapacities import Contingencia
from incapacities.domain.liquidacion import liquidar
from incapacities.referencia import reglas

EG = Contingencia.ENFERMEDAD_GENERAL
INICIO = date(2026, 3, 2)


def test_dos_dias_los_paga_el_empleador_y_la_eps_no_reconoce_nada() -> None:
    r = liquidar(EG, 3_000_000, INICIO, 2, 0, reglas())
    assert (r.dias_empleador, r.valor_empleador, r.dias_eps, r.valor_eps) == (2, 133_340, 0, 0)


def test_tres_dias_la_eps_paga_el_tercero_a_dos_tercios() -> None:
    r = liquidar(EG, 3_000_000, INICIO, 3, 0, reglas())
    assert (r.valor_empleador, r.dias_eps, r.valor_eps) == (133_340, 1, 66_670)


def test_noventa_dias_a_dos_tercios_y_el_91_de_la_prorroga_al_cincuenta_por_ciento() -> None:
    # IBC 6.000.000 → 200.000 diarios: 2/3 = 133.340; 50 % = 100.000 (sobre el mínimo).
    primera = liquidar(EG, 6_000_000, INICIO, 90, 0, reglas())
    assert (primera.dias_eps, primera.valor_eps) == (88, 11_733_920)
    prorroga = liquidar(EG, 6_000_000, INICIO, 1, 90, reglas())
    assert (prorroga.dias_empleador, prorroga.dias_eps, prorroga.valor_eps) == (0, 1, 100_000)
    cruza = liquidar(EG, 6_000_000, INICIO, 31, 60, reglas())
    assert cruza.valor_eps == 30 * 133_340 + 100_000


def test_al_cincuenta_por_ciento_tampoco_baja_del_minimo_diario() -> None:
    # 3.000.000 / 30 * 50 % = 50.000 < 58.363,5 (SMLMV 2026 / 30)
    assert liquidar(EG, 3_000_000, INICIO, 1, 90, reglas()).valor_eps == 58_364


def test_ibc_de_un_minimo_nunca_paga_menos_del_minimo_diario() -> None:
    # 1.750.905 / 30 = 58.363,5 diarios; 2/3 serían 38.911, por debajo del mínimo.
    r = liquidar(EG, 1_750_905, INICIO, 3, 0, reglas())
    assert (r.valor_empleador, r.valor_eps) == (116_727, 58_364)


def test_licencia_de_maternidad_paga_126_dias_al_cien_por_ciento_desde_el_primero() -> None:
    r = liquidar(Contingencia.LICENCIA_MATERNIDAD, 3_000_000, INICIO, 126, 0, reglas())
    assert (r.dias_empleador, r.dias_eps, r.valor_eps) == (0, 126, 12_600_000)


def test_desde_el_dia_181_paga_el_fondo_de_pensiones_no_la_eps() -> None:
    r = liquidar(EG, 6_000_000, INICIO, 10, 175, reglas())
    assert (r.dias_eps, r.dias_afp, r.valor_eps) == (5, 5, 500_000)
