"""The anonymous filing outside development: its «No soy un robot» token is verified with the
CAPTCHA provider (a fake ``siteverify`` over real HTTP), once per token."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr
from sqlalchemy import text

from eps_runtime.captcha_proveedor import CaptchaMalConfigurado
from eps_runtime.db import create_engine
from eps_runtime.testing.captcha import SECRETO_PRUEBA, SiteverifyFalso, url_sin_servidor
from eps_runtime.testing.captcha import siteverify as siteverify  # the fixture
from eps_runtime.testing.tokens import EmisorTokens
from pqrs.entrypoints.api import create_app
from pqrs.settings import PqrsSettings

pytestmark = pytest.mark.integration

DENUNCIA = {"tipo": "DENUNCIA", "descripcion": "Cobro indebido en la sede."}


@pytest.fixture
async def con_proveedor(
    pqrs_database_url: str, emisor: EmisorTokens, tmp_path: Path
) -> AsyncIterator[Callable[[str], httpx.AsyncClient]]:
    """An anonymous client of PQRS configured with hCaptcha at ``url`` (one database)."""
    apps: list[FastAPI] = []

    def crear(url: str) -> httpx.AsyncClient:
        settings = PqrsSettings(
            database_url=pqrs_database_url,
            archivos_dir=tmp_path / "archivos",
            captcha_proveedor="hcaptcha",
            captcha_secreto=SecretStr(SECRETO_PRUEBA),
            captcha_url_verificacion=url,
        )
        app = create_app(settings, verificador=emisor.verificador())
        apps.append(app)
        return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://pqrs")

    yield crear
    for app in apps:
        await app.state.engine.dispose()


async def _radicadas(pqrs_database_url: str) -> int:
    engine = create_engine(pqrs_database_url)
    try:
        async with engine.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one())
    finally:
        await engine.dispose()


async def test_radicacion_anonima_acepta_cada_token_una_sola_vez(
    con_proveedor: Callable[[str], httpx.AsyncClient],
    siteverify: SiteverifyFalso,
    pqrs_database_url: str,
) -> None:
    token = siteverify.emitir()
    async with con_proveedor(siteverify.url) as anonimo:
        primera = await anonimo.post(
            "/publico/solicitudes", data=DENUNCIA, headers={"X-Captcha": token}
        )
        repetida = await anonimo.post(
            "/publico/solicitudes", data=DENUNCIA, headers={"X-Captcha": token}
        )

    assert primera.status_code == 201, primera.text
    assert repetida.status_code == 422
    assert repetida.json()["code"] == "captcha-invalido"
    assert await _radicadas(pqrs_database_url) == 1


async def test_proveedor_caido_responde_503_en_espanol_y_no_radica(
    con_proveedor: Callable[[str], httpx.AsyncClient],
    siteverify: SiteverifyFalso,
    pqrs_database_url: str,
) -> None:
    async with con_proveedor(url_sin_servidor()) as anonimo:
        respuesta = await anonimo.post(
            "/publico/solicitudes", data=DENUNCIA, headers={"X-Captcha": siteverify.emitir()}
        )

    assert respuesta.status_code == 503
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    assert respuesta.json()["code"] == "captcha-no-disponible"
    assert respuesta.json()["detail"] == (
        "No pudimos verificar que no es un robot; intente de nuevo en unos minutos."
    )
    assert await _radicadas(pqrs_database_url) == 0


async def test_el_captcha_de_desarrollo_no_arranca_fuera_de_desarrollo(
    pqrs_database_url: str, tmp_path: Path
) -> None:
    settings = PqrsSettings(
        database_url=pqrs_database_url, archivos_dir=tmp_path, entorno="produccion"
    )
    with pytest.raises(CaptchaMalConfigurado, match="PQRS_CAPTCHA_PROVEEDOR"):
        create_app(settings)
