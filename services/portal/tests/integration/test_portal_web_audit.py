"""«Quién consultó mis datos» in the web portal: the page reads the audit service's
``/mi/accesos`` with the signed-in user's token (identity and audit faked at the HTTP
boundary) and shows who, what, through which option and when; audit's refusal (a person
the user may not see) is the page's alert."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from types import SimpleNamespace
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from eps_runtime.auth import Rol
from eps_runtime.db import create_engine
from eps_runtime.http import install_problem_handlers
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from portal.entrypoints import web
from portal.settings import PortalSettings

from .test_portal_web_sesiones import CONTRASENA, PUBLICA, SERVICIO, Consulta, Reloj

pytestmark = pytest.mark.integration

AJENO = UUID("2f8fad5b-d9cb-469f-a165-70867728950e")


@dataclass
class Servicios:
    """identity (sign-in) and audit (/mi/accesos), answering what the pages ask."""

    emisor: EmisorTokens
    afiliado_id: UUID
    pedidos_audit: list[httpx.Request] = field(default_factory=list)

    def __call__(self, request: httpx.Request) -> httpx.Response:
        if request.url.host == "identity.test" and request.url.path == "/sesiones":
            cuerpo = json.loads(request.content)
            assert cuerpo["contrasena"] == CONTRASENA
            return httpx.Response(
                200,
                json={
                    "access_token": self.emisor.emitir(
                        rol=Rol.AFILIADO, afiliado_id=self.afiliado_id
                    ),
                    "token_type": "Bearer",
                    "expires_in": 900,
                    "refresh_token": "renovacion-secreta-0001-abcdefgh",
                    "sesion_vence_en": "2100-01-01T00:00:00+00:00",
                },
            )
        if request.url.host == "audit.test" and request.url.path == "/mi/accesos":
            self.pedidos_audit.append(request)
            if request.url.params.get("afiliado_id") == str(AJENO):
                return httpx.Response(
                    404,
                    json={
                        "status": 404,
                        "code": "afiliado-no-encontrado",
                        "detail": "No existe un afiliado con ese identificador.",
                    },
                    headers={"Content-Type": "application/problem+json"},
                )
            return httpx.Response(
                200,
                json={
                    "elementos": [
                        {
                            "evento_id": str(uuid4()),
                            "afiliado_id": str(self.afiliado_id),
                            "lector_usuario_id": "auditor-<b>7</b>",
                            "lector_rol": "auditor",
                            "recurso": "historial-afiliado",
                            "operacion": "GET /auditoria/afiliados/{afiliado_id}/historial",
                            "servicio": "audit",
                            "consultado_en": "2026-12-03T15:04:05Z",
                        }
                    ],
                    "siguiente": "c2lndWllbnRl",
                },
            )
        return httpx.Response(404, json={"status": 404, "detail": "No.", "code": "x"})


@dataclass
class Portal:
    cliente: httpx.AsyncClient
    servicios: Servicios

    async def ingresar(self) -> None:
        pagina = await self.cliente.get("/ingreso")
        hallado = re.search(r'name="csrf" value="([0-9a-f]+)"', pagina.text)
        assert hallado is not None
        r = await self.cliente.post(
            "/ingreso",
            data={
                "csrf": hallado.group(1),
                "tipo_documento": "CC",
                "numero_documento": "1234567890",
                "contrasena": CONTRASENA,
            },
        )
        assert r.status_code == 303, r.text


@pytest.fixture
async def portal(infrastructure: Infrastructure) -> AsyncIterator[Portal]:
    url = await infrastructure.create_migrated_database(SERVICIO, "portal_web_audit")
    engine = create_engine(url)
    emisor = EmisorTokens()
    afiliado_id = uuid4()
    servicios = Servicios(emisor, afiliado_id)
    settings = PortalSettings(
        database_url=url,
        url_publica=PUBLICA,
        cookie_segura=True,
        identity_url="http://identity.test",
        affiliation_url="http://affiliation.test",
        servicios={"audit": "http://audit.test"},
    )
    app = FastAPI()
    install_problem_handlers(app)
    app.state.engine = engine
    app.state.verificador_tokens = emisor.verificador()
    app.state.componentes = SimpleNamespace(consulta=Consulta(afiliado_id))
    web.instalar(app, settings, transporte=httpx.MockTransport(servicios), reloj=Reloj())
    async with (
        web.clientes(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=PUBLICA, headers={"Origin": PUBLICA}
        ) as cliente,
    ):
        yield Portal(cliente, servicios)
    await engine.dispose()


async def test_el_afiliado_ve_quien_consulto_sus_datos_en_el_portal(portal: Portal) -> None:
    await portal.ingresar()

    r = await portal.cliente.get("/mi-cuenta/accesos")

    assert r.status_code == 200
    assert "Quién consultó mis datos" in r.text
    assert "Auditor" in r.text and "Su historia de trámites" in r.text
    assert "2026-12-03 15:04 UTC" in r.text
    assert "auditor-&lt;b&gt;7&lt;/b&gt;" in r.text  # escaped, never markup
    assert 'href="/mi-cuenta/accesos?cursor=c2lndWllbnRl"' in r.text
    [pedido] = portal.servicios.pedidos_audit
    assert pedido.headers["Authorization"].startswith("Bearer ")
    assert 'href="/mi-cuenta/accesos"' in (await portal.cliente.get("/inicio")).text  # menu


async def test_los_accesos_de_alguien_que_no_puede_ver_muestran_el_mensaje_de_auditoria(
    portal: Portal,
) -> None:
    await portal.ingresar()

    r = await portal.cliente.get("/mi-cuenta/accesos", params={"afiliado_id": str(AJENO)})

    assert r.status_code == 404
    assert "No existe un afiliado con ese identificador." in r.text


async def test_parametros_extranos_no_llegan_a_auditoria(portal: Portal) -> None:
    await portal.ingresar()

    r = await portal.cliente.get(
        "/mi-cuenta/accesos", params={"afiliado_id": "../../x", "cursor": "a/b"}
    )

    assert r.status_code == 200
    [pedido] = portal.servicios.pedidos_audit
    assert dict(pedido.url.params) == {}


async def test_sin_sesion_la_pagina_lleva_al_ingreso(portal: Portal) -> None:
    r = await portal.cliente.get("/mi-cuenta/accesos")
    assert r.status_code in (302, 303) and "/ingreso" in r.headers["location"]
