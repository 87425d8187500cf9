"""The dashboard's PQRS section from events the test publishes on real Kafka, through the
exactly-once consumer, in a real PostgreSQL database."""

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.pqrs import PQRSAsignada, PQRSRadicada, PQRSRespondida
from eps_contracts.examples import example_of
from eps_runtime.consumer import ExactlyOnceConsumer
from portal.adapters.secciones.pqrs import SECCION

from ..conftest import Publicar

pytestmark = pytest.mark.integration

RADICADA = example_of(PQRSRadicada)


async def ponerse_al_dia(motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str) -> None:
    consumidor = ExactlyOnceConsumer(
        projection=SECCION.proyeccion(topic_prefix), engine=motor, bootstrap_servers=kafka_bootstrap
    )
    await consumidor.run_until_caught_up()


async def test_tablero_muestra_la_pqrs_abierta_y_luego_la_respuesta_por_calificar(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    assert RADICADA.afiliado_id is not None
    await publicar(RADICADA, 1)
    asignada_id = await publicar(example_of(PQRSAsignada), 2)
    anonima = RADICADA.model_copy(
        update={"solicitud_id": RADICADA.afiliado_id, "afiliado_id": None, "radicado": "2026-1"}
    )
    await publicar(anonima, 1)
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    async with motor.connect() as conn:
        abierta = await SECCION.leer(conn, RADICADA.afiliado_id)
    assert abierta is not None
    assert [(s.radicado, s.estado) for s in abierta.abiertas] == [("2026-3975", "ASIGNADA")]

    await publicar(example_of(PQRSRespondida), 3)
    await publicar(example_of(PQRSAsignada), 2, event_id=asignada_id)  # redelivered
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    async with motor.connect() as conn:
        respondida = await SECCION.leer(conn, RADICADA.afiliado_id)
    assert respondida is not None
    assert (respondida.abiertas, respondida.por_calificar) == ([], 1)
