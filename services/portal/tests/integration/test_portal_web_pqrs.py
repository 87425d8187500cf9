"""Contáctenos and the survey in the web portal, over a real session (PostgreSQL), with
identity faked at the HTTP boundary and the real PQRS API (on in-memory fakes) behind it."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from types import SimpleNamespace
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from eps_runtime.db import create_engine
from eps_runtime.http import install_problem_handlers
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from portal.entrypoints import web
from portal.settings import PortalSettings
from pqrs.bootstrap import bootstrap_en_memoria
from pqrs.entrypoints.api import create_app as crear_pqrs
from pqrs.settings import PqrsSettings

from .test_portal_web_sesiones import PUBLICA, SERVICIO, Consulta, Identidad, Portal, Reloj

pytestmark = pytest.mark.integration


class PorHost(httpx.AsyncBaseTransport):
    def __init__(self, transportes: dict[str, httpx.AsyncBaseTransport]) -> None:
        self._transportes = transportes

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        return await self._transportes[request.url.host].handle_async_request(request)


@pytest.fixture
async def portal(infrastructure: Infrastructure) -> AsyncIterator[Portal]:
    url = await infrastructure.create_migrated_database(SERVICIO, "portal_web")
    engine = create_engine(url)
    emisor = EmisorTokens()
    reloj = Reloj()
    afiliado_id = uuid4()
    identidad = Identidad(emisor, afiliado_id, reloj)
    consulta = Consulta(afiliado_id)
    pqrs = crear_pqrs(
        PqrsSettings(database_url="postgresql+asyncpg://eps:eps@127.0.0.1:1/nada"),
        verificador=emisor.verificador(),
    )
    pqrs.state.aplicacion = bootstrap_en_memoria()
    settings = PortalSettings(
        database_url=url,
        url_publica=PUBLICA,
        cookie_segura=True,
        identity_url="http://identity.test",
        affiliation_url="http://affiliation.test",
        servicios={"pqrs": "http://pqrs.test"},
    )
    app = FastAPI()
    install_problem_handlers(app)
    app.state.engine = engine
    app.state.verificador_tokens = emisor.verificador()
    app.state.componentes = SimpleNamespace(consulta=consulta)
    transporte = PorHost(
        {
            "identity.test": httpx.MockTransport(identidad),
            "affiliation.test": httpx.MockTransport(identidad),
            "pqrs.test": httpx.ASGITransport(app=pqrs),
        }
    )
    web.instalar(app, settings, transporte=transporte, reloj=reloj)  # type: ignore[arg-type]
    async with (
        web.clientes(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=PUBLICA,
            headers={"Origin": PUBLICA},
        ) as cliente,
    ):
        yield Portal(cliente, identidad, reloj, engine, consulta)
    await pqrs.state.engine.dispose()
    await engine.dispose()


async def test_afiliado_radica_un_reclamo_lo_busca_y_ve_su_texto_como_texto(
    portal: Portal,
) -> None:
    await portal.ingresar()
    token = await portal.csrf("/mi-cuenta/contactenos")

    radicada = await portal.cliente.post(
        "/mi-cuenta/contactenos",
        data={"csrf": token, "tipo": "RECLAMO", "descripcion": "<script>alert(1)</script>"},
    )

    assert radicada.status_code == 201, radicada.text
    hallado = re.search(r"número de radicado (\d{4}-\d+) enviaremos respuesta", radicada.text)
    assert hallado is not None
    radicado = hallado.group(1)
    consulta = await portal.cliente.get(f"/mi-cuenta/contactenos?radicado={radicado}")
    assert consulta.status_code == 200
    assert "RESULTADO DE LA CONSULTA" in consulta.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in consulta.text
    assert "<script>alert(1)" not in consulta.text
    assert "Esta solicitud se encuentra en gestión" in consulta.text
    assert f'?radicado={radicado}">{radicado}</a>' in consulta.text  # in «Mis solicitudes»


async def test_radicado_que_no_es_suyo_muestra_no_encontrado(portal: Portal) -> None:
    await portal.ingresar()

    respuesta = await portal.cliente.get("/mi-cuenta/contactenos?radicado=2026-77")

    assert respuesta.status_code == 404
    assert "No encontramos una solicitud con ese número de radicado." in respuesta.text


async def test_descripcion_vacia_muestra_el_error_junto_al_campo(portal: Portal) -> None:
    await portal.ingresar()
    token = await portal.csrf("/mi-cuenta/contactenos")

    respuesta = await portal.cliente.post(
        "/mi-cuenta/contactenos", data={"csrf": token, "tipo": "QUEJA", "descripcion": ""}
    )

    assert respuesta.status_code == 422
    assert 'id="campo-descripcion-error"' in respuesta.text


async def test_encuesta_una_vez_al_mes(portal: Portal) -> None:
    await portal.ingresar()
    token = await portal.csrf("/mi-cuenta/encuesta")
    datos = {"csrf": token, "facilidad": "5", "tiempo": "4", "claridad": "4", "satisfaccion": "5"}

    primera = await portal.cliente.post("/mi-cuenta/encuesta", data=datos)
    segunda = await portal.cliente.post("/mi-cuenta/encuesta", data=datos)

    assert primera.status_code == 200
    assert "Gracias por responder la encuesta de satisfacción." in primera.text
    assert segunda.status_code == 409
    assert "ya respondió la encuesta de satisfacción este mes" in segunda.text
