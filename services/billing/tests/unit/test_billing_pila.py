"""PILA planillas: parsing the fixed-width records and importing them on fakes."""

from __future__ import annotations

from collections.abc import AsyncIterator
from uuid import UUID, uuid4

import pytest

from billing.adapters.memoria import AlmacenEnMemoria
from billing.application.aportes import PlanillaInvalida
from billing.bootstrap import Aplicacion, bootstrap_en_memoria
from billing.domain.pila import LineaCotizante, LineaInvalida, decodificar, leer_linea
from eps_contracts.events.billing import AporteRegistrado

from ..pila import archivo, detalle, encabezado

ANA = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
LUIS = uuid4()


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    almacen = AlmacenEnMemoria()
    almacen.cotizantes[("CC", "1000000001")] = ANA
    almacen.cotizantes[("CC", "1000000002")] = LUIS
    return almacen


@pytest.fixture
def app(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen)


async def _lineas(contenido: bytes) -> AsyncIterator[bytes]:
    for linea in contenido.splitlines(keepends=True):
        yield linea


def _aportes(almacen: AlmacenEnMemoria) -> list[AporteRegistrado]:
    return [e for s in almacen.streams.values() for e in s if isinstance(e, AporteRegistrado)]


def test_linea_de_cotizante_se_lee_con_sus_valores() -> None:
    linea = leer_linea(2, decodificar(detalle(1, "1000000001").encode()))
    assert linea == LineaCotizante(2, 1, "CC", "1000000001", 30, 3_500_000, 437_500)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("texto", "motivo"),
    [
        (detalle(1, "1000000001")[:30], "incompleta"),
        ("03" + detalle(1, "1000000001")[2:], "tipo 02"),
        (detalle(1, "1000000001", tipo="XX"), "tipo de documento"),
        (detalle(1, "10-01"), "número de documento"),
        (detalle(1, "1000000001").replace("437500", "43A500"), "números enteros"),
        (detalle(1, "1000000001", dias=31), "días"),
    ],
)
def test_linea_mal_formada_dice_por_que(texto: str, motivo: str) -> None:
    linea = leer_linea(7, texto)
    assert isinstance(linea, LineaInvalida) and linea.numero_linea == 7
    assert motivo in linea.motivo


def test_linea_en_utf16_se_reporta_como_codificacion() -> None:
    linea = leer_linea(3, decodificar(detalle(1, "1000000001").encode("utf-16-le")))
    assert isinstance(linea, LineaInvalida) and "UTF-16" in linea.motivo


async def test_cada_linea_valida_es_un_aporte_y_las_malas_se_reportan_con_su_numero(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    contenido = archivo(
        encabezado(),
        detalle(1, "1000000001"),
        detalle(2, "1000000002", ibc=1_750_905, valor=218_863),
        detalle(3, "1000000001")[:20],
        detalle(4, "1999999999"),
        detalle(2, "1000000002"),
    )
    resultado = await app.importar_planilla(_lineas(contenido))
    assert (resultado.lineas, resultado.registrados) == (5, 2)
    assert [(e.numero_linea, e.motivo[:20]) for e in resultado.errores] == [
        (4, "La línea está incomp"),
        (5, "El documento no corr"),
        (6, "Secuencia repetida e"),
    ]
    aportes = {a.afiliado_id: a for a in _aportes(almacen)}
    assert aportes[LUIS].valor == 218_863 and aportes[LUIS].periodo == "2026-10"
    assert aportes[ANA].planilla == "9000123456"


async def test_importar_la_misma_planilla_dos_veces_no_cambia_nada(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    contenido = archivo(encabezado(), detalle(1, "1000000001"), detalle(2, "1000000002"))
    await app.importar_planilla(_lineas(contenido))
    otra_vez = await app.importar_planilla(_lineas(contenido))
    assert (otra_vez.registrados, otra_vez.repetidos) == (0, 2)
    assert len(_aportes(almacen)) == 2


@pytest.mark.parametrize(
    ("contenido", "mensaje"),
    [
        (b"", "vacío"),
        (archivo("02000011000000001"), "encabezado"),
        (archivo("019000123456202613"), "encabezado"),
        (archivo(encabezado(periodo="2026-13")), "periodo"),
    ],
)
async def test_archivo_sin_encabezado_valido_se_rechaza_entero(
    app: Aplicacion, contenido: bytes, mensaje: str
) -> None:
    with pytest.raises(PlanillaInvalida) as error:
        await app.importar_planilla(_lineas(contenido))
    assert mensaje in error.value.mensaje and error.value.campo == "archivo"
