"""Authorizations' OPS become obligations through real Kafka, by the exactly-once consumer,
and the obligation's events reach Kafka through the relay entrypoint."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from billing.adapters.ops_projection import OPSProjection
from billing.adapters.pasarela_http import PasarelaHttp
from billing.bootstrap import bootstrap
from billing.domain.valores import obligacion_de_ops
from billing.entrypoints import relay
from eps_contracts.envelope import from_kafka_record
from eps_contracts.events.authorizations import OPSAnulada, OPSAutorizada
from eps_contracts.examples import example_of
from eps_contracts.types import ConceptoCuota
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.kafka import create_consumer
from eps_runtime.testing.kafka import PublicadorEventos

pytestmark = pytest.mark.integration


@pytest.fixture
async def motor(billing_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(billing_database_url)
    yield motor
    await motor.dispose()


def _ops(**cambios: Any) -> OPSAutorizada:
    base = example_of(OPSAutorizada)
    assert isinstance(base, OPSAutorizada)
    return base.model_copy(update={"ops_id": uuid4(), **cambios})


async def _ponerse_al_dia(
    motor: AsyncEngine, pasarela: PasarelaHttp, topic_prefix: str, kafka: str
) -> int:
    aplicacion = bootstrap(motor, pasarela)
    consumidor = ExactlyOnceConsumer(
        projection=OPSProjection(aplicacion.en_conexion, topic_prefix),
        engine=motor,
        bootstrap_servers=kafka,
    )
    await consumidor.run_until_caught_up()
    return consumidor.applied


async def _filas(motor: AsyncEngine) -> list[Any]:
    async with motor.connect() as conn:
        return list(
            await conn.execute(text("SELECT ops_id, valor, estado FROM obligaciones ORDER BY 2"))
        )


async def test_ops_con_cuota_crea_su_obligacion_y_la_redelivery_no_crea_otra(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    pasarela: PasarelaHttp,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    con_cuota = _ops(valor_cuota=20100)
    sin_cuota = _ops(valor_cuota=0, concepto_cuota=ConceptoCuota.NINGUNO)
    evento_id = await publicar(con_cuota, 1)
    await publicar(con_cuota, 1, evento_id)  # the relay may publish twice
    await publicar(sin_cuota, 1)

    await _ponerse_al_dia(motor, pasarela, topic_prefix, kafka_bootstrap)

    assert [tuple(f) for f in await _filas(motor)] == [(con_cuota.ops_id, 20100, "POR_PAGAR")]
    async with motor.connect() as conn:
        eventos = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
    assert eventos == 1


async def test_ops_anulada_sin_pagar_deja_de_cobrarse(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    pasarela: PasarelaHttp,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    ops = _ops(valor_cuota=57_000, vence_el=date(2026, 12, 31))
    await publicar(ops, 1)
    anulada = OPSAnulada(
        ops_id=ops.ops_id,
        afiliado_id=ops.afiliado_id,
        motivo="Servicio autorizado por error.",
        anulada_en=ops.autorizada_en,
    )
    await publicar(anulada, 2)

    await _ponerse_al_dia(motor, pasarela, topic_prefix, kafka_bootstrap)

    assert [tuple(f) for f in await _filas(motor)] == [(ops.ops_id, 57_000, "ANULADA")]


async def test_la_obligacion_llega_a_kafka_por_el_relay_con_la_clave_de_la_obligacion(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    pasarela: PasarelaHttp,
    billing_database_url: str,
    topic_prefix: str,
    kafka_bootstrap: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    ops = _ops(valor_cuota=20100)
    await publicar(ops, 1)
    await _ponerse_al_dia(motor, pasarela, topic_prefix, kafka_bootstrap)

    monkeypatch.setenv("BILLING_DATABASE_URL", billing_database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("EPS_TOPIC_PREFIX", topic_prefix)
    stop = asyncio.Event()
    relay_en_marcha = asyncio.create_task(relay.main(stop))
    consumidor = create_consumer(kafka_bootstrap, None)
    consumidor.subscribe([f"{topic_prefix}eps.billing.pagos"])
    await consumidor.start()
    try:
        recibidos: list[Any] = []
        async with asyncio.timeout(60):
            while not recibidos:
                lotes = await consumidor.getmany(timeout_ms=500)
                recibidos.extend(m for mensajes in lotes.values() for m in mensajes)
    finally:
        await consumidor.stop()
        stop.set()
        await relay_en_marcha

    [mensaje] = recibidos
    sobre = from_kafka_record(mensaje.key, mensaje.value, list(mensaje.headers))
    assert sobre.type == "co.eps.billing.ObligacionPagoCreada.v1"
    assert mensaje.key == str(obligacion_de_ops(ops.ops_id)).encode()
    assert json.loads(sobre.data)["valor"] == 20100
