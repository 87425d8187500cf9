"""Profiles and delegates reach ``eps.identity.empleadores`` through the outbox relay, keyed
by the employer, in order, with the activation link encrypted and no personal identifiers."""

import asyncio
import json
import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import pytest
from aiokafka import ConsumerRecord
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.codec import to_envelope
from eps_contracts.envelope import from_kafka_record
from eps_contracts.events import EmpleadorRegistrado
from eps_contracts.types import TipoDocumento
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace
from eps_runtime.kafka import create_consumer, ensure_topics
from eps_runtime.relay import OutboxRelay
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.adapters.empleadores_sql import AdministracionEmpleadoresSql
from identity.application.empleadores import (
    ConfigActivacion,
    DatosDelegado,
    ServicioEmpleadores,
)

pytestmark = pytest.mark.integration

TOPICO = "eps.identity.empleadores"


@pytest.fixture
async def motor(identity_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(identity_database_url)
    yield motor
    await motor.dispose()


async def test_perfiles_y_delegados_llegan_a_kafka_por_empleador_y_sin_datos_personales(
    motor: AsyncEngine, identity_database_url: str, kafka_bootstrap: str, topic_prefix: str
) -> None:
    empleador = EmpleadorRegistrado(
        empleador_id=uuid.uuid4(),
        tipo_documento="NIT",
        numero_documento="900123456",
        digito_verificacion=8,
        razon_social="Andina S.A.S.",
    )
    sobre = to_envelope(
        empleador, event_id=uuid.uuid4(), time=datetime.now(UTC), aggregate_version=1
    )
    async with motor.begin() as conn:
        await EmpleadoresConocidosProjection().apply(
            conn, [ConsumedEvent(sobre, empleador, "eps.affiliation.empleadores", 0, 0)]
        )
    servicio = ServicioEmpleadores(
        AdministracionEmpleadoresSql(motor),
        ConfigActivacion(
            "https://oficina.eps.test/activar", timedelta(hours=72), EnlacesSettings().clave
        ),
    )
    empleador_id = empleador.empleador_id
    perfil = await servicio.crear_perfil(empleador_id, "Nómina", ["aportes-y-cartera"])
    delegado = await servicio.crear_delegado(
        empleador_id,
        DatosDelegado(
            nombres="Ana Ruiz",
            tipo_documento=TipoDocumento.CC,
            numero_documento="52333444",
            cargo="Analista",
            telefono="6015550101",
            celular="3001234567",
            email="ana@andina.test",
            perfil_id=perfil.valor.perfil.perfil_id,
        ),
    )
    await servicio.eliminar_delegado(
        empleador_id, delegado.valor.ficha.delegado_id, delegado.version
    )

    await ensure_topics(kafka_bootstrap, [topic_prefix + TOPICO])
    relay = OutboxRelay(
        service="identity",
        database_url=identity_database_url,
        bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
    )
    stop = asyncio.Event()
    en_marcha = asyncio.create_task(relay.run(stop))
    consumidor = create_consumer(kafka_bootstrap, None)
    consumidor.subscribe([topic_prefix + TOPICO])
    await consumidor.start()
    try:
        recibidos: list[ConsumerRecord[bytes, bytes]] = []
        async with asyncio.timeout(60):
            while len(recibidos) < 3:
                lotes = await consumidor.getmany(timeout_ms=500)
                recibidos.extend(m for mensajes in lotes.values() for m in mensajes)
    finally:
        await consumidor.stop()
        stop.set()
        await en_marcha

    sobres = [from_kafka_record(m.key, m.value, list(m.headers)) for m in recibidos]
    assert [(s.type, s.aggregate_version) for s in sobres] == [
        ("co.eps.identity.PerfilCreado.v1", 1),
        ("co.eps.identity.DelegadoCreado.v1", 2),
        ("co.eps.identity.DelegadoEliminado.v1", 3),
    ]
    assert {m.key for m in recibidos} == {str(empleador_id).encode()}
    for m in recibidos:
        expuesto = (m.value or b"") + b"".join(bytes(v) for _, v in m.headers)
        for dato in (b"52333444", b"6015550101", b"3001234567", b"oficina.eps.test"):
            assert dato not in expuesto
    creado = json.loads(sobres[1].data)
    assert creado["email"] == "ana@andina.test"
    assert descifrar_enlace(creado["enlace"], EnlacesSettings().clave).startswith(
        "https://oficina.eps.test/activar#token="
    )
