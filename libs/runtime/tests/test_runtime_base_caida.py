"""PostgreSQL down: every API answers 503 with a Spanish problem and Retry-After, never a 500
or a hang, and its log lines stay JSON without bound parameters (ADR 0011)."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import socket
from collections.abc import Iterator

import httpx
import pytest
import structlog
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime import db
from eps_runtime.db import create_engine, is_database_outage
from eps_runtime.http import service_app
from eps_runtime.logging import configure_logging
from eps_runtime.settings import ServiceSettings

DOCUMENTO = "1000000004"


def puerto_cerrado() -> int:
    """A loopback port nobody listens on: connections to it are refused."""
    with socket.socket() as sonda:
        sonda.bind(("127.0.0.1", 0))
        return int(sonda.getsockname()[1])


def app_sobre(url: str) -> FastAPI:
    engine = create_engine(url, pool_size=1)
    app = service_app(
        title="prueba",
        description="prueba",
        settings=ServiceSettings(service_name="prueba", database_url=url),
        engine=engine,
    )

    @app.get("/afiliados")
    async def consultar(documento: str) -> dict[str, int]:
        async with engine.connect() as conn:
            fila = (await conn.execute(text("SELECT :d::text"), {"d": documento})).scalar_one()
        return {"largo": len(fila)}

    @app.post("/afiliados")
    async def registrar(documento: str) -> None:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t VALUES (:d)"), {"d": documento})

    return app


@pytest.fixture
def logs() -> Iterator[io.StringIO]:
    salida = io.StringIO()
    raiz = logging.getLogger()
    manejadores = list(raiz.handlers)
    configure_logging("prueba", stream=salida)
    # Not cached: a module's logger cached now would keep writing here in later tests.
    structlog.configure(cache_logger_on_first_use=False)
    cliente = logging.getLogger("httpx")  # the test's own client logs the URL it asks for
    nivel = cliente.level
    cliente.setLevel(logging.WARNING)
    yield salida
    cliente.setLevel(nivel)
    structlog.reset_defaults()
    raiz.handlers[:] = manejadores


async def pedir(app: FastAPI, metodo: str, ruta: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://prueba") as client:
        return await client.request(metodo, ruta)


def lineas(salida: io.StringIO) -> list[dict[str, object]]:
    return [json.loads(linea) for linea in salida.getvalue().splitlines() if linea.strip()]


def assert_503_base_no_disponible(respuesta: httpx.Response) -> None:
    assert respuesta.status_code == 503
    assert respuesta.headers["content-type"] == "application/problem+json"
    assert int(respuesta.headers["retry-after"]) > 0
    cuerpo = respuesta.json()
    assert cuerpo["code"] == "base-de-datos-no-disponible"
    assert cuerpo["status"] == 503
    assert "base de datos" in cuerpo["detail"]
    assert "Intente de nuevo" in cuerpo["detail"]


async def test_con_postgresql_caido_consultas_y_comandos_responden_503_en_espanol(
    logs: io.StringIO,
) -> None:
    app = app_sobre(f"postgresql+asyncpg://eps:eps@127.0.0.1:{puerto_cerrado()}/nadie")
    assert_503_base_no_disponible(await pedir(app, "GET", f"/afiliados?documento={DOCUMENTO}"))
    assert_503_base_no_disponible(await pedir(app, "POST", f"/afiliados?documento={DOCUMENTO}"))
    registradas = lineas(logs)
    assert [linea["event"] for linea in registradas] == ["base_de_datos_no_disponible"] * 2
    assert DOCUMENTO not in logs.getvalue()
    assert "Traceback" not in logs.getvalue()


async def test_postgresql_que_acepta_la_conexion_y_no_responde_da_503_no_una_espera_sin_fin(
    logs: io.StringIO, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(db, "CONNECT_TIMEOUT_S", 0.5)
    colgados: list[asyncio.StreamWriter] = []

    async def mudo(_: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        colgados.append(writer)  # accepts the connection, never answers the startup message

    servidor = await asyncio.start_server(mudo, "127.0.0.1", 0)
    puerto = servidor.sockets[0].getsockname()[1]
    try:
        app = app_sobre(f"postgresql+asyncpg://eps:eps@127.0.0.1:{puerto}/nadie")
        assert_503_base_no_disponible(await pedir(app, "GET", f"/afiliados?documento={DOCUMENTO}"))
    finally:
        for writer in colgados:
            writer.close()
        servidor.close()
    assert DOCUMENTO not in logs.getvalue()


@pytest.mark.integration
async def test_un_error_del_comando_con_la_base_arriba_no_se_disfraza_de_caida(
    engine: AsyncEngine,
) -> None:
    async with engine.begin() as conn:
        await conn.execute(text("CREATE TABLE unico (id int PRIMARY KEY)"))
        await conn.execute(text("INSERT INTO unico VALUES (1)"))
    with pytest.raises(IntegrityError) as repetido:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO unico VALUES (1)"))
    assert not is_database_outage(repetido.value)
    assert not is_database_outage(FileNotFoundError("/archivos/soporte.pdf"))
