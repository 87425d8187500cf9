"""The reports' routes on fakes: back-office roles only, the page's SVG charts, CSV."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from audit.application.informes import TasaAprobacion, Volumen
from audit.bootstrap import AplicacionEnMemoria, bootstrap_en_memoria
from audit.domain.plazos import Caso
from audit.entrypoints.api import create_app
from audit.settings import AuditSettings
from eps_runtime.auth import Rol
from eps_runtime.testing.tokens import EmisorTokens

EMISOR = EmisorTokens()
HACE_UN_MES = datetime.now(UTC) - timedelta(days=30)


@pytest.fixture
def memoria() -> AplicacionEnMemoria:
    app = bootstrap_en_memoria()
    app.fuente_informes.casos_por_inicio["PQRSRadicada"] = [
        Caso(uuid.uuid4(), HACE_UN_MES, HACE_UN_MES + timedelta(days=2)),
        Caso(uuid.uuid4(), HACE_UN_MES, None),
    ]
    app.fuente_informes.volumenes_ = [
        Volumen("2026-11", "pqrs", "PQRSRadicada", 2),
        Volumen("2026-11", "<script>", "X", 1),
    ]
    app.fuente_informes.pagos_ = [TasaAprobacion("2026-11", 3, 1)]
    return app


@pytest.fixture
async def cliente(memoria: AplicacionEnMemoria) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        AuditSettings(database_url="postgresql+asyncpg://nadie:nadie@127.0.0.1:1/nada"),
        verificador=EMISOR.verificador(),
    )
    app.state.aplicacion = memoria
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://auditoria"
    ) as c:
        yield c
    await app.state.engine.dispose()


def como(rol: Rol, **claims: object) -> dict[str, str]:
    token = EMISOR.emitir(rol=rol, usuario_id="x-1", **claims)  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


async def test_un_afiliado_no_ve_los_informes(cliente: httpx.AsyncClient) -> None:
    for ruta in (
        "/informes",
        "/informes/plazos",
        "/informes/plazos.csv",
        "/informes/volumenes.csv",
    ):
        r = await cliente.get(ruta, headers=como(Rol.AFILIADO, afiliado_id=uuid.uuid4()))
        assert r.status_code == 403


async def test_el_operador_ve_el_cumplimiento_de_pqrs_con_los_casos_vencidos(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    r = await cliente.get("/informes/plazos", headers=como(Rol.OPERADOR))
    assert r.status_code == 200
    [pqrs] = [f for f in r.json() if f["plazo"] == "pqrs"]
    assert (pqrs["a_tiempo"], pqrs["abiertos"], pqrs["abiertos_vencidos"]) == (1, 1, 1)
    assert pqrs["casos_tarde"] == [
        str(memoria.fuente_informes.casos_por_inicio["PQRSRadicada"][1].caso_id)
    ]


async def test_la_pagina_de_informes_trae_graficos_svg_y_escapa_los_nombres(
    cliente: httpx.AsyncClient,
) -> None:
    r = await cliente.get("/informes", headers=como(Rol.AUDITOR))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.text.count("<svg") == 2  # PQRS compliance and volumes
    assert "<script>" not in r.text and "&lt;script&gt;" in r.text
    assert "75.0%" in r.text  # 3 approved of 4
    assert "default-src 'none'" in r.headers["content-security-policy"]


async def test_los_informes_se_exportan_en_csv(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/informes/plazos.csv", headers=como(Rol.OPERADOR))
    lineas = r.text.lstrip("\ufeff").splitlines()
    assert lineas[0].startswith("plazo,mes,a_tiempo")
    v = await cliente.get("/informes/volumenes.csv", headers=como(Rol.OPERADOR))
    assert "2026-11,pqrs,PQRSRadicada,2" in v.text


async def test_un_rango_invertido_es_422(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get(
        "/informes/plazos",
        params={"desde": "2026-12-02T00:00:00Z", "hasta": "2026-12-01T00:00:00Z"},
        headers=como(Rol.OPERADOR),
    )
    assert r.status_code == 422
