"""Fixtures of the billing service's tests: a migrated database, tokens, the gateway
simulator in process, HTTP clients."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from billing.adapters.pasarela_http import PasarelaHttp
from billing.dev.pasarela import crear_app
from billing.settings import SECRETO_DESARROLLO
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.kafka import PublicadorEventos
from eps_runtime.testing.tokens import EmisorTokens

SERVICIO = Path(__file__).resolve().parents[1]
SECRETO = SECRETO_DESARROLLO.encode()


@pytest.fixture(scope="session")
def emisor() -> EmisorTokens:
    """Signs the tokens identity would issue; the apps under test trust its keys."""
    return EmisorTokens()


@pytest.fixture
async def billing_database_url(infrastructure: Infrastructure) -> str:
    """A fresh database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "billing")


@pytest.fixture
def simulador() -> FastAPI:
    """The gateway simulator, served in process (its notifications are not sent: the
    tests post them, signed or forged, themselves)."""
    app = crear_app(SECRETO)
    app.state.control.notificar = False
    return app


@pytest.fixture
def pasarela(simulador: FastAPI) -> PasarelaHttp:
    return PasarelaHttp(
        "http://pasarela",
        SECRETO,
        "http://billing/pasarela/notificaciones",
        "http://portal/mi-cuenta/pagos/retorno",
        transporte=httpx.ASGITransport(app=simulador),
    )


@pytest.fixture
async def cliente_simulador(simulador: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=simulador), base_url="http://pasarela"
    ) as c:
        yield c


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[PublicadorEventos]:
    """Publishes events as another service's relay would (under the test's prefix)."""
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicador:
        yield publicador
