"""Deadline compliance: on time, late, open and late, per month, with median and p90."""

import uuid
from datetime import UTC, datetime, timedelta

from audit.domain.plazos import PLAZOS, Caso, Plazo, cumplimiento

CINCO_CALENDARIO = Plazo("p", "P", "Inicio", ("Fin",), 5, False, "prueba")
QUINCE_HABILES = Plazo("q", "Q", "Inicio", ("Fin",), 15, True, "prueba")
INICIO = datetime(2026, 11, 2, 15, 0, tzinfo=UTC)  # Monday 10:00 in Bogotá


def caso(inicio: datetime, dias: float | None) -> Caso:
    fin = None if dias is None else inicio + timedelta(days=dias)
    return Caso(uuid.uuid4(), inicio, fin)


def test_respondida_el_quinto_dia_esta_a_tiempo_y_el_sexto_tarde() -> None:
    a_tiempo, tarde = caso(INICIO, 5), caso(INICIO, 6)
    [mes] = cumplimiento(CINCO_CALENDARIO, [a_tiempo, tarde], INICIO + timedelta(days=30))
    assert (mes.mes, mes.a_tiempo, mes.tarde) == ("2026-11", 1, 1)
    assert mes.tarde_ids == (tarde.caso_id,)


def test_un_caso_abierto_despues_del_plazo_cuenta_como_abierto_y_vencido() -> None:
    abierto, vencido = caso(INICIO + timedelta(days=20), None), caso(INICIO, None)
    [mes] = cumplimiento(CINCO_CALENDARIO, [abierto, vencido], INICIO + timedelta(days=22))
    assert (mes.abiertos, mes.abiertos_vencidos) == (2, 1)
    assert mes.tarde_ids == (vencido.caso_id,)
    assert mes.mediana_dias is None


def test_los_dias_habiles_saltan_fines_de_semana_y_festivos() -> None:
    # 2026-11-02 (Mon) + 15 business days: 16 Nov (Mon) is a holiday → 24 Nov.
    en_plazo = caso(INICIO, (datetime(2026, 11, 24, 20, 0, tzinfo=UTC) - INICIO).days)
    tarde = Caso(uuid.uuid4(), INICIO, datetime(2026, 11, 25, 14, 0, tzinfo=UTC))
    [mes] = cumplimiento(QUINCE_HABILES, [en_plazo, tarde], INICIO + timedelta(days=60))
    assert (mes.a_tiempo, mes.tarde) == (1, 1)


def test_mediana_y_p90_del_tiempo_de_respuesta_por_mes() -> None:
    casos = [caso(INICIO, d) for d in (1, 2, 3, 4, 10)] + [
        caso(datetime(2026, 12, 1, 15, tzinfo=UTC), 1)
    ]
    noviembre, diciembre = cumplimiento(CINCO_CALENDARIO, casos, INICIO + timedelta(days=60))
    assert noviembre.mediana_dias == 3.0
    assert noviembre.p90_dias == 7.6
    assert (diciembre.mes, diciembre.a_tiempo) == ("2026-12", 1)


def test_el_mes_es_el_de_bogota() -> None:
    # 1 Dec 02:00 UTC is still 30 Nov in Bogotá.
    [mes] = cumplimiento(CINCO_CALENDARIO, [caso(datetime(2026, 12, 1, 2, tzinfo=UTC), 1)], INICIO)
    assert mes.mes == "2026-11"


def test_cada_plazo_configurado_cita_su_fuente() -> None:
    assert {p.codigo for p in PLAZOS} >= {"presolicitudes", "pqrs", "incapacidades-decision"}
    assert all(p.fuente and p.dias > 0 and p.fin for p in PLAZOS)
