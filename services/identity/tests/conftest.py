"""Fixtures of the identity service's tests: a migrated database, Kafka publishing, a client."""

import uuid
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

import httpx
import pytest
from fastapi import FastAPI

from eps_contracts.codec import to_envelope
from eps_contracts.envelope import to_kafka_record
from eps_contracts.events import DomainEvent
from eps_runtime.kafka import create_producer, ensure_topics
from eps_runtime.migrations import upgrade_to_head
from eps_runtime.testing.infrastructure import Infrastructure
from identity.adapters.afiliados_projection import TOPICO
from identity.entrypoints.api import create_app
from identity.settings import IdentitySettings

SERVICIO = Path(__file__).resolve().parents[1]


class Publicar(Protocol):
    async def __call__(
        self,
        evento: DomainEvent,
        version: int,
        event_id: uuid.UUID | None = None,
        *,
        time: datetime | None = None,
    ) -> uuid.UUID: ...


def migrar(database_url: str) -> None:
    upgrade_to_head(SERVICIO, database_url)


@pytest.fixture
def migrar_identidad() -> Callable[[str], None]:
    return migrar


@pytest.fixture
async def identity_database_url(infrastructure: Infrastructure) -> str:
    """A fresh database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "identity")


@pytest.fixture
def identity_settings(
    identity_database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> IdentitySettings:
    return IdentitySettings(
        database_url=identity_database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
    )


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Publicar]:
    """Publishes an affiliation event as the relay would: ``publicar(evento, version)``.

    Returns the CloudEvents id, so a test can publish the very same record again. ``time``
    (when the affiliation service recorded the event) defaults to now.
    """
    topico = topic_prefix + TOPICO
    await ensure_topics(kafka_bootstrap, [topico])
    productor = create_producer(kafka_bootstrap)
    await productor.start()

    async def enviar(
        evento: DomainEvent,
        version: int,
        event_id: uuid.UUID | None = None,
        *,
        time: datetime | None = None,
    ) -> uuid.UUID:
        event_id = event_id or uuid.uuid4()
        registro = to_kafka_record(
            to_envelope(
                evento,
                event_id=event_id,
                time=time or datetime.now(UTC),
                aggregate_version=version,
            )
        )
        await productor.send_and_wait(
            topico, value=registro.value, key=registro.key, headers=registro.headers
        )
        return event_id

    yield enviar
    await productor.stop()


@pytest.fixture
async def identity_app(identity_settings: IdentitySettings) -> AsyncIterator[FastAPI]:
    app = create_app(identity_settings)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(identity_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=identity_app)
    # The development CAPTCHA's token (registration step 1 requires it).
    async with httpx.AsyncClient(
        transport=transporte, base_url="http://identidad", headers={"X-Captcha": "no-soy-un-robot"}
    ) as c:
        yield c
