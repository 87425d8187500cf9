"""Fixtures of the authorizations tests: fakes, a migrated database, the app."""

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from fastapi import FastAPI

from authorizations.adapters.memoria import AlmacenEnMemoria
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.kafka import PublicadorEventos
from eps_runtime.testing.tokens import EmisorTokens

SERVICIO = Path(__file__).resolve().parents[1]


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture(scope="session")
def emisor() -> EmisorTokens:
    return EmisorTokens()


@pytest.fixture
async def authorizations_database_url(infrastructure: Infrastructure) -> str:
    return await infrastructure.create_migrated_database(SERVICIO, "authorizations")


@pytest.fixture
async def authorizations_app(
    authorizations_database_url: str, kafka_bootstrap: str, emisor: EmisorTokens, tmp_path: Path
) -> AsyncIterator[FastAPI]:
    from authorizations.entrypoints.api import create_app
    from authorizations.settings import AuthorizationsSettings

    settings = AuthorizationsSettings(
        database_url=authorizations_database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        archivos_dir=tmp_path / "archivos",
    )
    app = create_app(settings, verificador=emisor.verificador())
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[PublicadorEventos]:
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicador:
        yield publicador
