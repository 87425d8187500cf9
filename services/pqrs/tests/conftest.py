"""Fixtures of the PQRS service's tests: a migrated database, the API and its clients."""

from collections.abc import AsyncIterator, Callable
from datetime import datetime
from pathlib import Path
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI

from eps_runtime.auth import Rol
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from pqrs.bootstrap import ahora_utc
from pqrs.entrypoints.api import create_app
from pqrs.settings import PqrsSettings

SERVICIO = Path(__file__).resolve().parents[1]
AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
OTRO_AFILIADO = UUID("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d")
EMPLEADOR = UUID("6fa459ea-ee8a-4ca4-894e-db77e160355e")


@pytest.fixture
async def pqrs_database_url(infrastructure: Infrastructure) -> str:
    """A fresh database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "pqrs")


@pytest.fixture(scope="session")
def emisor() -> EmisorTokens:
    return EmisorTokens()


class Reloj:
    """The API's clock: the real one unless a test fixes an instant."""

    def __init__(self) -> None:
        self.instante: datetime | None = None

    def __call__(self) -> datetime:
        return self.instante or ahora_utc()


@pytest.fixture
def reloj() -> Reloj:
    return Reloj()


@pytest.fixture
async def pqrs_app(
    pqrs_database_url: str, kafka_bootstrap: str, emisor: EmisorTokens, tmp_path: Path, reloj: Reloj
) -> AsyncIterator[FastAPI]:
    settings = PqrsSettings(
        database_url=pqrs_database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        archivos_dir=tmp_path / "archivos",
    )
    app = create_app(settings, verificador=emisor.verificador(), reloj=reloj)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
def cliente_de(pqrs_app: FastAPI, emisor: EmisorTokens) -> Callable[..., httpx.AsyncClient]:
    """``cliente_de(rol=…, …)``: an HTTP client of the API with that caller's token
    (``rol=None``: no token)."""

    def crear(rol: Rol | None = None, **claims: object) -> httpx.AsyncClient:
        headers = {}
        if rol is not None:
            headers["Authorization"] = f"Bearer {emisor.emitir(rol=rol, **claims)}"  # type: ignore[arg-type]
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=pqrs_app), base_url="http://pqrs", headers=headers
        )

    return crear


@pytest.fixture
async def afiliado(
    cliente_de: Callable[..., httpx.AsyncClient],
) -> AsyncIterator[httpx.AsyncClient]:
    async with cliente_de(Rol.AFILIADO, usuario_id="u-afiliado", afiliado_id=AFILIADO) as c:
        yield c


@pytest.fixture
async def otro(cliente_de: Callable[..., httpx.AsyncClient]) -> AsyncIterator[httpx.AsyncClient]:
    async with cliente_de(Rol.AFILIADO, usuario_id="u-otro", afiliado_id=OTRO_AFILIADO) as c:
        yield c


@pytest.fixture
async def operador(
    cliente_de: Callable[..., httpx.AsyncClient],
) -> AsyncIterator[httpx.AsyncClient]:
    async with cliente_de(Rol.OPERADOR, usuario_id="operador-1") as c:
        yield c


@pytest.fixture
async def anonimo(cliente_de: Callable[..., httpx.AsyncClient]) -> AsyncIterator[httpx.AsyncClient]:
    async with cliente_de(None) as c:
        yield c
