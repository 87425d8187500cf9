"""Fixtures of the incapacities service's tests: a migrated database and an HTTP client."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from incapacities.entrypoints.api import create_app
from incapacities.settings import IncapacitiesSettings

SERVICIO = Path(__file__).resolve().parents[1]


@pytest.fixture
async def incapacities_database_url(infrastructure: Infrastructure) -> str:
    return await infrastructure.create_migrated_database(SERVICIO, "incapacities")


@pytest.fixture(scope="session")
def emisor() -> EmisorTokens:
    return EmisorTokens()


@pytest.fixture
async def incapacities_app(
    incapacities_database_url: str, emisor: EmisorTokens, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    settings = IncapacitiesSettings(
        database_url=incapacities_database_url, archivos_dir=tmp_path / "archivos"
    )
    app = create_app(settings, verificador=emisor.verificador())
    yield app
    await app.state.engine.dispose()
