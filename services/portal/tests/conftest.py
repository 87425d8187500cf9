"""Fixtures of the portal's dashboard tests: a family's events, a migrated database, Kafka
publishing, the exactly-once consumer, tokens and the app."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, Protocol

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import (
    AfiliadoRegistrado,
    BeneficiarioExcluido,
    BeneficiarioIncluido,
    DomainEvent,
)
from eps_contracts.examples import afiliado_registrado
from eps_contracts.types import (
    CausalInclusion,
    MotivoRetiro,
    Parentesco,
    TipoAfiliado,
    TipoDocumento,
)
from eps_runtime.auth import Rol
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.kafka import PublicadorEventos
from eps_runtime.testing.tokens import EmisorTokens
from portal.adapters.tablero_projection import TableroProjection
from portal.entrypoints.api import create_app
from portal.settings import PortalSettings

SERVICIO = Path(__file__).resolve().parents[1]


@dataclass
class Familia:
    """A cotizante, his minor son and his adult wife, with fresh ids (one test's people)."""

    cotizante_id: uuid.UUID = field(default_factory=uuid.uuid4)
    hijo_id: uuid.UUID = field(default_factory=uuid.uuid4)
    esposa_id: uuid.UUID = field(default_factory=uuid.uuid4)

    def cotizante(self, **cambios: Any) -> AfiliadoRegistrado:
        return afiliado_registrado(afiliado_id=self.cotizante_id, **cambios)

    def hijo(self, **cambios: Any) -> AfiliadoRegistrado:
        campos: dict[str, Any] = {
            "afiliado_id": self.hijo_id,
            "tipo_documento": TipoDocumento.TI,
            "numero_documento": "1100000002",
            "primer_nombre": "Tomás",
            "segundo_nombre": None,
            "fecha_nacimiento": date(2015, 3, 9),
            "tipo_afiliado": TipoAfiliado.BENEFICIARIO,
            "cotizante_id": self.cotizante_id,
            "parentesco": Parentesco.HIJO,
            "email": None,
            "telefono_movil": None,
        }
        return afiliado_registrado(**(campos | cambios))

    def esposa(self, **cambios: Any) -> AfiliadoRegistrado:
        campos: dict[str, Any] = {
            "afiliado_id": self.esposa_id,
            "numero_documento": "1000000077",
            "primer_nombre": "Lucía",
            "segundo_nombre": None,
            "primer_apellido": "Rojas",
            "fecha_nacimiento": date(1991, 8, 1),
            "tipo_afiliado": TipoAfiliado.BENEFICIARIO,
            "cotizante_id": self.cotizante_id,
            "parentesco": Parentesco.CONYUGE,
            "email": "lucia.rojas@example.com",
        }
        return afiliado_registrado(**(campos | cambios))

    def inclusion(self, beneficiario_id: uuid.UUID, parentesco: Parentesco) -> BeneficiarioIncluido:
        return BeneficiarioIncluido(
            afiliado_id=self.cotizante_id,
            beneficiario_id=beneficiario_id,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            parentesco=parentesco,
            causal=CausalInclusion.HIJO_MENOR_DE_18
            if parentesco is Parentesco.HIJO
            else CausalInclusion.CONYUGE,
            fecha=date(2026, 11, 1),
        )

    def exclusion(self, beneficiario_id: uuid.UUID) -> BeneficiarioExcluido:
        return BeneficiarioExcluido(
            afiliado_id=self.cotizante_id,
            beneficiario_id=beneficiario_id,
            motivo=MotivoRetiro.SEPARACION_O_DIVORCIO,
            fecha=date(2026, 11, 20),
        )


@pytest.fixture
def familia() -> Familia:
    return Familia()


class Publicar(Protocol):
    async def __call__(
        self, evento: DomainEvent, version: int, event_id: uuid.UUID | None = None
    ) -> uuid.UUID: ...


@pytest.fixture
async def portal_database_url(infrastructure: Infrastructure) -> str:
    """A fresh portal database migrated to head."""
    return await infrastructure.create_migrated_database(SERVICIO, "portal")


@pytest.fixture
def portal_settings(
    portal_database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> PortalSettings:
    return PortalSettings(
        database_url=portal_database_url,
        kafka_bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
        espera_version_max_s=5.0,
    )


@pytest.fixture
async def motor(portal_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(portal_database_url)
    yield motor
    await motor.dispose()


@pytest.fixture
async def publicar(kafka_bootstrap: str, topic_prefix: str) -> AsyncIterator[Publicar]:
    """Publishes an affiliation event as the relay would: ``publicar(evento, version)``.
    Returns the CloudEvents id, so a test can publish the very same record again."""
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicador:
        yield publicador


PonerseAlDia = Callable[[], Awaitable[int]]


@pytest.fixture
def ponerse_al_dia(motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str) -> PonerseAlDia:
    """Runs the exactly-once consumer until it read everything published so far (from the
    recorded positions); returns how many events it applied."""

    async def correr() -> int:
        consumidor = ExactlyOnceConsumer(
            projection=TableroProjection(topic_prefix=topic_prefix),
            engine=motor,
            bootstrap_servers=kafka_bootstrap,
        )
        await consumidor.run_until_caught_up()
        return consumidor.applied

    return correr


@pytest.fixture
async def consumidor_en_marcha(
    motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str, publicar: Publicar
) -> AsyncIterator[ExactlyOnceConsumer]:
    """The live consumer (group member) running in the background, ready when yielded."""
    proyeccion = TableroProjection(topic_prefix=topic_prefix)
    consumidor = ExactlyOnceConsumer(
        projection=proyeccion,
        engine=motor,
        bootstrap_servers=kafka_bootstrap,
        group_id=topic_prefix + proyeccion.name,
    )
    parar = asyncio.Event()
    tarea = asyncio.create_task(consumidor.run(parar))
    await asyncio.wait_for(consumidor.ready.wait(), 60)
    yield consumidor
    parar.set()
    await asyncio.wait_for(tarea, 60)


@pytest.fixture
def emisor() -> EmisorTokens:
    return EmisorTokens()


Token = Callable[..., str]


@pytest.fixture
def token_de(emisor: EmisorTokens) -> Token:
    """``token_de(afiliado_id, representados={id: hasta})``: an affiliate's bearer token."""

    def emitir(
        afiliado_id: uuid.UUID, representados: dict[uuid.UUID, datetime] | None = None
    ) -> str:
        return emisor.emitir(rol=Rol.AFILIADO, afiliado_id=afiliado_id, representados=representados)

    return emitir


@pytest.fixture
async def portal_app(
    portal_settings: PortalSettings, emisor: EmisorTokens
) -> AsyncIterator[FastAPI]:
    """The app with its notice listener started (ASGITransport runs no lifespan)."""
    app = create_app(portal_settings, emisor.verificador())
    await app.state.componentes.avisos.iniciar()
    yield app
    await app.state.componentes.avisos.detener()
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(portal_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=portal_app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://portal") as c:
        yield c
