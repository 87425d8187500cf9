"""Fixtures of the audit tests: a migrated database, events on real Kafka, and the archive's
consumers run until they have read everything published."""

import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Protocol

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.adapters.archivo import ArchivoProjection
from audit.bootstrap import proyecciones
from audit.settings import AuditSettings
from eps_contracts.events import DomainEvent
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.kafka import ensure_topics
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.kafka import PublicadorEventos

SERVICIO = Path(__file__).resolve().parents[1]


class Publicar(Protocol):
    async def __call__(
        self, evento: DomainEvent, version: int = 1, event_id: uuid.UUID | None = None
    ) -> uuid.UUID: ...


class Archivar(Protocol):
    async def __call__(self, motor: AsyncEngine | None = None) -> int: ...


@pytest.fixture
async def audit_database_url(infrastructure: Infrastructure) -> str:
    return await infrastructure.create_migrated_database(SERVICIO, "audit")


@pytest.fixture
async def motor(audit_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(audit_database_url, pool_size=4)
    yield motor
    await motor.dispose()


@pytest.fixture
def settings(audit_database_url: str, topic_prefix: str, kafka_bootstrap: str) -> AuditSettings:
    return AuditSettings(
        database_url=audit_database_url,
        topic_prefix=topic_prefix,
        kafka_bootstrap_servers=kafka_bootstrap,
    )


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Publicar]:
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicador:
        yield publicador


@pytest.fixture
def archivar(motor: AsyncEngine, kafka_bootstrap: str, settings: AuditSettings) -> Archivar:
    """Runs every archive consumer (one per catalog topic) until each has read its topic;
    returns how many events they archived."""

    async def correr(otro_motor: AsyncEngine | None = None) -> int:
        archivados = 0
        todas: Sequence[ArchivoProjection] = proyecciones(settings)
        await ensure_topics(kafka_bootstrap, [t for p in todas for t in p.topics])
        for proyeccion in todas:
            consumidor = ExactlyOnceConsumer(
                projection=proyeccion,
                engine=otro_motor or motor,
                bootstrap_servers=kafka_bootstrap,
            )
            await consumidor.run_until_caught_up()
            archivados += consumidor.applied
        return archivados

    return correr
