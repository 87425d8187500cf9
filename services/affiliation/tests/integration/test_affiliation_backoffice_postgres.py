"""Back office on real PostgreSQL and Kafka: concurrent operators, novedades, the queue, and
the new events on their topics."""

import asyncio
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from affiliation.entrypoints import relay
from eps_contracts.envelope import from_kafka_record
from eps_runtime.kafka import create_consumer

pytestmark = pytest.mark.integration

PROBLEMA = "application/problem+json"


def persona(numero: str, **cambios: Any) -> dict[str, Any]:
    return {
        "tipo_documento": "CC",
        "numero_documento": numero,
        "primer_nombre": "Ana",
        "primer_apellido": "Pérez",
        "fecha_nacimiento": "1980-05-17",
        "sexo": "F",
        "tipo_afiliado": "COTIZANTE",
        "regimen": "CONTRIBUTIVO",
        "municipio_divipola": "76001",
        "subtipo_cotizante": "PERSONA_NATURAL",
        "ibc": 4_000_000,
    } | cambios


async def eventos_de(app: FastAPI, afiliado_id: str) -> list[str]:
    async with app.state.engine.connect() as conn:
        filas = await conn.execute(
            text("SELECT event_type FROM events WHERE stream_id = :id ORDER BY version"),
            {"id": afiliado_id},
        )
        return [f[0] for f in filas]


