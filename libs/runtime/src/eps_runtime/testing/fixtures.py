"""pytest plugin with the real-infrastructure fixtures (loaded by the root conftest)."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import AsyncIterator, Iterator

import pytest
from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.db import create_engine, run_ddl
from eps_runtime.schema import ALL_DDL
from eps_runtime.testing.infrastructure import Infrastructure, provide_infrastructure
from eps_runtime.testing.kafka import delete_topics_with_prefix
from eps_runtime.tracing import configure_tracing

# A test run is a test process: development-only adapters (the fixed-token CAPTCHA) may be
# wired. Set on import (the root conftest loads this plugin before any service's conftest
# imports an app module); services default to production (``ServiceSettings.entorno``).
os.environ.setdefault("EPS_ENTORNO", "pruebas")


@pytest.fixture(scope="session", autouse=True)
def spans() -> InMemorySpanExporter:
    """Every span the tests' processes finish, to assert on traces."""
    exporter = InMemorySpanExporter()
    configure_tracing("tests", exporter=exporter)
    return exporter


@pytest.fixture(scope="session")
def infrastructure() -> Iterator[Infrastructure]:
    with provide_infrastructure() as infra:
        yield infra
        asyncio.run(infra.drop_created_databases())


@pytest.fixture(scope="session")
def kafka_bootstrap(infrastructure: Infrastructure) -> str:
    return infrastructure.kafka_bootstrap_servers


@pytest.fixture
async def topic_prefix(kafka_bootstrap: str) -> AsyncIterator[str]:
    """A prefix no other test uses, so tests never read each other's events; its topics are
    deleted afterwards, so a long run does not fill the broker with partitions."""
    prefix = f"test.{uuid.uuid4().hex[:10]}."
    yield prefix
    await delete_topics_with_prefix(kafka_bootstrap, prefix)


@pytest.fixture
async def database_url(infrastructure: Infrastructure) -> AsyncIterator[str]:
    """A fresh database holding the runtime's tables (event store, outbox, consumers)."""
    url = await infrastructure.create_database("rt")
    engine = create_engine(url, pool_size=2)
    await run_ddl(engine, ALL_DDL)
    await engine.dispose()
    yield url


@pytest.fixture
async def engine(database_url: str) -> AsyncIterator[AsyncEngine]:
    engine = create_engine(database_url)
    yield engine
    await engine.dispose()
