"""Fixtures of the affiliation service's tests: a migrated database and an HTTP client."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from affiliation.entrypoints.api import create_app
from affiliation.settings import AffiliationSettings
from eps_runtime.auth import Rol
from eps_runtime.migrations import upgrade_to_head
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens

SERVICIO = Path(__file__).resolve().parents[1]


def migrar(database_url: str) -> None:
    upgrade_to_head(SERVICIO, database_url)


@pytest.fixture
def migrar_afiliacion() -> Callable[[str], None]:
    return migrar


@pytest.fixture
async def affiliation_database_url(infrastructure: Infrastructure) -> str:
    """A fresh database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "affiliation")


@pytest.fixture(scope="session")
def emisor() -> EmisorTokens:
    """Signs the tokens identity would issue; the apps under test trust its keys."""
    return EmisorTokens()


@pytest.fixture
def token_operador(emisor: EmisorTokens) -> str:
    return emisor.emitir(rol=Rol.OPERADOR, usuario_id="operador-1")


@pytest.fixture
async def affiliation_app(
    affiliation_database_url: str, kafka_bootstrap: str, emisor: EmisorTokens, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    settings = AffiliationSettings(
        database_url=affiliation_database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        soportes_dir=tmp_path / "soportes",
    )
    app = create_app(settings, verificador=emisor.verificador())
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(
    affiliation_app: FastAPI, token_operador: str
) -> AsyncIterator[httpx.AsyncClient]:
    """An HTTP client of the API acting as a back-office operator."""
    transporte = httpx.ASGITransport(app=affiliation_app)
    async with httpx.AsyncClient(
        transport=transporte,
        base_url="http://afiliacion",
        headers={"Authorization": f"Bearer {token_operador}"},
    ) as c:
        yield c
