"""From an HTTP command to a CloudEvent on Kafka, through the outbox relay entrypoint."""

import asyncio
import json

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from affiliation.entrypoints import relay
from eps_contracts.envelope import from_kafka_record
from eps_runtime.kafka import create_consumer

pytestmark = pytest.mark.integration


async def test_lo_registrado_llega_a_kafka_en_orden_y_sin_datos_personales_en_la_clave(
    cliente: httpx.AsyncClient,
    affiliation_app: FastAPI,
    affiliation_database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    creado = await cliente.post(
        "/afiliados",
        json={
            "tipo_documento": "CC",
            "numero_documento": "1000000001",
            "primer_nombre": "Ana",
            "primer_apellido": "Pérez",
            "fecha_nacimiento": "1990-05-17",
            "sexo": "F",
            "tipo_afiliado": "COTIZANTE",
            "regimen": "CONTRIBUTIVO",
        },
    )
    afiliado_id = creado.json()["afiliado_id"]
    await cliente.patch(
        f"/afiliados/{afiliado_id}/contacto",
        json={"email": "ana@example.org"},
        headers={"If-Match": "1"},
    )
    monkeypatch.setenv("AFFILIATION_DATABASE_URL", affiliation_database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("EPS_TOPIC_PREFIX", topic_prefix)
    stop = asyncio.Event()
    relay_en_marcha = asyncio.create_task(relay.main(stop))
    consumidor = create_consumer(kafka_bootstrap, None)
    consumidor.subscribe([f"{topic_prefix}eps.affiliation.afiliados"])
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
        await relay_en_marcha

    sobres = [from_kafka_record(m.key, m.value, list(m.headers)) for m in recibidos]
    assert [(s.type, s.aggregate_version) for s in sobres] == [
        ("co.eps.affiliation.AfiliadoRegistrado.v1", 1),
        ("co.eps.affiliation.DatosContactoActualizados.v1", 2),
    ]
    assert {m.key for m in recibidos} == {afiliado_id.encode()}
    assert all(b"1000000001" not in valor for m in recibidos for _, valor in m.headers)
    assert json.loads(sobres[0].data)["numero_documento"] == "1000000001"
    async with affiliation_app.state.engine.connect() as conn:
        pendientes = (await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
    assert pendientes == 0
