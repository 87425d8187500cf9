"""``/mi/tablero``, its Server-Sent Events, /readyz and /metrics over real Kafka, the real
consumer and PostgreSQL (LISTEN/NOTIFY included)."""

import asyncio
import socket
import time
import uuid
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
import uvicorn
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.examples import datos_contacto_actualizados
from eps_contracts.types import Parentesco
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.testing.tokens import EmisorTokens
from portal.adapters.tablero_projection import GRUPO
from portal.adapters.tablero_retraso import registrar_retraso
from portal.entrypoints.api import create_app
from portal.settings import PortalSettings

pytestmark = pytest.mark.integration

Publicar = Callable[..., Awaitable[uuid.UUID]]
PonerseAlDia = Callable[[], Awaitable[int]]
Token = Callable[..., str]
Familia = Any  # conftest's ``Familia``


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def representa_a(menor: uuid.UUID) -> dict[uuid.UUID, datetime]:
    return {menor: datetime.now(UTC) + timedelta(days=365 * 5)}


async def familia_proyectada(publicar: Publicar, ponerse_al_dia: PonerseAlDia, f: Familia) -> None:
    await publicar(f.cotizante(), 1)
    await publicar(f.hijo(), 1)
    await publicar(f.esposa(), 1)
    await publicar(f.inclusion(f.hijo_id, Parentesco.HIJO), 2)
    await publicar(f.inclusion(f.esposa_id, Parentesco.CONYUGE), 3)
    await ponerse_al_dia()


async def test_el_cotizante_ve_su_tablero_y_todo_su_grupo(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
) -> None:
    await familia_proyectada(publicar, ponerse_al_dia, familia)

    respuesta = await cliente.get("/mi/tablero", headers=bearer(token_de(familia.cotizante_id)))

    assert respuesta.status_code == 200
    assert respuesta.headers["ETag"] == '"3"'
    cuerpo = respuesta.json()
    assert cuerpo["nombre_completo"] == "Ana María Pérez Gómez"
    assert cuerpo["plan_beneficios"]["estado"] == "ACTIVO"
    assert cuerpo["plan_beneficios"]["ips_primaria"]["codigo"] == "760010000001"
    assert cuerpo["datos_contacto"]["email"] == "ana.perez@example.com"
    grupo = {m["afiliado_id"]: m for m in cuerpo["grupo_familiar"]}
    assert set(grupo) == {str(familia.cotizante_id), str(familia.hijo_id), str(familia.esposa_id)}
    assert grupo[str(familia.hijo_id)]["tipo_documento"] == "TI"
    assert grupo[str(familia.esposa_id)]["parentesco"] == "CONYUGE"


async def test_la_beneficiaria_adulta_solo_se_ve_a_si_misma(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
) -> None:
    await familia_proyectada(publicar, ponerse_al_dia, familia)

    respuesta = await cliente.get("/mi/tablero", headers=bearer(token_de(familia.esposa_id)))

    assert respuesta.status_code == 200
    assert [m["afiliado_id"] for m in respuesta.json()["grupo_familiar"]] == [
        str(familia.esposa_id)
    ]


async def test_el_cotizante_ve_el_tablero_del_menor_que_representa(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
) -> None:
    await familia_proyectada(publicar, ponerse_al_dia, familia)
    token = token_de(familia.cotizante_id, representa_a(familia.hijo_id))

    respuesta = await cliente.get(
        "/mi/tablero", params={"afiliado_id": str(familia.hijo_id)}, headers=bearer(token)
    )

    assert respuesta.status_code == 200
    assert respuesta.json()["afiliado_id"] == str(familia.hijo_id)


async def test_tablero_de_quien_no_representa_es_404_igual_que_uno_inexistente(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
) -> None:
    await familia_proyectada(publicar, ponerse_al_dia, familia)
    token = bearer(token_de(familia.cotizante_id))

    ajeno = await cliente.get(
        "/mi/tablero", params={"afiliado_id": str(familia.esposa_id)}, headers=token
    )
    inexistente = await cliente.get(
        "/mi/tablero", params={"afiliado_id": str(uuid.uuid4())}, headers=token
    )
    eventos = await cliente.get(
        "/mi/tablero/eventos", params={"afiliado_id": str(familia.esposa_id)}, headers=token
    )

    assert ajeno.status_code == inexistente.status_code == eventos.status_code == 404
    assert ajeno.headers["content-type"] == "application/problem+json"
    assert ajeno.json() == inexistente.json()
    assert ajeno.json()["code"] == "afiliado-no-encontrado"


