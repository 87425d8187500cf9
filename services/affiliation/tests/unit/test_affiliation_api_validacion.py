"""The HTTP layer with in-memory fakes: validation, versions and problem+json, in Spanish."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from affiliation.bootstrap import bootstrap_en_memoria
from affiliation.entrypoints.api import create_app
from affiliation.settings import AffiliationSettings
from eps_runtime.testing.tokens import EmisorTokens

PROBLEMA = "application/problem+json"


@pytest.fixture
async def cliente(emisor: EmisorTokens, token_operador: str) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(AffiliationSettings(), verificador=emisor.verificador())
    app.state.aplicacion = bootstrap_en_memoria()  # the engine is never connected
    transporte = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transporte,
        base_url="http://afiliacion",
        headers={"Authorization": f"Bearer {token_operador}"},
    ) as c:
        yield c
    await app.state.engine.dispose()


def solicitud(**cambios: Any) -> dict[str, Any]:
    return {
        "tipo_documento": "CC",
        "numero_documento": "1000000001",
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "fecha_nacimiento": "1990-05-17",
        "sexo": "F",
        "tipo_afiliado": "COTIZANTE",
        "regimen": "CONTRIBUTIVO",
        "email": "ana.perez@example.com",
        "telefono_movil": "300 123 4567",
    } | cambios


async def test_registro_valido_responde_201_con_ubicacion_y_etag(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await cliente.post("/afiliados", json=solicitud())

    assert respuesta.status_code == 201
    cuerpo = respuesta.json()
    assert cuerpo["version"] == 1
    assert respuesta.headers["location"] == f"/afiliados/{cuerpo['afiliado_id']}"
    assert respuesta.headers["etag"] == '"1"'


async def test_texto_se_normaliza_antes_de_validar(cliente: httpx.AsyncClient) -> None:
    creado = await cliente.post(
        "/afiliados",
        json=solicitud(primer_nombre="  Ana  ", segundo_nombre="", email=" ANA@Example.COM "),
    )
    vista = (await cliente.get(creado.headers["location"])).json()

    assert vista["primer_nombre"] == "Ana"
    assert vista["segundo_nombre"] is None
    assert vista["email"] == "ana@example.com"
    assert vista["telefono_movil"] == "3001234567"


@pytest.mark.parametrize(
    ("cambios", "campo", "mensaje"),
    [
        ({"numero_documento": "12AB"}, "numero_documento", "solo admite dígitos"),
        ({"numero_documento": "12"}, "numero_documento", "entre 3 y 16 caracteres"),
        ({"tipo_documento": "XX"}, "tipo_documento", "no es un valor permitido"),
        ({"primer_nombre": ""}, "primer_nombre", "es obligatorio"),
        ({"primer_nombre": "Ana3"}, "primer_nombre", "solo admite letras"),
        ({"primer_nombre": 5}, "primer_nombre", "debe ser texto"),
        ({"fecha_nacimiento": "17/05/1990"}, "fecha_nacimiento", "AAAA-MM-DD"),
        ({"email": "ana"}, "email", "correo electrónico"),
        ({"telefono_movil": "6024898686"}, "telefono_movil", "celular colombiano"),
        ({"municipio_divipola": "Cali"}, "municipio_divipola", "DIVIPOLA"),
        ({"cotizante_id": "abc"}, "cotizante_id", "identificador válido"),
    ],
)
async def test_datos_invalidos_responden_422_en_espanol(
    cliente: httpx.AsyncClient, cambios: dict[str, Any], campo: str, mensaje: str
) -> None:
    respuesta = await cliente.post("/afiliados", json=solicitud(**cambios))

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    problema = respuesta.json()
    assert problema["code"] == "datos-invalidos"
    [error] = [e for e in problema["errores"] if e["campo"] == campo]
    assert mensaje in error["mensaje"]


async def test_cuerpo_que_no_es_un_objeto_responde_422(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post("/afiliados", json=["CC", "1000000001"])
    assert respuesta.status_code == 422
    assert "objeto JSON" in respuesta.json()["detail"]


async def test_regla_de_dominio_responde_422_con_su_codigo(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post("/afiliados", json=solicitud(fecha_nacimiento="2015-01-01"))

    assert respuesta.status_code == 422
    problema = respuesta.json()
    assert problema["code"] == "documento-no-corresponde-a-edad"
    assert problema["errores"] == [{"campo": "tipo_documento", "mensaje": problema["detail"]}]


async def test_documento_ya_registrado_responde_409(cliente: httpx.AsyncClient) -> None:
    await cliente.post("/afiliados", json=solicitud())
    respuesta = await cliente.post("/afiliados", json=solicitud(primer_nombre="Otra"))

    assert respuesta.status_code == 409
    assert respuesta.json()["detail"] == "Ya existe un afiliado con ese documento."


async def _registrado(cliente: httpx.AsyncClient) -> str:
    respuesta = await cliente.post("/afiliados", json=solicitud())
    return str(respuesta.headers["location"])


async def test_cambio_de_contacto_sin_version_responde_428(cliente: httpx.AsyncClient) -> None:
    ubicacion = await _registrado(cliente)

    respuesta = await cliente.patch(f"{ubicacion}/contacto", json={"email": "a@example.org"})

    assert respuesta.status_code == 428
    assert respuesta.json()["code"] == "version-requerida"


@pytest.mark.parametrize("if_match", ["1", '"1"', 'W/"1"'])
async def test_if_match_acepta_la_version_con_o_sin_comillas(
    cliente: httpx.AsyncClient, if_match: str
) -> None:
    ubicacion = await _registrado(cliente)

    respuesta = await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "a@example.org"}, headers={"If-Match": if_match}
    )

    assert respuesta.status_code == 200
    assert respuesta.json()["version"] == 2
    assert respuesta.headers["etag"] == '"2"'


async def test_version_en_el_cuerpo_sirve_sin_if_match(cliente: httpx.AsyncClient) -> None:
    ubicacion = await _registrado(cliente)
    respuesta = await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "a@example.org", "version": 1}
    )
    assert respuesta.status_code == 200


@pytest.mark.parametrize("if_match", ["*", "abc", "0", '"1", "2"'])
async def test_if_match_ilegible_responde_422(cliente: httpx.AsyncClient, if_match: str) -> None:
    ubicacion = await _registrado(cliente)
    respuesta = await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "a@example.org"}, headers={"If-Match": if_match}
    )
    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "if-match-invalido"


async def test_versiones_contradictorias_responden_422(cliente: httpx.AsyncClient) -> None:
    ubicacion = await _registrado(cliente)
    respuesta = await cliente.patch(
        f"{ubicacion}/contacto",
        json={"email": "a@example.org", "version": 2},
        headers={"If-Match": "1"},
    )
    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "version-contradictoria"


async def test_cambio_sin_datos_de_contacto_responde_422(cliente: httpx.AsyncClient) -> None:
    ubicacion = await _registrado(cliente)
    respuesta = await cliente.patch(f"{ubicacion}/contacto", json={}, headers={"If-Match": "1"})
    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "sin-datos-de-contacto"


async def test_version_desactualizada_responde_409(cliente: httpx.AsyncClient) -> None:
    ubicacion = await _registrado(cliente)
    await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "a@example.org"}, headers={"If-Match": "1"}
    )

    respuesta = await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "b@example.org"}, headers={"If-Match": "1"}
    )

    assert respuesta.status_code == 409
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert respuesta.json()["code"] == "conflicto-de-version"


async def test_afiliado_inexistente_responde_404(cliente: httpx.AsyncClient) -> None:
    ruta = "/afiliados/00000000-0000-4000-8000-000000000000"
    for respuesta in (
        await cliente.get(ruta),
        await cliente.get(f"{ruta}/historial"),
        await cliente.patch(f"{ruta}/contacto", json={"email": None}, headers={"If-Match": "1"}),
    ):
        assert respuesta.status_code == 404
        assert respuesta.json()["code"] == "afiliado-no-encontrado"


async def test_identificador_mal_formado_responde_422(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/afiliados/no-es-un-uuid")
    assert respuesta.status_code == 422
