"""HTTP problem mapping and log redaction: what a caller and an operator see."""

from __future__ import annotations

import io
import json
import uuid

import httpx
import pytest
import structlog
from fastapi import FastAPI
from pydantic import BaseModel, Field

from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.http import NotFound, TracingMiddleware, install_problem_handlers
from eps_runtime.logging import REDACTED, configure_logging


class Cuerpo(BaseModel):
    numero: str = Field(min_length=3)
    edad: int


def app() -> FastAPI:
    application = FastAPI()
    application.add_middleware(TracingMiddleware)
    install_problem_handlers(application)

    @application.post("/eco")
    async def eco(cuerpo: Cuerpo) -> Cuerpo:
        return cuerpo

    @application.get("/conflicto")
    async def conflicto() -> None:
        raise ConflictoDeVersion(uuid.uuid4(), 3)

    @application.get("/ajeno")
    async def ajeno() -> None:
        raise NotFound("No existe un afiliado con ese identificador.")

    @application.get("/falla")
    async def falla() -> None:
        raise RuntimeError("detalle interno con datos")

    return application


@pytest.fixture
async def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=app(), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://prueba")


async def test_datos_invalidos_responden_422_problem_json_en_espanol(
    client: httpx.AsyncClient,
) -> None:
    response = await client.post("/eco", json={"numero": "1", "edad": "muchos"})
    assert response.status_code == 422
    assert response.headers["content-type"] == "application/problem+json"
    body = response.json()
    assert body["code"] == "datos-invalidos"
    assert {"campo": "numero", "mensaje": "es demasiado corto"} in body["errores"]
    assert {"campo": "edad", "mensaje": "debe ser un número entero"} in body["errores"]


async def test_json_malformado_es_422_y_no_500(client: httpx.AsyncClient) -> None:
    response = await client.post(
        "/eco", content=b"{no es json", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422


async def test_conflicto_de_version_responde_409(client: httpx.AsyncClient) -> None:
    response = await client.get("/conflicto")
    assert response.status_code == 409
    assert response.json()["code"] == "conflicto-de-version"
    assert "al mismo tiempo" in response.json()["detail"]


async def test_lo_que_no_existe_o_no_se_puede_ver_es_404(client: httpx.AsyncClient) -> None:
    response = await client.get("/ajeno")
    assert response.status_code == 404
    assert response.json()["detail"] == "No existe un afiliado con ese identificador."


async def test_error_inesperado_no_revela_detalles(client: httpx.AsyncClient) -> None:
    response = await client.get("/falla")
    assert response.status_code == 500
    assert "datos" not in response.json()["detail"]


def test_los_logs_nunca_llevan_contrasenas_ni_tokens() -> None:
    output = io.StringIO()
    configure_logging("prueba", stream=output)
    structlog.get_logger().info(
        "login",
        documento="CC",
        password="secreta-123",
        access_token="eyJhbGciOi",
        solicitud={"respuesta_pregunta": "Calle 5", "correo": "a@b.co"},
        archivo=b"%PDF-1.7",
    )
    structlog.reset_defaults()  # the other tests keep logging to the console
    line = json.loads(output.getvalue().strip().splitlines()[-1])
    assert line["service"] == "prueba"
    assert line["password"] == REDACTED
    assert line["access_token"] == REDACTED
    assert line["solicitud"]["respuesta_pregunta"] == REDACTED
    assert line["solicitud"]["correo"] == "a@b.co"
    assert line["archivo"] == "<8 bytes>"
    assert "secreta-123" not in json.dumps(line)


def test_lineas_de_log_y_de_spans_escritas_a_la_vez_no_se_mezclan(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Spans are exported from a thread of their own while requests log: every line of the
    process's output must still be one whole JSON object."""
    import sys
    import threading

    from eps_runtime.logging import SALIDA

    salida = io.StringIO()
    monkeypatch.setattr(sys, "stdout", salida)
    configure_logging("prueba")
    log = structlog.get_logger("prueba")
    span = json.dumps({"name": "GET /x", "attributes": {"relleno": "s" * 2000}}) + "\n"

    def exportar_spans() -> None:
        for _ in range(300):
            SALIDA.write(span)

    hilo = threading.Thread(target=exportar_spans)
    hilo.start()
    for i in range(300):
        log.info("consulta", relleno="l" * 2000, i=i)
    hilo.join()
    lineas = salida.getvalue().splitlines()
    assert len(lineas) == 600
    for linea in lineas:
        json.loads(linea)


def test_el_servidor_no_escribe_access_log_aunque_el_logging_se_configure_de_nuevo() -> None:
    """uvicorn's access lines carry the query string (a search by document number)."""
    import logging

    configure_logging("prueba")
    configure_logging("prueba")
    assert not logging.getLogger("uvicorn.access").hasHandlers()