async def test_sin_token_es_401(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/mi/tablero")

    assert respuesta.status_code == 401


async def test_version_minima_responde_en_cuanto_el_evento_se_aplica(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    consumidor_en_marcha: ExactlyOnceConsumer,
    familia: Familia,
    token_de: Token,
) -> None:
    token = bearer(token_de(familia.cotizante_id))
    await publicar(familia.cotizante(), 1)
    primera = await cliente.get("/mi/tablero", params={"version_minima": 1}, headers=token)
    assert primera.status_code == 200

    async def escribir_despues() -> None:
        await asyncio.sleep(0.3)
        contacto = datos_contacto_actualizados(
            afiliado_id=familia.cotizante_id, telefono_movil="3000000009"
        )
        await publicar(contacto, 2)

    escritura = asyncio.create_task(escribir_despues())
    inicio = time.monotonic()
    respuesta = await cliente.get("/mi/tablero", params={"version_minima": 2}, headers=token)
    await escritura

    assert respuesta.status_code == 200
    assert "X-Tablero-Desactualizado" not in respuesta.headers
    assert respuesta.json()["version"] == 2
    assert respuesta.json()["datos_contacto"]["telefono_movil"] == "3000000009"
    assert time.monotonic() - inicio < 4.5  # well before the 5 s limit


async def test_version_minima_no_alcanzada_responde_lo_que_hay_con_aviso(
    cliente: httpx.AsyncClient,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
    portal_app: Any,
) -> None:
    await publicar(familia.cotizante(), 1)
    await ponerse_al_dia()
    portal_app.state.componentes.consulta.espera_max_s = 0.5

    respuesta = await cliente.get(
        "/mi/tablero",
        params={"version_minima": 9},
        headers=bearer(token_de(familia.cotizante_id)),
    )

    assert respuesta.status_code == 200
    assert respuesta.headers["X-Tablero-Desactualizado"] == "true"
    assert respuesta.json()["version"] == 1


async def test_el_retraso_de_la_proyeccion_se_ve_en_readyz_y_metrics(
    cliente: httpx.AsyncClient, motor: AsyncEngine
) -> None:
    await registrar_retraso(motor, GRUPO, 7)

    listo = await cliente.get("/readyz")
    metricas = await cliente.get("/metrics")

    assert listo.json()["checks"]["tablero"]["mensajes_pendientes"] == 7
    assert metricas.status_code == 200
    assert "portal_tablero_mensajes_pendientes 7\n" in metricas.text


def _puerto_libre() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def test_los_eventos_sse_anuncian_el_cambio_del_grupo(
    portal_settings: PortalSettings,
    emisor: EmisorTokens,
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    familia: Familia,
    token_de: Token,
) -> None:
    await publicar(familia.cotizante(), 1)
    await publicar(familia.esposa(), 1)
    await ponerse_al_dia()
    puerto = _puerto_libre()
    servidor = uvicorn.Server(
        uvicorn.Config(
            create_app(portal_settings, emisor.verificador()),
            host="127.0.0.1",
            port=puerto,
            log_level="warning",
            timeout_graceful_shutdown=2,
        )
    )
    sirviendo = asyncio.create_task(servidor.serve())
    try:
        for _ in range(500):
            if servidor.started:
                break
            await asyncio.sleep(0.01)
        async with (
            httpx.AsyncClient(base_url=f"http://127.0.0.1:{puerto}", timeout=20) as cliente,
            cliente.stream(
                "GET", "/mi/tablero/eventos", headers=bearer(token_de(familia.cotizante_id))
            ) as flujo,
        ):
            assert flujo.status_code == 200
            assert flujo.headers["content-type"].startswith("text/event-stream")
            lineas = flujo.aiter_lines()
            assert await anext(lineas) == ": conectado"
            # A change in a member of his group (on her own stream) reaches his dashboard.
            await publicar(
                datos_contacto_actualizados(afiliado_id=familia.esposa_id, email=None), 2
            )
            await ponerse_al_dia()
            recibidas = []
            async with asyncio.timeout(10):
                async for linea in lineas:
                    recibidas.append(linea)
                    if linea.startswith("data:"):
                        break
        assert recibidas[-2:] == [
            "event: tablero",
            f'data: {{"afiliado_id": "{familia.cotizante_id}", "version": 1}}',
        ]
    finally:
        servidor.should_exit = True
        await asyncio.wait_for(sirviendo, 15)
