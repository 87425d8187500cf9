"""Cuotas moderadoras and copagos 2026 (DESIGN.md §8), and the yearly copago cap."""

from dataclasses import replace
from datetime import datetime, timedelta

import pytest

from authorizations.adapters.memoria import AlmacenEnMemoria
from authorizations.application.comandos import (
    GestionarPresolicitud,
    ServicioAAutorizar,
    TomarPresolicitud,
)
from authorizations.bootstrap import bootstrap_en_memoria
from authorizations.domain.cuotas import calcular_cuota
from authorizations.domain.errores import TablaCuotasNoDisponible
from authorizations.referencia import Referencia, referencia
from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.nombres import ZONA_COLOMBIA

from ..constructores import derecho, radicacion

TABLA = referencia().tablas[2026]
CUPS = referencia().cups
# 2027 as a copy of 2026: the test is about the calendar year, not next year's figures.
REFERENCIA = Referencia(CUPS, {2026: TABLA, 2027: replace(TABLA, anio=2027)})


@pytest.mark.parametrize(("rango", "valor"), [("A", 5000), ("B", 20100), ("C", 52800)])
def test_consulta_paga_la_cuota_moderadora_de_su_rango(rango: str, valor: int) -> None:
    for cotizante in (True, False):
        cuota = calcular_cuota(
            TABLA,
            CUPS["890201"],
            plan="PBS",
            es_cotizante=cotizante,
            rango=rango,
            acumulado_anual=0,
        )
        assert (cuota.concepto, cuota.valor) == ("CUOTA_MODERADORA", valor)


def test_copago_solo_lo_paga_el_beneficiario_como_porcentaje_del_servicio() -> None:
    servicio = CUPS["930860"]  # 480.000
    beneficiario = calcular_cuota(
        TABLA, servicio, plan="PBS", es_cotizante=False, rango="B", acumulado_anual=0
    )
    cotizante = calcular_cuota(
        TABLA, servicio, plan="PBS", es_cotizante=True, rango="B", acumulado_anual=0
    )
    assert (beneficiario.concepto, beneficiario.valor) == ("COPAGO", 83040)  # 17,3 %
    assert (cotizante.concepto, cotizante.valor) == ("NINGUNO", 0)


def test_copago_se_topa_por_evento() -> None:
    cirugia = CUPS["471100"]  # 3.800.000 × 11,5 % = 437.000 > tope A por evento 373.715
    cuota = calcular_cuota(
        TABLA, cirugia, plan="PBS", es_cotizante=False, rango="A", acumulado_anual=0
    )
    assert cuota.valor == 373715


def test_copago_se_topa_por_lo_que_queda_del_tope_anual() -> None:
    cuota = calcular_cuota(
        TABLA,
        CUPS["471100"],
        plan="PBS",
        es_cotizante=False,
        rango="A",
        acumulado_anual=748882 - 1000,
    )
    assert cuota.valor == 1000
    agotado = calcular_cuota(
        TABLA, CUPS["471100"], plan="PBS", es_cotizante=False, rango="A", acumulado_anual=748882
    )
    assert (agotado.concepto, agotado.valor) == ("NINGUNO", 0)


@pytest.mark.parametrize("codigo", ["865101", "990201", "890250"])
def test_urgencias_prevencion_y_materno_infantil_estan_exentos(codigo: str) -> None:
    cuota = calcular_cuota(
        TABLA, CUPS[codigo], plan="PBS", es_cotizante=False, rango="C", acumulado_anual=0
    )
    assert cuota.valor == 0


def test_plan_pac_cobra_su_cuota_fija() -> None:
    cuota = calcular_cuota(
        TABLA, CUPS["930860"], plan="BIENESTAR", es_cotizante=False, rango="C", acumulado_anual=0
    )
    assert (cuota.concepto, cuota.valor) == ("CUOTA_MODERADORA", 15000)


async def autorizar_cirugia(almacen: AlmacenEnMemoria, afiliado, ahora: datetime) -> int:  # type: ignore[no-untyped-def]
    app = replace(bootstrap_en_memoria(almacen, reloj=lambda: ahora), referencia=REFERENCIA)
    r = await app.ejecutar(radicacion(afiliado, fecha_documentos=ahora.date()))
    assert r.agregado_id is not None
    t = await app.ejecutar(TomarPresolicitud(r.agregado_id, "op", False, r.version))
    g = await app.ejecutar(
        GestionarPresolicitud(
            r.agregado_id, "op", t.version, (ServicioAAutorizar("471100", "CLINICA"),), ()
        )
    )
    [evento] = almacen.eventos.streams[g.ops_ids[0]][:1]
    assert isinstance(evento, OPSAutorizada)
    return evento.valor_cuota


async def test_tope_anual_de_copagos_se_alcanza_en_varias_ops_y_se_reinicia_el_1_de_enero() -> None:
    almacen = AlmacenEnMemoria()
    cotizante = derecho(rango="A")
    beneficiario = derecho(tipo="BENEFICIARIO", cotizante_id=cotizante.afiliado_id, rango=None)
    almacen.derechos |= {cotizante.afiliado_id: cotizante, beneficiario.afiliado_id: beneficiario}
    diciembre = datetime(2026, 12, 30, 9, 0, tzinfo=ZONA_COLOMBIA)

    valores = [
        await autorizar_cirugia(almacen, beneficiario.afiliado_id, diciembre + timedelta(hours=i))
        for i in range(4)
    ]
    # The beneficiary takes the cotizante's rango A: 373.715 per event, 748.882 per year.
    assert valores == [373715, 373715, 748882 - 2 * 373715, 0]

    enero = datetime(2027, 1, 1, 8, 0, tzinfo=ZONA_COLOMBIA)
    assert await autorizar_cirugia(almacen, beneficiario.afiliado_id, enero) == 373715


async def test_sin_tabla_del_anio_no_se_autoriza() -> None:
    almacen = AlmacenEnMemoria()
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    ahora = datetime(2031, 3, 1, 9, 0, tzinfo=ZONA_COLOMBIA)
    app = bootstrap_en_memoria(almacen, reloj=lambda: ahora)
    r = await app.ejecutar(radicacion(d.afiliado_id, fecha_documentos=ahora.date()))
    assert r.agregado_id is not None
    t = await app.ejecutar(TomarPresolicitud(r.agregado_id, "op", False, r.version))
    with pytest.raises(TablaCuotasNoDisponible):
        await app.ejecutar(
            GestionarPresolicitud(
                r.agregado_id, "op", t.version, (ServicioAAutorizar("890201", "IPS"),), ()
            )
        )
