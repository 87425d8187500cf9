"""Static group membership: a consumer process killed and restarted with the same instance
id gets its partitions back at once, with exactly-once effects (real Kafka and PostgreSQL)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from aiokafka import AIOKafkaProducer
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.catalog import dlq_topic, topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.kafka import create_producer, ensure_topics, group_instance_id, membership_settings
from eps_runtime.testing.events import afiliado_registrado, kafka_record
from eps_runtime.testing.wait import eventually

pytestmark = pytest.mark.integration

PROCESO = Path(__file__).with_name("consumidor_estatico.py")
# Far longer than the test may wait: a restarted member that had to wait for its killed
# predecessor's session to expire would apply nothing before `eventually` gives up.
SESION_MS = 600_000


def test_sin_instancia_la_membresia_es_dinamica_como_siempre() -> None:
    assert group_instance_id("portal.tablero", {}) is None
    assert group_instance_id("portal.tablero", {"EPS_INSTANCIA": "  "}) is None
    assert membership_settings(None) == {}


def test_con_instancia_cada_grupo_tiene_su_miembro_estatico() -> None:
    env = {"EPS_INSTANCIA": "portal-consumer-0"}
    instancia = group_instance_id("portal.tablero", env)
    assert instancia == "portal.tablero@portal-consumer-0"
    assert group_instance_id("portal.autorizaciones", env) != instancia
    ajustes = membership_settings(instancia)
    assert ajustes["group_instance_id"] == instancia
    assert ajustes["heartbeat_interval_ms"] < ajustes["session_timeout_ms"]


@pytest.fixture
async def topic(kafka_bootstrap: str, topic_prefix: str) -> str:
    name = topic_prefix + topic_for(AfiliadoRegistrado).name
    await ensure_topics(kafka_bootstrap, [name, dlq_topic(name)], partitions=3)
    return name


@pytest.fixture
async def conteo(engine: AsyncEngine) -> AsyncEngine:
    async with engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE conteo (afiliado_id uuid PRIMARY KEY, aplicados int NOT NULL)")
        )
    return engine


@pytest.fixture
async def producer(kafka_bootstrap: str) -> AsyncIterator[AIOKafkaProducer]:
    producer = create_producer(kafka_bootstrap)
    await producer.start()
    yield producer
    await producer.stop()


async def publicar(producer: AIOKafkaProducer, topic: str, cantidad: int) -> list[uuid.UUID]:
    ids = []
    for _ in range(cantidad):
        event = afiliado_registrado()
        record = kafka_record(event, event_id=uuid.uuid4())
        await producer.send_and_wait(topic, record.value, key=record.key, headers=record.headers)
        ids.append(event.afiliado_id)
    return ids


async def conteos(engine: AsyncEngine) -> dict[uuid.UUID, int]:
    async with engine.connect() as conn:
        rows = await conn.execute(text("SELECT afiliado_id, aplicados FROM conteo"))
        return {row.afiliado_id: row.aplicados for row in rows}


async def arrancar(*args: str) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        str(PROCESO),
        *args,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.DEVNULL,
        env=dict(os.environ),
    )


async def test_consumidor_matado_y_reiniciado_con_su_instancia_retoma_sin_esperar_la_sesion(
    conteo: AsyncEngine,
    database_url: str,
    kafka_bootstrap: str,
    topic: str,
    producer: AIOKafkaProducer,
) -> None:
    nombre = f"conteo-{uuid.uuid4().hex[:8]}"
    args = (kafka_bootstrap, database_url, topic, nombre, "consumidor-0", str(SESION_MS))
    antes = await publicar(producer, topic, 9)
    primero = await arrancar(*args)
    try:
        await eventually(lambda: conteos(conteo), until=lambda c: len(c) == 9, timeout=90)
    finally:
        primero.send_signal(signal.SIGKILL)  # no LeaveGroup, no commit: a crash
        await primero.wait()
    despues = await publicar(producer, topic, 9)
    segundo = await arrancar(*args)
    try:
        resultado = await eventually(
            lambda: conteos(conteo), until=lambda c: len(c) == 18, timeout=90
        )
        await asyncio.sleep(0.5)  # give a second effect the chance to show up
        resultado = await conteos(conteo)
    finally:
        segundo.send_signal(signal.SIGTERM)
        await segundo.wait()
    assert set(resultado) == set(antes) | set(despues)
    assert set(resultado.values()) == {1}, "ningún evento tuvo dos efectos"
