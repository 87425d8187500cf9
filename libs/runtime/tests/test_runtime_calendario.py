"""Legal terms on Colombia's calendar: holidays from the maintained ``holidays`` package."""

from datetime import date, datetime

import pytest

from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.calendario import (
    dias_habiles_entre,
    es_dia_habil,
    sumar_dias_habiles,
    vencimiento_en_dias_calendario,
    vencimiento_en_dias_habiles,
    vencimiento_en_horas,
)


def bogota(*partes: int) -> datetime:
    return datetime(*partes, tzinfo=ZONA_COLOMBIA)


@pytest.mark.parametrize(
    ("dia", "habil"),
    [
        (date(2026, 1, 12), False),  # Reyes, moved to Monday (Ley Emiliani)
        (date(2026, 1, 6), True),  # the original date is a working day
        (date(2026, 4, 2), False),  # Jueves Santo
        (date(2026, 4, 3), False),  # Viernes Santo
        (date(2026, 12, 8), False),  # Inmaculada Concepción, fixed
        (date(2026, 12, 5), False),  # a Saturday
        (date(2026, 12, 9), True),
    ],
)
def test_dias_habiles_de_colombia(dia: date, habil: bool) -> None:
    assert es_dia_habil(dia) is habil


def test_radicado_viernes_1659_antes_de_lunes_festivo_empieza_el_martes() -> None:
    # Friday 2026-03-20 16:59; Monday 23 is San José (moved). 15 business days.
    vence = vencimiento_en_dias_habiles(bogota(2026, 3, 20, 16, 59), 15)
    # Tue 24 … counting 15 business days, skipping Holy Thursday/Friday (2 and 3 April).
    assert vence.date() == date(2026, 4, 15)
    assert (vence.hour, vence.minute) == (23, 59)


def test_fin_de_anio_salta_navidad_y_anio_nuevo() -> None:
    assert sumar_dias_habiles(date(2026, 12, 24), 3) == date(2026, 12, 30)
    assert sumar_dias_habiles(date(2026, 12, 30), 2) == date(2027, 1, 4)


def test_dias_habiles_entre_cuenta_el_intervalo_abierto_cerrado() -> None:
    assert dias_habiles_entre(date(2026, 3, 20), date(2026, 3, 24)) == 1
    assert dias_habiles_entre(date(2026, 3, 24), date(2026, 3, 20)) == -1


def test_plazos_en_horas_y_en_dias_calendario() -> None:
    radicado = bogota(2026, 12, 31, 23, 30)
    assert vencimiento_en_horas(radicado, 24) == bogota(2027, 1, 1, 23, 30)
    assert vencimiento_en_dias_calendario(radicado, 5).date() == date(2027, 1, 5)
