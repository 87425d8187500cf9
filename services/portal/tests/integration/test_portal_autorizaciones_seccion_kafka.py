"""The dashboard's authorizations section from events the test publishes on real Kafka,
through the exactly-once consumer, in a real PostgreSQL database."""

from datetime import date, timedelta
from uuid import uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.authorizations import OPSAnulada, OPSAutorizada, OPSEntregada
from eps_contracts.examples import example_of
from eps_runtime.consumer import ExactlyOnceConsumer
from portal.adapters.secciones.autorizaciones import SECCION

from ..conftest import Publicar

pytestmark = pytest.mark.integration

VENCE = date.today() + timedelta(days=30)
POR_PAGAR = example_of(OPSAutorizada).model_copy(update={"vence_el": VENCE})
SIN_CUOTA = POR_PAGAR.model_copy(
    update={"ops_id": uuid4(), "numero_autorizacion": "AUT-2026-000124", "valor_cuota": 0}
)
ANULADA = POR_PAGAR.model_copy(update={"ops_id": uuid4(), "numero_autorizacion": "AUT-2026-000125"})


async def ponerse_al_dia(motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str) -> None:
    consumidor = ExactlyOnceConsumer(
        projection=SECCION.proyeccion(topic_prefix), engine=motor, bootstrap_servers=kafka_bootstrap
    )
    await consumidor.run_until_caught_up()


def _entregada(ops: OPSAutorizada) -> OPSEntregada:
    return example_of(OPSEntregada).model_copy(
        update={"ops_id": ops.ops_id, "afiliado_id": ops.afiliado_id}
    )


async def test_tablero_muestra_la_ops_por_pagar_y_al_pagarse_queda_lista_para_usar(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    autorizada_id = await publicar(POR_PAGAR, 1)
    await publicar(SIN_CUOTA, 1)
    await publicar(_entregada(SIN_CUOTA), 2)
    await publicar(ANULADA, 1)
    await publicar(
        example_of(OPSAnulada).model_copy(
            update={"ops_id": ANULADA.ops_id, "afiliado_id": ANULADA.afiliado_id}
        ),
        2,
    )
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    async with motor.connect() as conn:
        antes = await SECCION.leer(conn, POR_PAGAR.afiliado_id)
        de_otro = await SECCION.leer(conn, uuid4())
    assert de_otro is None
    assert antes is not None
    assert [(o.numero_autorizacion, o.valor_cuota) for o in antes.por_pagar] == [
        ("AUT-2026-000123", 20100)
    ]
    assert [o.numero_autorizacion for o in antes.entregadas] == ["AUT-2026-000124"]

    await publicar(_entregada(POR_PAGAR), 2)  # billing's PagoAprobado made it delivered
    await publicar(POR_PAGAR, 1, event_id=autorizada_id)  # redelivered: changes nothing
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    async with motor.connect() as conn:
        despues = await SECCION.leer(conn, POR_PAGAR.afiliado_id)
    assert despues is not None
    assert despues.por_pagar == []
    assert sorted(o.numero_autorizacion for o in despues.entregadas) == [
        "AUT-2026-000123",
        "AUT-2026-000124",
    ]
