"""What the outside probe of issue 17 found at the edge of every service: control characters,
framework errors in English, logs with personal data, an OpenAPI that does not say what the
API answers."""

from __future__ import annotations

import io
import json
import logging
from typing import Any

import httpx
import pytest
import structlog
from fastapi import FastAPI, Form, UploadFile
from pydantic import BaseModel, Field
from sqlalchemy.exc import IntegrityError

from eps_runtime.http import (
    instalar_rechazo_de_controles,
    install_problem_handlers,
    openapi_con_problemas,
)
from eps_runtime.logging import configure_logging


class Persona(BaseModel):
    nombre: str = Field(min_length=1)
    comentario: str | None = None


def _app() -> FastAPI:
    app = FastAPI()
    instalar_rechazo_de_controles(app)
    install_problem_handlers(app)

    @app.post("/personas")
    async def crear(persona: Persona) -> Persona:
        return persona

    @app.get("/buscar")
    async def buscar(numero: str) -> dict[str, str]:
        return {"numero": numero}

    @app.post("/subir")
    async def subir(archivo: UploadFile, nota: str = Form("")) -> dict[str, str]:
        return {"nombre": archivo.filename or ""}

    @app.get("/sql")
    async def sql() -> None:
        raise IntegrityError(
            "INSERT INTO documentos VALUES ($1, $2)", ("CC", "1000000001"), Exception("dup")
        )

    app.openapi = lambda: openapi_con_problemas(app)  # type: ignore[method-assign]
    return app


@pytest.fixture
def cliente() -> httpx.AsyncClient:
    transporte = httpx.ASGITransport(app=_app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transporte, base_url="http://prueba")


async def _problema(respuesta: httpx.Response, status: int) -> dict[str, Any]:
    assert respuesta.status_code == status, respuesta.text
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    cuerpo: dict[str, Any] = respuesta.json()
    return cuerpo


async def test_un_caracter_nul_en_el_cuerpo_es_422_en_espanol(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post(
        "/personas",
        content=b'{"nombre": "Ana\\u0000"}',
        headers={"content-type": "application/json"},
    )
    cuerpo = await _problema(respuesta, 422)
    assert cuerpo["code"] == "caracteres-de-control"
    assert "control" in cuerpo["detail"]


async def test_un_caracter_de_control_en_la_consulta_es_422(cliente: httpx.AsyncClient) -> None:
    cuerpo = await _problema(await cliente.get("/buscar", params={"numero": "10\x00"}), 422)
    assert cuerpo["code"] == "caracteres-de-control"


async def test_saltos_de_linea_y_tabuladores_en_textos_libres_se_aceptan(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await cliente.post("/personas", json={"nombre": "Ana", "comentario": "a\n\tb"})
    assert respuesta.status_code == 200
    assert respuesta.json()["comentario"] == "a\n\tb"


async def test_un_cuerpo_que_no_es_utf8_responde_en_espanol(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post(
        "/personas", content=b'{"nombre": "\xff\xfe"}', headers={"content-type": "application/json"}
    )
    assert respuesta.status_code in (400, 422)
    cuerpo = await _problema(respuesta, respuesta.status_code)
    assert "There was an error" not in cuerpo["detail"]
    assert cuerpo["code"] in ("cuerpo-ilegible", "datos-invalidos")


async def test_un_multipart_invalido_responde_en_espanol(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post(
        "/subir",
        content=b'--x\r\nContent-Disposition: form-data; name="archivo"; filename="'
        + b"a" * 5000
        + b'"\r\n\r\nhola\r\n--x--\r\n',
        headers={"content-type": "multipart/form-data; boundary=x"},
    )
    assert respuesta.status_code < 500
    if respuesta.status_code >= 400:
        cuerpo = await _problema(respuesta, respuesta.status_code)
        assert "Invalid" not in cuerpo["detail"] and "multipart" not in cuerpo["detail"]


async def test_un_metodo_no_permitido_dice_cuales_si(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.delete("/personas")
    await _problema(respuesta, 405)
    assert respuesta.headers["allow"] == "POST"


async def test_el_error_inesperado_no_lleva_datos_personales_al_log(
    cliente: httpx.AsyncClient,
) -> None:
    salida = io.StringIO()
    configure_logging("prueba", stream=salida)
    try:
        respuesta = await cliente.get("/sql")
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers.clear()
    assert respuesta.status_code == 500
    lineas = [json.loads(linea) for linea in salida.getvalue().splitlines()]
    assert lineas, "el error se registra"
    texto = salida.getvalue()
    assert "1000000001" not in texto and "'CC'" not in texto
    assert any(linea.get("error") == "IntegrityError" for linea in lineas)


def test_los_registros_de_la_libreria_estandar_tambien_son_json_sin_mensajes_de_error() -> None:
    salida = io.StringIO()
    configure_logging("prueba", stream=salida)
    try:
        try:
            raise ValueError("Key (numero_documento)=(1000000001) already exists.")
        except ValueError:
            logging.getLogger("uvicorn.error").exception("Exception in ASGI application")
    finally:
        structlog.reset_defaults()
        logging.getLogger().handlers.clear()
    [linea] = [json.loads(x) for x in salida.getvalue().splitlines()]
    assert linea["event"] == "Exception in ASGI application"
    assert "1000000001" not in salida.getvalue()
    assert "ValueError" in linea["exception"]


def test_el_openapi_documenta_los_problemas_como_problem_json() -> None:
    documento = _app().openapi()
    operacion = documento["paths"]["/personas"]["post"]
    assert "application/problem+json" in operacion["responses"]["422"]["content"]
    assert "application/json" not in operacion["responses"]["422"]["content"]
    assert "400" in operacion["responses"]
    assert "Problema" in documento["components"]["schemas"]


async def test_el_405_nombra_todos_los_metodos_de_la_ruta() -> None:
    app = _app()

    @app.get("/varios")
    async def leer() -> dict[str, str]:
        return {}

    @app.post("/varios")
    async def crear() -> dict[str, str]:
        return {}

    transporte = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transporte, base_url="http://prueba") as cliente:
        respuesta = await cliente.request("OPTIONS", "/varios")
    assert respuesta.status_code == 405
    assert respuesta.headers["allow"] == "GET, POST"


async def test_un_tipo_equivocado_se_explica_en_espanol_y_nunca_con_el_mensaje_de_pydantic(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await cliente.post("/personas", json={"nombre": "Ana", "comentario": {"a": 1}})
    cuerpo = await _problema(respuesta, 422)
    assert "Input should" not in cuerpo["detail"]
    assert cuerpo["errores"] == [{"campo": "comentario", "mensaje": "debe ser texto"}]
