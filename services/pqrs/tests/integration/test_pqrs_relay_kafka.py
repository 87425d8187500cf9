"""From an HTTP filing to CloudEvents on Kafka, through the relay entrypoint: keyed by the
solicitud id, never by the radicado, and without the anonymous consultation code."""

import asyncio
import json

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from eps_contracts.envelope import from_kafka_record
from eps_runtime.kafka import create_consumer
from pqrs.entrypoints import relay

pytestmark = pytest.mark.integration


async def test_radicacion_y_respuesta_llegan_a_kafka_en_orden_sin_el_codigo_anonimo(
    anonimo: httpx.AsyncClient,
    operador: httpx.AsyncClient,
    pqrs_app: FastAPI,
    pqrs_database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    radicada = await anonimo.post(
        "/publico/solicitudes",
        data={"tipo": "QUEJA", "descripcion": "Mala atención.", "email": "c@example.com"},
        headers={"X-Captcha": "no-soy-un-robot"},
    )
    cuerpo = radicada.json()
    await operador.post(
        f"/backoffice/solicitudes/{cuerpo['solicitud_id']}/respuesta",
        json={"respuesta": "Ofrecemos disculpas."},
        headers={"If-Match": '"1"'},
    )
    monkeypatch.setenv("PQRS_DATABASE_URL", pqrs_database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("EPS_TOPIC_PREFIX", topic_prefix)
    stop = asyncio.Event()
    en_marcha = asyncio.create_task(relay.main(stop))
    consumidor = create_consumer(kafka_bootstrap, None)
    consumidor.subscribe([f"{topic_prefix}eps.pqrs.solicitudes"])
    await consumidor.start()
    try:
        recibidos = []
        async with asyncio.timeout(60):
            while len(recibidos) < 2:
                lotes = await consumidor.getmany(timeout_ms=500)
                recibidos.extend(m for mensajes in lotes.values() for m in mensajes)
    finally:
        await consumidor.stop()
        stop.set()
        await en_marcha

    sobres = [from_kafka_record(m.key, m.value, list(m.headers)) for m in recibidos]
    assert [(s.type, s.aggregate_version) for s in sobres] == [
        ("co.eps.pqrs.PQRSRadicada.v1", 1),
        ("co.eps.pqrs.PQRSRespondida.v1", 2),
    ]
    assert {m.key for m in recibidos} == {cuerpo["solicitud_id"].encode()}
    codigo = cuerpo["codigo_consulta"].encode()
    assert all(codigo not in m.value and codigo not in (m.key or b"") for m in recibidos)
    radicado = cuerpo["radicado"].encode()
    assert all(valor != radicado for m in recibidos for _, valor in m.headers)
    assert all(b"Mala atenci" not in valor for m in recibidos for _, valor in m.headers)
    assert json.loads(sobres[1].data)["email_respuesta"] == "c@example.com"
    async with pqrs_app.state.engine.connect() as conn:
        pendientes = (await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
    assert pendientes == 0
