"""The dashboard's incapacities section, fed by incapacities' events through Kafka: open ones
show with their state, closed ones leave, a redelivery changes nothing."""

import uuid
from typing import Any

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.incapacities import (
    IncapacidadLiquidada,
    IncapacidadPagada,
    IncapacidadRadicada,
)
from eps_contracts.examples import example_of
from eps_runtime.consumer import ExactlyOnceConsumer
from portal.adapters.secciones.incapacidades import SECCION

pytestmark = pytest.mark.integration


def _de(cls: type[Any], **campos: Any) -> Any:
    return cls.model_validate({**example_of(cls).model_dump(), **campos})


async def _al_dia(motor: AsyncEngine, topic_prefix: str, kafka: str) -> None:
    await ExactlyOnceConsumer(
        projection=SECCION.proyeccion(topic_prefix),
        engine=motor,
        bootstrap_servers=kafka,
        group_id=topic_prefix + "portal.incapacidades",
    ).run_until_caught_up()


async def _seccion(motor: AsyncEngine, afiliado_id: uuid.UUID) -> Any:
    async with motor.connect() as conn:
        return await SECCION.leer(conn, afiliado_id)


async def test_incapacidad_abierta_aparece_en_el_tablero_y_sale_al_pagarse(
    motor: AsyncEngine, publicar: Any, topic_prefix: str, kafka_bootstrap: str
) -> None:
    cotizante = uuid.uuid4()
    comunes = {"incapacidad_id": uuid.uuid4(), "cotizante_id": cotizante, "folio": 7}
    radicada_id = await publicar(_de(IncapacidadRadicada, **comunes), 1)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    [abierta] = (await _seccion(motor, cotizante)).abiertas
    assert (abierta.folio, abierta.estado) == (7, "EN TRAMITE")
    await publicar(_de(IncapacidadLiquidada, **comunes), 2)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    assert (await _seccion(motor, cotizante)).abiertas[0].estado == "LIQUIDADA"
    await publicar(_de(IncapacidadRadicada, **comunes), 1, event_id=radicada_id)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    assert (await _seccion(motor, cotizante)).abiertas[0].estado == "LIQUIDADA"
    await publicar(_de(IncapacidadPagada, **comunes), 3)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    assert await _seccion(motor, cotizante) is None
    assert await _seccion(motor, uuid.uuid4()) is None
