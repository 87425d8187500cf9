"""The one-origin gateway: what it forwards, what it keeps to itself, how it fails.

The upstream service is an httpx ``MockTransport`` that records the request it receives (a
unit test of the forwarding rules); the end-to-end test through real services is
``tests/e2e/test_e2e_pasarela.py``.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from eps_runtime.testing.smtp import puerto_libre
from eps_runtime.testing.tokens import EmisorTokens
from portal.entrypoints.api import create_app
from portal.settings import PortalSettings

recibidas: list[httpx.Request] = []


def _servicio(request: httpx.Request) -> httpx.Response:
    recibidas.append(request)
    return httpx.Response(
        201,
        # A stream, as a real connection gives: the gateway relays it without reading it all.
        stream=httpx.ByteStream(b'{"ok": true}'),
        headers={
            "Content-Type": "application/json",
            "ETag": '"7"',
            "Set-Cookie": "intruso=1",
            "Location": "/afiliados/1",
        },
    )


def _app(**ajustes: object) -> FastAPI:
    settings = PortalSettings(
        database_url="postgresql+asyncpg://eps:eps@127.0.0.1:1/nada",
        affiliation_url="http://affiliation.interno:8001",
        **ajustes,  # type: ignore[arg-type]
    )
    return create_app(settings, verificador=EmisorTokens().verificador())


@pytest.fixture
async def portal() -> AsyncIterator[httpx.AsyncClient]:
    recibidas.clear()
    app = _app()
    async with httpx.AsyncClient(transport=httpx.MockTransport(_servicio)) as upstream:
        app.state.cliente_pasarela = upstream
        transporte = httpx.ASGITransport(app=app, client=("203.0.113.9", 5555))
        async with httpx.AsyncClient(transport=transporte, base_url="http://portal") as cliente:
            yield cliente


async def test_pasarela_reenvia_token_ruta_y_consulta_tal_como_llegaron(
    portal: httpx.AsyncClient,
) -> None:
    respuesta = await portal.post(
        "/api/affiliation/mi/soportes/a%2Fb?x=1&x=2&y=%C3%B1",
        content=b'{"a":1}',
        headers={
            "Authorization": "Bearer abc.def.ghi",
            "Content-Type": "application/json",
            "If-Match": '"6"',
        },
    )
    assert respuesta.status_code == 201
    assert respuesta.json() == {"ok": True}
    (enviada,) = recibidas
    assert enviada.url.host == "affiliation.interno"
    assert enviada.url.raw_path == b"/mi/soportes/a%2Fb?x=1&x=2&y=%C3%B1"
    assert enviada.headers["authorization"] == "Bearer abc.def.ghi"
    assert enviada.headers["if-match"] == '"6"'
    assert enviada.headers["x-forwarded-for"] == "203.0.113.9"
    assert enviada.headers["x-forwarded-prefix"] == "/api/affiliation"
    assert enviada.content == b'{"a":1}'


async def test_pasarela_no_entrega_las_cookies_del_portal_ni_acepta_las_del_servicio(
    portal: httpx.AsyncClient,
) -> None:
    respuesta = await portal.get(
        "/api/affiliation/mi/afiliacion", headers={"Cookie": "__Host-sesion=secreto"}
    )
    (enviada,) = recibidas
    assert "cookie" not in enviada.headers
    assert "set-cookie" not in respuesta.headers
    assert respuesta.headers["etag"] == '"7"'
    assert respuesta.headers["location"] == "/afiliados/1"


async def test_servicio_desconocido_es_404_y_no_sale_de_la_pasarela(
    portal: httpx.AsyncClient,
) -> None:
    respuesta = await portal.get("/api/pagos/facturas")
    assert respuesta.status_code == 404
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    assert respuesta.json()["code"] == "servicio-desconocido"
    assert recibidas == []


async def test_servicio_caido_es_502_con_mensaje_en_espanol() -> None:
    app = _app(identity_url=f"http://127.0.0.1:{puerto_libre()}")
    async with httpx.AsyncClient() as upstream:
        app.state.cliente_pasarela = upstream
        transporte = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transporte, base_url="http://portal") as cliente:
            respuesta = await cliente.post("/api/identity/registro/validacion", json={})
    assert respuesta.status_code == 502
    assert respuesta.json()["code"] == "servicio-no-disponible"
    assert "identity" in respuesta.json()["detail"]


async def test_cuerpo_mayor_al_maximo_es_413_sin_llegar_al_servicio(
    portal: httpx.AsyncClient,
) -> None:
    respuesta = await portal.post("/api/affiliation/mi/soportes", content=b"x" * (9 * 1024 * 1024))
    assert respuesta.status_code == 413
    assert recibidas == []
