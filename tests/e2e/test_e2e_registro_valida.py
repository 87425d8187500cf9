"""The first slice through the real parts: affiliation seeds, identity answers "Válida".

Real PostgreSQL, real Kafka, the services as separate processes (API, relay, consumer).
"""

from __future__ import annotations

import uuid

import httpx
import pytest

from eps_runtime.testing.wait import eventually

from .conftest import RunningStack

pytestmark = pytest.mark.e2e

NO_REGISTRADO = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    "cliente 018000938777"
)


async def validar(client: httpx.AsyncClient, url: str, tipo: str, numero: str) -> httpx.Response:
    return await client.post(
        f"{url}/registro/validacion",
        json={"tipo_documento": tipo, "numero_documento": numero},
        headers={"X-Captcha": "no-soy-un-robot"},  # the development CAPTCHA's token
    )


async def test_afiliado_sembrado_es_reconocido_en_el_paso_valida(
    running_stack: RunningStack,
) -> None:
    running_stack.run("-m", "affiliation.entrypoints.seed", "--size", "20")
    async with httpx.AsyncClient(timeout=10) as client:
        response = await eventually(
            lambda: validar(client, running_stack.identity_url, "CC", "1000000001"),
            until=lambda r: r.status_code == 200,
            timeout=60,
        )
        body = response.json()
        assert body["tipo_documento"] == "CC"
        assert body["numero_documento"] == "1000000001"
        assert body["nombres"] and body["apellidos"]

        # Issue 17.1: step 2 needs its own CAPTCHA and the session step 1 returned.
        documento = {"tipo_documento": "CC", "numero_documento": "1000000001"}
        preguntas = f"{running_stack.identity_url}/registro/preguntas"
        sin_captcha = await client.post(
            preguntas, json={**documento, "sesion_registro": body["sesion_registro"]}
        )
        assert sin_captcha.status_code == 400
        assert sin_captcha.json()["code"] == "captcha-invalido"
        sin_paso_1 = await client.post(
            preguntas,
            json={**documento, "sesion_registro": "9999999999.inventada"},
            headers={"X-Captcha": "no-soy-un-robot"},
        )
        assert sin_paso_1.status_code == 400
        assert sin_paso_1.json()["code"] == "sesion-registro-invalida"

        unknown = await validar(client, running_stack.identity_url, "CC", "9999999999")
        assert unknown.status_code == 404
        assert unknown.headers["content-type"].startswith("application/problem+json")
        assert unknown.json()["detail"] == NO_REGISTRADO

        invalid = await validar(client, running_stack.identity_url, "XX", "12ab")
        assert invalid.status_code == 422
        assert invalid.headers["content-type"].startswith("application/problem+json")


async def test_afiliado_registrado_por_http_llega_a_identidad_en_la_misma_traza(
    running_stack: RunningStack,
) -> None:
    numero = str(uuid.uuid4().int)[:10]
    trace_id = uuid.uuid4().hex
    traceparent = f"00-{trace_id}-{uuid.uuid4().hex[:16]}-01"
    async with httpx.AsyncClient(timeout=10) as client:
        created = await client.post(
            f"{running_stack.affiliation_url}/afiliados",
            headers={"traceparent": traceparent, **running_stack.operador()},
            json={
                "tipo_documento": "CC",
                "numero_documento": numero,
                "primer_nombre": "Ana",
                "primer_apellido": "Rincón",
                "fecha_nacimiento": "1990-05-20",
                "sexo": "F",
                "tipo_afiliado": "COTIZANTE",
                "regimen": "CONTRIBUTIVO",
            },
        )
        assert created.status_code == 201, created.text
        response = await eventually(
            lambda: validar(client, running_stack.identity_url, "CC", numero),
            until=lambda r: r.status_code == 200,
            timeout=30,
        )
    assert response.json()["nombres"] == "Ana"
    # One trace: the HTTP request, the append, the relay's publish and the consumer's
    # transaction, each exported by its own process (console exporter → its log).
    in_trace = f'"trace_id": "0x{trace_id}"'
    for process in ("affiliation-api", "affiliation-relay", "identity-consumer"):
        await eventually(lambda p=process: _read(running_stack, p), until=lambda t: in_trace in t)


async def _read(stack: RunningStack, process: str) -> str:
    return stack.log(process)
