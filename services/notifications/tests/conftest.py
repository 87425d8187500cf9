"""Fixtures of the notifications tests: a migrated database, events on Kafka, the service as
``bootstrap`` wires it (its consumers' projections and its sender), and a real in-process
SMTP server (``buzon_smtp``)."""

import uuid
from collections.abc import AsyncIterator, Sequence
from pathlib import Path
from typing import Any, Protocol

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import DomainEvent
from eps_runtime.consumer import ExactlyOnceConsumer, Projection
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings
from eps_runtime.kafka import ensure_topics
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.kafka import PublicadorEventos
from eps_runtime.testing.smtp import BuzonSmtp
from eps_runtime.testing.smtp import buzon_smtp as buzon_smtp  # the fixture
from notifications.adapters.enviador import Enviador
from notifications.adapters.smtp import ServidorSmtp
from notifications.bootstrap import Notificaciones, bootstrap
from notifications.settings import NotificationsSettings

SERVICIO = Path(__file__).resolve().parents[1]
CLAVE = EnlacesSettings().clave


class Publicar(Protocol):
    async def __call__(
        self, evento: DomainEvent, version: int = 1, event_id: uuid.UUID | None = None
    ) -> uuid.UUID: ...


class PonerseAlDia(Protocol):
    async def __call__(self, proyecciones: Sequence[Projection] | None = None) -> int: ...


class Armar(Protocol):
    def __call__(self, **opciones: Any) -> Notificaciones: ...


@pytest.fixture
async def notifications_database_url(infrastructure: Infrastructure) -> str:
    """A fresh database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "notifications")


@pytest.fixture
async def motor(notifications_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(notifications_database_url, pool_size=4)
    yield motor
    await motor.dispose()


@pytest.fixture
def armar(notifications_database_url: str, topic_prefix: str) -> Armar:
    """``bootstrap`` on the test's database and topics; ``opciones`` go to ``bootstrap``
    (a registry, templates or subscriptions of the test's own)."""

    def construir(**opciones: Any) -> Notificaciones:
        settings = NotificationsSettings(
            database_url=notifications_database_url, topic_prefix=topic_prefix
        )
        return bootstrap(settings, clave_enlaces=CLAVE, **opciones)

    return construir


@pytest.fixture
def notificaciones(armar: Armar) -> Notificaciones:
    """The service as it runs: its own registry, templates and subscriptions."""
    return armar()


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Publicar]:
    """Publishes an event as its service's relay would; returns its CloudEvents id (pass it
    again to publish the very same record twice)."""
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicador:
        yield publicador


@pytest.fixture
def ponerse_al_dia(
    motor: AsyncEngine, kafka_bootstrap: str, notificaciones: Notificaciones
) -> PonerseAlDia:
    """Runs ``proyecciones`` (by default every consumer of the service, the directory's
    first) until each read what was published; returns how many events they applied."""

    async def correr(proyecciones: Sequence[Projection] | None = None) -> int:
        aplicados = 0
        for proyeccion in notificaciones.proyecciones() if proyecciones is None else proyecciones:
            await ensure_topics(kafka_bootstrap, list(proyeccion.topics))
            consumidor = ExactlyOnceConsumer(
                projection=proyeccion, engine=motor, bootstrap_servers=kafka_bootstrap
            )
            await consumidor.run_until_caught_up()
            aplicados += consumidor.applied
        return aplicados

    return correr


def nuevo_enviador(
    motor: AsyncEngine, puerto: int, *, backoff_base_segundos: float = 2.0
) -> Enviador:
    return Enviador(
        engine=motor,
        smtp=ServidorSmtp(host="127.0.0.1", port=puerto, timeout_segundos=5),
        remitente="Oficina Virtual EPS <no-responder@oficinavirtual.eps.example>",
        espera_segundos=0.05,
        backoff_base_segundos=backoff_base_segundos,
        backoff_max_segundos=max(backoff_base_segundos * 4, 0.5),
    )


@pytest.fixture
def enviador(motor: AsyncEngine, buzon_smtp: BuzonSmtp) -> Enviador:
    """The sender worker, pointed at the in-process SMTP server."""
    return nuevo_enviador(motor, buzon_smtp.port)


async def envios(motor: AsyncEngine) -> list[Any]:
    """Every row of ``envios``, oldest first."""
    async with motor.connect() as conn:
        return list(await conn.execute(text("SELECT * FROM envios ORDER BY creado_en")))


async def olvidar_lo_procesado(motor: AsyncEngine) -> None:
    """What a rebuild starts from: no consumer remembers what it applied."""
    async with motor.begin() as conn:
        await conn.execute(text("DELETE FROM processed_events"))
        await conn.execute(text("DELETE FROM consumer_positions"))
