"""The «Presolicitudes» and «Autorizaciones (OPS)» pages over a real PostgreSQL session store,
with identity and the authorizations API faked at the HTTP boundary: the list, filing with
several supports (the service's refusal shown next to its field), the OPS PDF passed
through, and the way to pay an authorized OPS in billing's pages."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI

from eps_runtime.auth import Llamante, Rol
from eps_runtime.db import create_engine
from eps_runtime.http import install_problem_handlers
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from portal.domain.autorizaciones import OPSResumen, ResumenAutorizaciones
from portal.domain.tablero import Tablero
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


def _fila(consecutivo: int, estado: str, valor: int, **extra: Any) -> dict[str, Any]:
    return {
        "presolicitud_id": str(uuid4()),
        "consecutivo": consecutivo,
        "ops_id": None,
        "numero_autorizacion": None,
        "prestacion": None,
        "estado": estado,
        "proveedor": None,
        "vence_el": None,
        "valor_cuota": valor,
        "observaciones": None,
        "puede_descargar": False,
        "puede_pagar": False,
        **extra,
    }


ENTREGADA = _fila(
    31,
    "ENTREGADA",
    0,
    ops_id=str(uuid4()),
    numero_autorizacion="OPS-2026-000031",
    prestacion="CONSULTA DE CONTROL POR ESPECIALISTA EN NEUROLOGIA",
    proveedor="CLINICA CALI",
    vence_el="2027-02-28",
    puede_descargar=True,
)
AUTORIZADA = _fila(
    32,
    "AUTORIZADA",
    20100,
    ops_id=str(uuid4()),
    numero_autorizacion="OPS-2026-000032",
    prestacion="ELECTROMIOGRAFIA DE 3 EXTREMIDADES",
    proveedor="CLINICA NORTE",
    vence_el="2027-02-28",
    puede_pagar=True,
)
EN_PROCESO = _fila(33, "EN_PROCESO", 0)


def _problema(status: int, detail: str, code: str, **extra: Any) -> httpx.Response:
    return httpx.Response(
        status,
        json={
            "status": status,
            "title": "x",
            "type": "about:blank",
            "code": code,
            "detail": detail,
            **extra,
        },
        headers={"content-type": "application/problem+json"},
    )


class Autorizaciones:
    def __init__(self) -> None:
        self.recibidos: list[httpx.Request] = []

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.recibidos.append(request)
        ruta = (request.method, request.url.path)
        if ruta == ("GET", "/mi/presolicitudes"):
            filas = [ENTREGADA, AUTORIZADA, EN_PROCESO]
            if request.url.params.get("estado") == "EN_PROCESO":
                filas = [EN_PROCESO]
            return httpx.Response(
                200,
                json={"afiliado_id": request.url.params["afiliado_id"], "solicitudes": filas},
            )
        if ruta == ("POST", "/mi/presolicitudes"):
            if b"NO_PBS" in request.content:
                return _problema(
                    422,
                    "Las solicitudes NO PBS se tramitan por la ruta MIPRES.",
                    "no-pbs-por-mipres",
                    errores=[{"campo": "plan", "mensaje": "NO PBS va por MIPRES"}],
                )
            return httpx.Response(
                201,
                json={
                    "presolicitud_id": str(uuid4()),
                    "consecutivo": 77,
                    "mensaje": "La presolicitud se ha creado de forma exitosa.",
                    "version": 1,
                },
            )
        if ruta == ("GET", f"/mi/ops/{ENTREGADA['ops_id']}/pdf"):
            return httpx.Response(
                200,
                content=b"%PDF-1.4 ops",
                headers={
                    "content-type": "application/pdf",
                    "content-disposition": 'attachment; filename="OPS-OPS-2026-000031.pdf"',
                },
            )
        if ruta == ("GET", f"/mi/ops/{AUTORIZADA['ops_id']}/pdf"):
            return _problema(
                409,
                "La OPS se puede descargar cuando esté ENTREGADA (pagada, o sin valor a pagar).",
                "ops-no-descargable",
            )
        return _problema(404, "La OPS no existe.", "ops-no-encontrada")


class ConsultaConOPS(Consulta):
    """The dashboard read model with the authorizations section filled."""

    async def tablero(
        self, llamante: Llamante, afiliado_id: Any = None, *, version_minima: int | None
    ) -> Tablero:
        tablero = await super().tablero(llamante, afiliado_id, version_minima=version_minima)
        ops = OPSResumen(
            ops_id=AUTORIZADA["ops_id"],
            numero_autorizacion="OPS-2026-000032",
            prestacion="ELECTROMIOGRAFIA DE 3 EXTREMIDADES",
            prestador="CLINICA NORTE",
            estado="AUTORIZADA",
            valor_cuota=20100,
            vence_el=date(2027, 2, 28),
        )
        return tablero.model_copy(update={"autorizaciones": ResumenAutorizaciones(por_pagar=[ops])})


MENOR = uuid4()


class IdentidadConMenor(Identidad):
    """Identity whose token lets the cotizante act for one minor (until he turns 18)."""

    def tokens(self) -> dict[str, Any]:
        tokens = super().tokens()
        tokens["access_token"] = self.emisor.emitir(
            rol=Rol.AFILIADO,
            afiliado_id=self.afiliado_id,
            representados={MENOR: datetime.now(UTC) + timedelta(days=900)},
        )
        return tokens


@pytest.fixture
async def portal(infrastructure: Infrastructure) -> AsyncIterator[tuple[Portal, Autorizaciones]]:
    url = await infrastructure.create_migrated_database(SERVICIO, "portal_autoriz")
    engine = create_engine(url)
    emisor = EmisorTokens()
    reloj = Reloj()
    afiliado_id = uuid4()
    identidad = IdentidadConMenor(emisor, afiliado_id, reloj)
    autorizaciones = Autorizaciones()

    def transporte(request: httpx.Request) -> httpx.Response:
        if request.url.host == "identity.test":
            return identidad(request)
        return autorizaciones(request)

    settings = PortalSettings(
        database_url=url,
        url_publica=PUBLICA,
        cookie_segura=True,
        identity_url="http://identity.test",
        affiliation_url="http://affiliation.test",
        servicios={"authorizations": "http://authorizations.test"},
    )
    app = FastAPI()
    install_problem_handlers(app)
    app.state.engine = engine
    app.state.verificador_tokens = emisor.verificador()
    app.state.componentes = SimpleNamespace(consulta=ConsultaConOPS(afiliado_id))
    web.instalar(app, settings, transporte=httpx.MockTransport(transporte), reloj=reloj)
    async with (
        web.clientes(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url=PUBLICA, headers={"Origin": PUBLICA}
        ) as cliente,
    ):
        yield Portal(cliente, identidad, reloj, engine, Consulta(afiliado_id)), autorizaciones
    await engine.dispose()


def _datos(csrf: str, **cambios: str) -> dict[str, str]:
    return {
        "csrf": csrf,
        "plan": "PBS",
        "fecha_documentos": "2026-11-30",
        "observaciones": "Control en tres meses",
        "acepta_terminos": "true",
        **cambios,
    }


PDF = b"%PDF-1.4 soporte"


async def test_afiliado_ve_sus_presolicitudes_y_radica_una_con_varios_soportes(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, servicio = portal
    await p.ingresar()
    hoja = await p.cliente.get("/mi-cuenta/autorizaciones")
    assert hoja.status_code == 200
    assert 'href="/mi-cuenta/autorizaciones"' in hoja.text  # «Presolicitudes» in the menu
    assert 'href="/mi-cuenta/autorizaciones/ops"' in hoja.text  # «Autorizaciones (OPS)»
    assert "OPS-2026-000032" in hoja.text and "$20,100" in hoja.text
    assert ">33<" in hoja.text and "EN PROCESO" in hoja.text
    filtrada = await p.cliente.get("/mi-cuenta/autorizaciones?estado=EN_PROCESO")
    assert "OPS-2026-000032" not in filtrada.text and ">33<" in filtrada.text
    assert servicio.recibidos[-1].url.params["estado"] == "EN_PROCESO"

    csrf = await p.csrf("/mi-cuenta/autorizaciones")
    archivos = [
        ("historia_clinica", ("hc1.pdf", PDF, "application/pdf")),
        ("historia_clinica", ("hc2.png", b"\x89PNG\r\n\x1a\nx", "image/png")),
        ("solicitud_medica", ("orden.pdf", PDF, "application/pdf")),
    ]
    radicada = await p.cliente.post(
        "/mi-cuenta/autorizaciones",
        data=_datos(csrf, afiliado_id=str(p.consulta.afiliado_id)),
        files=archivos,
    )
    assert radicada.status_code == 303
    assert radicada.headers["location"] == "/mi-cuenta/autorizaciones?radicada=77"
    enviado = next(r for r in reversed(servicio.recibidos) if r.method == "POST")
    assert enviado.headers["authorization"].startswith("Bearer ")
    assert enviado.content.count(b'name="historia_clinica"') == 2
    assert enviado.content.count(b'name="solicitud_medica"') == 1
    assert b'name="acepta_terminos"\r\n\r\ntrue' in enviado.content
    assert str(p.consulta.afiliado_id).encode() in enviado.content
    aviso = await p.cliente.get(radicada.headers["location"])
    assert "La presolicitud se ha creado de forma exitosa. Su consecutivo es 77" in aviso.text


async def test_rechazo_del_servicio_se_muestra_junto_al_campo_y_sin_soportes_no_se_envia(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, servicio = portal
    await p.ingresar()
    csrf = await p.csrf("/mi-cuenta/autorizaciones")
    archivos = [
        ("historia_clinica", ("hc.pdf", PDF, "application/pdf")),
        ("solicitud_medica", ("orden.pdf", PDF, "application/pdf")),
    ]
    rechazo = await p.cliente.post(
        "/mi-cuenta/autorizaciones", data=_datos(csrf, plan="NO_PBS"), files=archivos
    )
    assert rechazo.status_code == 422
    assert "ruta MIPRES" in rechazo.text and 'id="plan-error"' in rechazo.text
    assert 'value="NO_PBS"' in rechazo.text  # what he typed stays in the form

    enviados = sum(r.method == "POST" for r in servicio.recibidos)
    sin_orden = await p.cliente.post(
        "/mi-cuenta/autorizaciones", data=_datos(csrf), files=archivos[:1]
    )
    assert sin_orden.status_code == 422
    assert 'id="solicitud_medica-error"' in sin_orden.text
    assert 'id="historia_clinica-error"' not in sin_orden.text
    assert sum(r.method == "POST" for r in servicio.recibidos) == enviados

    sin_csrf = await p.cliente.post(
        "/mi-cuenta/autorizaciones", data=_datos("0" * 64), files=archivos
    )
    assert sin_csrf.status_code == 403
    assert sum(r.method == "POST" for r in servicio.recibidos) == enviados


async def test_lista_de_ops_descarga_la_entregada_y_lleva_a_pagar_la_autorizada_en_billing(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, _ = portal
    await p.ingresar()
    lista = await p.cliente.get("/mi-cuenta/autorizaciones/ops")
    assert lista.status_code == 200
    assert f'href="/mi-cuenta/autorizaciones/ops/{ENTREGADA["ops_id"]}.pdf"' in lista.text
    assert f"/mi-cuenta/autorizaciones/ops/{AUTORIZADA['ops_id']}.pdf" not in lista.text
    # Paying is billing's page; only the AUTORIZADA OPS with a cuota links there.
    assert f'href="/mi-cuenta/pagos" class="boton" id="pagar-{AUTORIZADA["ops_id"]}"' in lista.text
    assert f'id="pagar-{ENTREGADA["ops_id"]}"' not in lista.text
    assert ">33<" not in lista.text  # a presolicitud without an OPS is not an OPS

    pdf = await p.cliente.get(f"/mi-cuenta/autorizaciones/ops/{ENTREGADA['ops_id']}.pdf")
    assert pdf.status_code == 200 and pdf.content == b"%PDF-1.4 ops"
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.headers["content-disposition"] == 'attachment; filename="OPS-OPS-2026-000031.pdf"'
    por_pagar = await p.cliente.get(f"/mi-cuenta/autorizaciones/ops/{AUTORIZADA['ops_id']}.pdf")
    assert por_pagar.status_code == 409
    assert "cuando esté ENTREGADA" in por_pagar.text
    ajena = await p.cliente.get(f"/mi-cuenta/autorizaciones/ops/{uuid4()}.pdf")
    assert ajena.status_code == 404 and "La OPS no existe." in ajena.text


async def test_sin_sesion_las_paginas_de_autorizaciones_llevan_al_ingreso(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, servicio = portal
    for ruta in ("/mi-cuenta/autorizaciones", "/mi-cuenta/autorizaciones/ops"):
        respuesta = await p.cliente.get(ruta)
        assert respuesta.status_code == 303
        assert respuesta.headers["location"].startswith("/ingreso")
    assert servicio.recibidos == []


async def test_inicio_muestra_la_ops_por_pagar_con_su_valor_y_el_camino_al_pago(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, _ = portal
    await p.ingresar()
    inicio = await p.cliente.get("/inicio")
    assert inicio.status_code == 200
    assert "Autorizaciones médicas (OPS)" in inicio.text
    assert "OPS-2026-000032 — ELECTROMIOGRAFIA DE 3 EXTREMIDADES (CLINICA NORTE): $20.100" in (
        inicio.text
    )
    assert '<a href="/mi-cuenta/pagos">Pagar mis cuotas</a>' in inicio.text


async def test_cotizante_ve_y_radica_las_presolicitudes_de_su_hijo_menor(
    portal: tuple[Portal, Autorizaciones],
) -> None:
    p, servicio = portal
    await p.ingresar()
    hoja = await p.cliente.get("/mi-cuenta/autorizaciones")
    assert "Beneficiario menor 1" in hoja.text
    pedidos = {r.url.params.get("afiliado_id") for r in servicio.recibidos if r.method == "GET"}
    assert pedidos == {str(p.consulta.afiliado_id), str(MENOR)}
    assert f'<option value="{MENOR}"' in hoja.text

    csrf = await p.csrf("/mi-cuenta/autorizaciones")
    archivos = [
        ("historia_clinica", ("hc.pdf", PDF, "application/pdf")),
        ("solicitud_medica", ("orden.pdf", PDF, "application/pdf")),
    ]
    radicada = await p.cliente.post(
        "/mi-cuenta/autorizaciones", data=_datos(csrf, afiliado_id=str(MENOR)), files=archivos
    )
    assert radicada.status_code == 303
    enviado = next(r for r in reversed(servicio.recibidos) if r.method == "POST")
    assert f'name="afiliado_id"\r\n\r\n{MENOR}'.encode() in enviado.content
