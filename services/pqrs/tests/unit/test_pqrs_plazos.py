"""Deadline golden cases: holidays, Emiliani Mondays, Holy Week, weekends, risk hours."""

from datetime import date, datetime

import pytest

from eps_contracts.events.pqrs import Riesgo, TipoSolicitud, UnidadPlazo
from eps_contracts.nombres import ZONA_COLOMBIA
from pqrs.domain.plazos import maximo_prorroga, plazo_legal, plazo_por_riesgo


def bogota(*partes: int) -> datetime:
    return datetime(*partes, tzinfo=ZONA_COLOMBIA)  # type: ignore[misc]


# Friday 13 November 2026 at 16:59; Monday 16 is a holiday (Independencia de Cartagena,
# moved to Monday by the Ley Emiliani); Tuesday 8 December is a holiday too.
VIERNES_ANTES_DE_PUENTE = bogota(2026, 11, 13, 16, 59)


@pytest.mark.parametrize(
    ("tipo", "radicada", "vence"),
    [
        (TipoSolicitud.PETICION_PARTICULAR, VIERNES_ANTES_DE_PUENTE, date(2026, 12, 7)),
        (TipoSolicitud.RECLAMO, VIERNES_ANTES_DE_PUENTE, date(2026, 12, 7)),
        (TipoSolicitud.SOLICITUD_INFORMACION, VIERNES_ANTES_DE_PUENTE, date(2026, 11, 30)),
        # 30 business days skip 8 and 25 December.
        (TipoSolicitud.CONSULTA, VIERNES_ANTES_DE_PUENTE, date(2026, 12, 30)),
        # Holy Week 2026: Thursday 2 and Friday 3 April are holidays.
        (TipoSolicitud.SOLICITUD_INFORMACION, bogota(2026, 3, 31, 10, 0), date(2026, 4, 16)),
        (TipoSolicitud.SOLICITUD_INFORMACION, bogota(2026, 4, 1, 10, 0), date(2026, 4, 17)),
        # Filed on a Saturday: counting starts on Monday.
        (TipoSolicitud.SOLICITUD_INFORMACION, bogota(2026, 11, 21, 9, 0), date(2026, 12, 4)),
        # Filed on the holiday Monday itself: counting starts on Tuesday.
        (TipoSolicitud.SOLICITUD_INFORMACION, bogota(2026, 11, 16, 9, 0), date(2026, 11, 30)),
    ],
)
def test_plazo_en_dias_habiles_salta_fines_de_semana_y_festivos(
    tipo: TipoSolicitud, radicada: datetime, vence: date
) -> None:
    plazo = plazo_legal(tipo, radicada)

    assert plazo is not None
    assert plazo.unidad is UnidadPlazo.DIAS_HABILES
    assert plazo.vence_en == bogota(vence.year, vence.month, vence.day, 23, 59, 59, 999999)


def test_radicada_a_las_23_59_utc_cuenta_desde_el_dia_de_colombia() -> None:
    # 02:30 UTC of Saturday 14 November is still Friday 13 in Bogotá.
    radicada = datetime.fromisoformat("2026-11-14T02:30:00+00:00")

    plazo = plazo_legal(TipoSolicitud.SOLICITUD_INFORMACION, radicada)

    assert plazo is not None and plazo.vence_en.date() == date(2026, 11, 30)


@pytest.mark.parametrize("tipo", [TipoSolicitud.FELICITACION, TipoSolicitud.SUGERENCIA])
def test_felicitaciones_y_sugerencias_no_tienen_plazo(tipo: TipoSolicitud) -> None:
    assert plazo_legal(tipo, VIERNES_ANTES_DE_PUENTE) is None
    assert maximo_prorroga(tipo, VIERNES_ANTES_DE_PUENTE) is None


@pytest.mark.parametrize(
    ("riesgo", "vence"),
    [
        (Riesgo.VITAL, bogota(2026, 11, 14, 16, 59)),
        (Riesgo.PRIORIZADO, bogota(2026, 11, 15, 16, 59)),
        # The holiday Monday counts: hours run on the calendar clock.
        (Riesgo.SIMPLE, bogota(2026, 11, 16, 16, 59)),
    ],
)
def test_reclamo_clasificado_por_riesgo_vence_en_horas_desde_la_radicacion(
    riesgo: Riesgo, vence: datetime
) -> None:
    plazo = plazo_por_riesgo(riesgo, VIERNES_ANTES_DE_PUENTE)

    assert plazo.unidad is UnidadPlazo.HORAS
    assert plazo.vence_en == vence


def test_prorroga_maxima_es_el_doble_del_plazo_en_dias_habiles() -> None:
    maximo = maximo_prorroga(TipoSolicitud.SOLICITUD_INFORMACION, VIERNES_ANTES_DE_PUENTE)

    # 20 business days from Friday 13 November: 17-20, 23-27, 30 Nov-4 Dec, 7, 9-11, 14-15.
    assert maximo is not None and maximo.date() == date(2026, 12, 15)
