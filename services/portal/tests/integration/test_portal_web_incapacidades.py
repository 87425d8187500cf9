"""The «Incapacidades y licencias» pages over a real PostgreSQL session store, with identity
and the incapacities API faked at the HTTP boundary: the sheet, filing with the certificate
(the service's refusal shown next to its field), the certificate PDF passed through."""

from __future__ import annotations

from collections.abc import AsyncIterator
from types import SimpleNamespace
from typing import Any
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

from .test_portal_web_sesiones import (
    PUBLICA,
    SERVICIO,
    Consulta,
    Identidad,
    Portal,
    Reloj,
)

pytestmark = pytest.mark.integration

FILA = {
    "incapacidad_id": str(uuid4()),
    "folio": 41,
    "contingencia": "ENFERMEDAD_GENERAL",
    "diagnostico": "J06.9",
    "fecha_inicio": "2026-11-20",
    "dias": 5,
    "dias_acumulados": 8,
    "prorroga": True,
    "estado": "EN TRAMITE",
    "motivo": None,
}


class Incapacidades:
    def __init__(self) -> None:
        self.recibidos: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.recibidos.append(request)
        if request.url.path == "/incapacidades" and request.method == "GET":
            return httpx.Response(200, json=[FILA])
        if request.url.path == "/incapacidades" and request.method == "POST":
            if b"Q99" in request.content:
                return httpx.Response(
                    422,
                    json={
                        "status": 422,
                        "title": "Datos inválidos",
                        "type": "about:blank",
                        "code": "diagnostico-desconocido",
                        "detail": "El código CIE-10 del diagnóstico no existe en el catálogo.",
                        "errores": [{"campo": "diagnostico", "mensaje": "no existe"}],
                    },
                    headers={"content-type": "application/problem+json"},
                )
            return httpx.Response(201, json={**FILA, "folio": 42})
        if request.url.path.endswith("/certificado.pdf"):
            return httpx.Response(
                200,
                content=b"%PDF-1.4 demo",
                headers={
                    "content-type": "application/pdf",
                    "content-disposition": 'attachment; filename="incapacidad-41.pdf"',
                },
            )
        return httpx.Response(404, json={"status": 404, "detail": "No existe.", "code": "x"})


@pytest.fixture
async def portal(infrastructure: Infrastructure) -> AsyncIterator[tuple[Portal, Incapacidades]]:
    url = await infrastructure.create_migrated_database(SERVICIO, "portal_incap")
    engine = create_engine(url)
    emisor = EmisorTokens()
    reloj = Reloj()
    afiliado_id = uuid4()
    identidad = Identidad(emisor, afiliado_id, reloj)
    incapacidades = Incapacidades()

    def transporte(request: httpx.Request) -> httpx.Response:
        if request.url.host == "identity.test":
            return identidad(request)
        return incapacidades(request)

    settings = PortalSettings(
        database_url=url,
        url_publica=PUBLICA,
        cookie_segura=True,
        identity_url="http://identity.test",
        affiliation_url="http://affiliation.test",
        servicios={"incapacities": "http://incapacities.test"},
    )
    app = FastAPI()
    install_problem_handlers(app)
    app.state.engine = engine
    app.state.verificador_tokens = emisor.verificador()
    app.state.componentes = SimpleNamespace(consulta=Consulta(afiliado_id))
    web.instalar(app, settings, transporte=httpx.MockTransport(transporte), reloj=reloj)
    async with (
        web.clientes(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=PUBLICA, headers={"Origin": PUBLICA}
        ) as cliente,
    ):
        yield Portal(cliente, identidad, reloj, engine, Consulta(afiliado_id)), incapacidades
    await engine.dispose()


def _datos(csrf: str, **cambios: Any) -> dict[str, str]:
    return {
        "csrf": csrf,
        "contingencia": "ENFERMEDAD_GENERAL",
        "diagnostico": "J06.9",
        "fecha_inicio": "2026-11-20",
        "dias": "5",
        "profesional": "Dra. Gómez",
        "ips": "IPS Centro",
        **cambios,
    }


async def test_el_cotizante_ve_su_hoja_radica_con_certificado_y_descarga_el_pdf(
    portal: tuple[Portal, Incapacidades],
) -> None:
    p, servicio = portal
    await p.ingresar()
    hoja = await p.cliente.get("/mi-cuenta/incapacidades")
    assert hoja.status_code == 200
    assert "J06.9" in hoja.text and ">41<" in hoja.text and "Sí" in hoja.text
    csrf = await p.csrf("/mi-cuenta/incapacidades")
    archivos = {"certificado": ("c.pdf", b"%PDF-1.4 x", "application/pdf")}
    radicada = await p.cliente.post("/mi-cuenta/incapacidades", data=_datos(csrf), files=archivos)
    assert radicada.status_code == 303
    assert radicada.headers["location"] == "/mi-cuenta/incapacidades?radicada=42"
    enviado = servicio.recibidos[-1]
    assert enviado.headers["authorization"].startswith("Bearer ")
    assert b'name="certificado"' in enviado.content
    aviso = await p.cliente.get(radicada.headers["location"])
    assert "quedó radicada con el folio 42" in aviso.text
    rechazo = await p.cliente.post(
        "/mi-cuenta/incapacidades", data=_datos(csrf, diagnostico="Q99.9"), files=archivos
    )
    assert rechazo.status_code == 422
    assert "no existe en el catálogo" in rechazo.text and 'id="diagnostico-error"' in rechazo.text
    sin_archivo = await p.cliente.post("/mi-cuenta/incapacidades", data=_datos(csrf))
    assert sin_archivo.status_code == 422 and "Adjunte el certificado" in sin_archivo.text
    pdf = await p.cliente.get(f"/mi-cuenta/incapacidades/{FILA['incapacidad_id']}/certificado.pdf")
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="incapacidad-41.pdf"'
