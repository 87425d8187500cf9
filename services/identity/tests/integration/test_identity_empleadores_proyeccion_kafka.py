"""Identity's read model of employers, from real Kafka records by the real consumer."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.codec import to_envelope
from eps_contracts.envelope import to_kafka_record
from eps_contracts.events import DatosEmpleadorActualizados, DomainEvent, EmpleadorRegistrado
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.kafka import create_producer, ensure_topics
from identity.adapters.empleadores_conocidos import EmpleadorConocido, EmpleadoresConocidosSql
from identity.adapters.empleadores_projection import TOPICO, EmpleadoresConocidosProjection
from identity.entrypoints.rebuild import reconstruir
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration


@pytest.fixture
async def motor(identity_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(identity_database_url)
    yield motor
    await motor.dispose()


async def publicar(
    kafka: str, topico: str, eventos: list[tuple[DomainEvent, int, uuid.UUID]]
) -> None:
    await ensure_topics(kafka, [topico])
    productor = create_producer(kafka)
    await productor.start()
    try:
        for evento, version, event_id in eventos:
            registro = to_kafka_record(
                to_envelope(
                    evento, event_id=event_id, time=datetime.now(UTC), aggregate_version=version
                )
            )
            await productor.send_and_wait(
                topico, value=registro.value, key=registro.key, headers=registro.headers
            )
    finally:
        await productor.stop()


async def ponerse_al_dia(motor: AsyncEngine, prefijo: str, kafka: str) -> int:
    consumidor = ExactlyOnceConsumer(
        projection=EmpleadoresConocidosProjection(topic_prefix=prefijo),
        engine=motor,
        bootstrap_servers=kafka,
    )
    await consumidor.run_until_caught_up()
    return consumidor.applied


async def filas(motor: AsyncEngine) -> list[dict[str, Any]]:
    async with motor.connect() as conn:
        resultado = await conn.execute(
            text(
                "SELECT empleador_id, tipo_documento, numero_documento, digito_verificacion, "
                "razon_social, version FROM empleadores_conocidos ORDER BY razon_social"
            )
        )
        return [dict(f._mapping) for f in resultado]


async def test_empleadores_de_afiliacion_quedan_conocidos_y_al_dia_una_sola_vez(
    motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    andina, sur = uuid.uuid4(), uuid.uuid4()
    registro = EmpleadorRegistrado(
        empleador_id=andina,
        tipo_documento="NIT",
        numero_documento="900123456",
        digito_verificacion=8,
        razon_social="Andina S.A.S.",
    )
    cambio = DatosEmpleadorActualizados(empleador_id=andina, razon_social="Andina Global S.A.S.")
    id_cambio = uuid.uuid4()
    await publicar(
        kafka_bootstrap,
        topic_prefix + TOPICO,
        [
            (registro, 1, uuid.uuid4()),
            (cambio, 2, id_cambio),
            (
                EmpleadorRegistrado(
                    empleador_id=sur,
                    tipo_documento="CC",
                    numero_documento="52111222",
                    razon_social="Tienda del Sur",
                ),
                1,
                uuid.uuid4(),
            ),
        ],
    )

    assert await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap) == 3

    esperado = [
        {
            "empleador_id": andina,
            "tipo_documento": "NIT",
            "numero_documento": "900123456",
            "digito_verificacion": 8,
            "razon_social": "Andina Global S.A.S.",
            "version": 2,
        },
        {
            "empleador_id": sur,
            "tipo_documento": "CC",
            "numero_documento": "52111222",
            "digito_verificacion": None,
            "razon_social": "Tienda del Sur",
            "version": 1,
        },
    ]
    assert await filas(motor) == esperado

    # The relay publishing the change again, and the late registration replayed with a new
    # id (older version), change nothing.
    await publicar(
        kafka_bootstrap,
        topic_prefix + TOPICO,
        [(cambio, 2, id_cambio), (registro, 1, uuid.uuid4())],
    )
    assert await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap) == 1
    assert await filas(motor) == esperado
    consulta = EmpleadoresConocidosSql(motor)
    andina_hoy = EmpleadorConocido(andina, "NIT", "900123456", 8, "Andina Global S.A.S.")
    assert await consulta.por_id(andina) == andina_hoy
    assert await consulta.por_documento("NIT", "900123456") == andina_hoy
    assert await consulta.por_documento("CC", "900123456") is None
    assert await consulta.por_id(uuid.uuid4()) is None


async def test_reconstruir_la_vista_de_empleadores_da_lo_mismo_que_la_viva(
    motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str, identity_settings: IdentitySettings
) -> None:
    eventos: list[tuple[DomainEvent, int, uuid.UUID]] = []
    for n in range(5):
        registro = EmpleadorRegistrado(
            empleador_id=uuid.uuid4(),
            tipo_documento="CC",
            numero_documento=f"7000000{n}",
            razon_social=f"Empresa {n}",
        )
        eventos.append((registro, 1, uuid.uuid4()))
    await publicar(kafka_bootstrap, topic_prefix + TOPICO, eventos)
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
    viva = await filas(motor)

    leidos = await reconstruir(identity_settings, progreso=False, vista="empleadores")

    assert leidos == 5
    assert await filas(motor) == viva
