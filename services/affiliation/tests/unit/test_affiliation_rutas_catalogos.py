"""The public catalogs the Oficina Virtual's forms are built from: no session needed."""

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from affiliation.bootstrap import bootstrap_en_memoria
from affiliation.domain.soportes import TipoSoporte
from affiliation.entrypoints import rutas_catalogos
from affiliation.entrypoints.api import create_app
from affiliation.settings import AffiliationSettings
from eps_contracts.types import MotivoCambioIPS, TipoDocumento
from eps_runtime.testing.tokens import EmisorTokens

PROBLEMA = "application/problem+json"


@pytest.fixture
async def app() -> AsyncIterator[FastAPI]:
    app = create_app(AffiliationSettings(), verificador=EmisorTokens().verificador())
    app.state.aplicacion = bootstrap_en_memoria()  # the engine is never connected
    if "/catalogos/departamentos" not in {getattr(r, "path", "") for r in app.routes}:
        app.include_router(rutas_catalogos.router)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://afiliacion") as c:
        yield c


async def test_departamentos_sin_sesion_ordenados_por_nombre(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/departamentos")

    assert respuesta.status_code == 200
    assert respuesta.headers["cache-control"] == "public, max-age=3600"
    departamentos = respuesta.json()
    assert {"codigo": "76", "nombre": "Valle del Cauca"} in departamentos
    assert len(departamentos) == 33  # 32 departamentos and Bogotá D.C.
    assert departamentos[0]["nombre"] == "Amazonas"


async def test_municipios_de_un_departamento(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/departamentos/76/municipios")

    assert respuesta.status_code == 200
    municipios = respuesta.json()
    assert {"codigo": "76001", "nombre": "Cali", "departamento_codigo": "76"} in municipios
    assert all(m["departamento_codigo"] == "76" for m in municipios)


@pytest.mark.parametrize("codigo", ["00", "7", "Valle"])
async def test_municipios_de_departamento_desconocido_responde_404(
    cliente: httpx.AsyncClient, codigo: str
) -> None:
    respuesta = await cliente.get(f"/catalogos/departamentos/{codigo}/municipios")

    assert respuesta.status_code == 404
    assert respuesta.headers["content-type"] == PROBLEMA
    assert respuesta.json()["code"] == "departamento-no-encontrado"
    assert "cache-control" not in respuesta.headers


async def test_ips_de_un_municipio(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/ips", params={"municipio": "76001"})

    assert respuesta.status_code == 200
    ips = respuesta.json()
    assert {
        "codigo": "760010000001",
        "nombre": "COMFANDI EL PRADO",
        "direccion": None,
        "telefono": None,
        "municipio_divipola": "76001",
    } in ips
    assert all(i["municipio_divipola"] == "76001" for i in ips)


@pytest.mark.parametrize(
    ("params", "mensaje"),
    [
        ({}, "es obligatorio"),
        ({"municipio": ""}, "es obligatorio"),
        ({"municipio": "Cali"}, "5 dígitos"),
        ({"municipio": "760010"}, "5 dígitos"),
        ({"municipio": "76999"}, "no es un municipio de Colombia"),
    ],
)
async def test_ips_sin_municipio_valido_responde_422(
    cliente: httpx.AsyncClient, params: dict[str, str], mensaje: str
) -> None:
    respuesta = await cliente.get("/catalogos/ips", params=params)

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"] == PROBLEMA
    [error] = respuesta.json()["errores"]
    assert error["campo"] == "municipio"
    assert mensaje in error["mensaje"]


async def test_tipos_de_documento_con_sus_edades(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/tipos-documento")

    tipos = {t["codigo"]: t for t in respuesta.json()}
    assert set(tipos) == {t.value for t in TipoDocumento}
    assert tipos["TI"] == {
        "codigo": "TI",
        "nombre": "tarjeta de identidad",
        "edad_desde_meses": 84,
        "edad_hasta_meses": 216,
        "edades": "de 7 a 17 años",
    }
    assert tipos["CC"]["edad_hasta_meses"] is None
    assert tipos["PA"]["edades"] is None


async def test_las_22_novedades_con_sus_soportes(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/novedades")

    novedades = respuesta.json()
    assert [n["codigo"] for n in novedades] == list(range(1, 23))
    assert all(n["soportes"] for n in novedades)
    estudios = novedades[21]
    assert estudios["nombre"] == "Estudios"
    assert estudios["grupo"] == "NOVEDADES BENEFICIARIOS"
    assert estudios["aplica_a"] == ["BENEFICIARIO"]
    assert estudios["soportes"][0] == {
        "codigo": "DECLARACION_BENEFICIARIO_ESTUDIANTE",
        "descripcion": TipoSoporte.DECLARACION_BENEFICIARIO_ESTUDIANTE.descripcion,
    }


async def test_motivos_de_cambio_de_ips_en_espanol(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/motivos-cambio-ips")

    motivos = respuesta.json()
    assert [m["codigo"] for m in motivos] == [m.value for m in MotivoCambioIPS]
    assert motivos[0] == {"codigo": "CAMBIO_DE_RESIDENCIA", "nombre": "Cambio de residencia"}


async def test_tipos_de_soporte_con_su_descripcion(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/catalogos/tipos-soporte")

    tipos = respuesta.json()
    assert len(tipos) == len(TipoSoporte)
    assert {
        "codigo": "DOCUMENTO_IDENTIDAD",
        "descripcion": "Copia del documento de identificación",
    } in tipos


async def test_etnias_y_escolaridades_del_formulario(cliente: httpx.AsyncClient) -> None:
    etnias = (await cliente.get("/catalogos/etnias")).json()
    escolaridades = (await cliente.get("/catalogos/escolaridades")).json()

    assert {"codigo": "NINGUNO", "nombre": "Ninguno de los anteriores"} in etnias
    assert {"codigo": "TECNOLOGICA", "nombre": "Tecnológica"} in escolaridades