async def test_dos_operadores_cambian_la_misma_afiliacion_a_la_vez_uno_recibe_409(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    creado = (await cliente.post("/afiliados", json=persona("52000001"))).json()
    url = f"/afiliados/{creado['afiliado_id']}"

    suspension, estado_civil = await asyncio.gather(
        cliente.post(f"{url}/suspension", json={"motivo": "MORA"}, headers={"If-Match": '"1"'}),
        cliente.post(
            f"{url}/novedades",
            json={"codigo": 3, "estado_civil": "CASADO"},
            headers={"If-Match": '"1"'},
        ),
    )

    estados = sorted([suspension.status_code, estado_civil.status_code])
    assert estados in ([200, 409], [201, 409])
    perdedora = suspension if suspension.status_code == 409 else estado_civil
    assert perdedora.headers["content-type"].startswith(PROBLEMA)
    assert perdedora.json()["code"] == "conflicto-de-version"
    tipos = await eventos_de(affiliation_app, creado["afiliado_id"])
    # Registration plus exactly one of the two changes: nothing half-written, nothing lost.
    assert len(tipos) in (2, 3)
    assert ("co.eps.affiliation.AfiliacionSuspendida.v1" in tipos) != (
        "co.eps.affiliation.EstadoCivilActualizado.v1" in tipos
    )


async def test_dos_conyuges_incluidos_a_la_vez_solo_uno_queda_en_el_grupo(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    cotizante = (await cliente.post("/afiliados", json=persona("52000002", sexo="M"))).json()

    def conyuge(numero: str) -> dict[str, Any]:
        return persona(
            numero,
            tipo_afiliado="BENEFICIARIO",
            cotizante_id=cotizante["afiliado_id"],
            parentesco="CONYUGE",
            subtipo_cotizante=None,
            ibc=None,
        )

    respuestas = await asyncio.gather(
        cliente.post("/afiliados", json=conyuge("52000003")),
        cliente.post("/afiliados", json=conyuge("52000004")),
    )

    codigos = sorted(r.status_code for r in respuestas)
    assert codigos[0] == 201 and codigos[1] in (409, 422)
    grupo = (await cliente.get(f"/afiliados/{cotizante['afiliado_id']}")).json()["grupo_familiar"]
    assert len(grupo) == 1


async def test_hijo_de_26_anios_se_rechaza_con_422_que_nombra_la_regla(
    cliente: httpx.AsyncClient,
) -> None:
    cotizante = (await cliente.post("/afiliados", json=persona("52000005"))).json()

    respuesta = await cliente.post(
        f"/afiliados/{cotizante['afiliado_id']}/novedades",
        json={
            "codigo": 4,
            "beneficiario": persona(
                "52000006",
                tipo_afiliado="BENEFICIARIO",
                parentesco="HIJO",
                fecha_nacimiento="2000-01-01",
                subtipo_cotizante=None,
                ibc=None,
                condiciones={"estudiante_tiempo_completo": True},
            ),
        },
    )

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    cuerpo = respuesta.json()
    assert cuerpo["regla"] == "hijo-mayor-de-25"
    assert "Decreto 806" in cuerpo["detail"]


async def test_novedad_sin_sus_campos_responde_422_en_espanol(cliente: httpx.AsyncClient) -> None:
    creado = (await cliente.post("/afiliados", json=persona("52000007"))).json()

    respuesta = await cliente.post(
        f"/afiliados/{creado['afiliado_id']}/novedades",
        json={"codigo": 1},
        headers={"If-Match": "1"},
    )

    assert respuesta.status_code == 422
    assert "tipo_documento" in respuesta.json()["detail"]


async def test_sin_token_de_operador_no_se_registra_nadie(
    affiliation_app: FastAPI, emisor: Any
) -> None:
    from eps_runtime.auth import Rol

    transporte = httpx.ASGITransport(app=affiliation_app)
    afiliado = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=__import__("uuid").uuid4())
    async with httpx.AsyncClient(transport=transporte, base_url="http://a") as anonimo:
        sin_token = await anonimo.post("/afiliados", json=persona("52000008"))
        como_afiliado = await anonimo.post(
            "/afiliados",
            json=persona("52000008"),
            headers={"Authorization": f"Bearer {afiliado}"},
        )

    assert sin_token.status_code == 401
    assert como_afiliado.status_code == 403
    async with affiliation_app.state.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one() == 0


async def test_novedades_y_empleadores_llegan_a_sus_topics(
    cliente: httpx.AsyncClient,
    affiliation_database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    empleador = await cliente.post(
        "/empleadores",
        json={
            "tipo_documento": "NIT",
            "numero_documento": "900123456",
            "digito_verificacion": 8,
            "razon_social": "Comercializadora del Pacífico S.A.S.",
        },
    )
    assert empleador.status_code == 201, empleador.text
    creado = (await cliente.post("/afiliados", json=persona("52000009"))).json()
    novedad = await cliente.post(
        f"/afiliados/{creado['afiliado_id']}/novedades",
        json={"codigo": 3, "estado_civil": "CASADO"},
        headers={"If-Match": "1"},
    )
    assert novedad.status_code == 201
    assert novedad.json()["radicado"].startswith("NOV-")

    monkeypatch.setenv("AFFILIATION_DATABASE_URL", affiliation_database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", kafka_bootstrap)
    monkeypatch.setenv("EPS_TOPIC_PREFIX", topic_prefix)
    stop = asyncio.Event()
    relay_en_marcha = asyncio.create_task(relay.main(stop))
    consumidor = create_consumer(kafka_bootstrap, None)
    consumidor.subscribe(
        [f"{topic_prefix}eps.affiliation.afiliados", f"{topic_prefix}eps.affiliation.empleadores"]
    )
    await consumidor.start()
    try:
        recibidos = []
        async with asyncio.timeout(60):
            while len(recibidos) < 4:
                lotes = await consumidor.getmany(timeout_ms=500)
                recibidos.extend(m for mensajes in lotes.values() for m in mensajes)
    finally:
        await consumidor.stop()
        stop.set()
        await relay_en_marcha

    por_topic = {
        (
            m.topic.removeprefix(topic_prefix),
            from_kafka_record(m.key, m.value, list(m.headers)).type,
        )
        for m in recibidos
    }
    assert por_topic == {
        ("eps.affiliation.empleadores", "co.eps.affiliation.EmpleadorRegistrado.v1"),
        ("eps.affiliation.afiliados", "co.eps.affiliation.AfiliadoRegistrado.v1"),
        ("eps.affiliation.afiliados", "co.eps.affiliation.EstadoCivilActualizado.v1"),
        ("eps.affiliation.afiliados", "co.eps.affiliation.NovedadRegistrada.v1"),
    }


async def test_nit_con_digito_de_verificacion_errado_responde_422(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await cliente.post(
        "/empleadores",
        json={
            "tipo_documento": "NIT",
            "numero_documento": "900123456",
            "digito_verificacion": 3,
            "razon_social": "Empresa",
        },
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "digito-verificacion-invalido"
