"""Fixtures of the affiliation service's tests: a migrated database and an HTTP client."""

from collections.abc import AsyncIterator, Callable
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from affiliation.entrypoints.api import create_app
from affiliation.settings import AffiliationSettings
from eps_runtime.migrations import upgrade_to_head
from eps_runtime.testing.infrastructure import Infrastructure

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


@pytest.fixture
async def affiliation_app(
    affiliation_database_url: str, kafka_bootstrap: str
) -> AsyncIterator[FastAPI]:
    settings = AffiliationSettings(
        database_url=affiliation_database_url, kafka_bootstrap_servers=kafka_bootstrap
    )
    app = create_app(settings)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(affiliation_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=affiliation_app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://afiliacion") as c:
        yield c
