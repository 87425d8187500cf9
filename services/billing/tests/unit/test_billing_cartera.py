"""Cartera PBS, arrears and paz y salvo on fakes (seed 004 rates, manual §4.3)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from uuid import UUID, uuid4

import pytest

from billing.adapters.memoria import AlmacenEnMemoria
from billing.application import cartera
from billing.application.comandos import DetectarMora
from billing.application.puertos import DatosCotizante
from billing.bootstrap import Aplicacion, bootstrap_en_memoria
from billing.domain.cartera import cotizacion_esperada
from eps_contracts.events.billing import MoraDetectada, MoraSaldada
from eps_contracts.types import TipoCotizante

from ..pila import archivo, detalle, encabezado

ANA = uuid4()
HOY = datetime(2026, 12, 3, 15, 0, tzinfo=UTC)


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    almacen = AlmacenEnMemoria()
    almacen.cotizantes[("CC", "1000000001")] = ANA
    almacen.datos_cotizantes[ANA] = DatosCotizante(
        ANA, "INDEPENDIENTE", 3_500_000, date(2026, 9, 15), None
    )
    return almacen


@pytest.fixture
def app(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen, ahora=lambda: HOY)


async def _pagar(app: Aplicacion, periodo: str, planilla: str, valor: int = 437_500) -> None:
    contenido = archivo(encabezado(planilla, periodo), detalle(1, "1000000001", valor=valor))

    async def lineas() -> AsyncIterator[bytes]:
        for linea in contenido.splitlines():
            yield linea

    await app.importar_planilla(lineas())


def _eventos(almacen: AlmacenEnMemoria, tipo: type) -> list[object]:
    return [e for s in almacen.streams.values() for e in s if isinstance(e, tipo)]


@pytest.mark.parametrize(
    ("tipo", "ibc", "esperado"),
    [
        (TipoCotizante.DEPENDIENTE, 1_750_905, 218_863),
        (TipoCotizante.INDEPENDIENTE, 3_500_000, 437_500),
        (TipoCotizante.PENSIONADO, 1_750_905, 210_109),
    ],
)
def test_cotizacion_esperada_por_tipo_de_cotizante(
    tipo: TipoCotizante, ibc: int, esperado: int
) -> None:
    assert cotizacion_esperada(tipo, ibc) == esperado


async def test_cartera_muestra_cada_periodo_desde_la_afiliacion_con_su_saldo(
    app: Aplicacion,
) -> None:
    await _pagar(app, "2026-09", "9000000001")
    await _pagar(app, "2026-10", "9000000002", valor=400_000)
    estado, _ = await cartera.estado_cuenta(app.dependencias(), ANA)
    assert [(p.periodo, p.saldo, p.en_mora) for p in estado.periodos] == [
        ("2026-09", 0, False),
        ("2026-10", 37_500, True),
        ("2026-11", 437_500, False),  # due on 2026-12-10
        ("2026-12", 437_500, False),
    ]
    assert estado.deuda_vencida == 37_500


async def test_periodo_sin_pagar_vencido_detecta_mora_una_sola_vez(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    await _pagar(app, "2026-09", "9000000001")
    assert await app.ejecutar(DetectarMora(ANA)) is True
    assert await app.ejecutar(DetectarMora(ANA)) is False
    [mora] = _eventos(almacen, MoraDetectada)
    assert isinstance(mora, MoraDetectada)
    assert (mora.periodos, mora.valor_adeudado) == (["2026-10"], 437_500)


async def test_pagar_el_periodo_en_mora_salda_la_mora(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    await _pagar(app, "2026-09", "9000000001")
    await app.ejecutar(DetectarMora(ANA))
    await _pagar(app, "2026-10", "9000000003")
    assert await app.barrer_mora() == 1
    assert len(_eventos(almacen, MoraSaldada)) == 1


async def test_paz_y_salvo_se_niega_listando_los_periodos_con_deuda(app: Aplicacion) -> None:
    await _pagar(app, "2026-09", "9000000001")
    assert await cartera.paz_y_salvo(app.dependencias(), ANA, "2026-09")
    with pytest.raises(cartera.TieneDeuda) as error:
        await cartera.paz_y_salvo(app.dependencias(), ANA, "2026-11")
    assert "2026-10 ($437.500)" in error.value.mensaje
    assert error.value.detalles["periodos"] == ["2026-10"]


async def test_quien_no_es_cotizante_no_tiene_cartera(app: Aplicacion) -> None:
    with pytest.raises(cartera.SinCartera):
        await cartera.estado_cuenta(app.dependencias(), UUID(int=7))


async def test_paz_y_salvo_en_pdf_dice_el_periodo_y_el_documento(app: Aplicacion) -> None:
    from io import BytesIO

    from pypdf import PdfReader

    from billing.adapters.certificados_pdf import generar_paz_y_salvo

    await _pagar(app, "2026-09", "9000000001")
    estado = await cartera.paz_y_salvo(app.dependencias(), ANA, "2026-09")
    estado = estado.__class__(estado.afiliado_id, estado.tipo_cotizante, estado.periodos, "CC 1")
    pdf = generar_paz_y_salvo(estado, "2026-09", HOY)
    assert pdf == generar_paz_y_salvo(estado, "2026-09", HOY)  # deterministic
    texto = PdfReader(BytesIO(pdf)).pages[0].extract_text()
    assert "paz y salvo" in texto and "2026-09" in texto and "CC 1" in texto
