"""The whole payment over real HTTP: billing's API and the gateway simulator each served by
uvicorn; the affiliate clicks «Pagar» on the simulator's page, the simulator posts its
signed notification to billing, the order ends PAGADA with one receipt; a cancelled
payment leaves it payable with the gateway's reason."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from datetime import date
from uuid import uuid4

import httpx
import pytest
import uvicorn
from fastapi import FastAPI

from billing.adapters.pasarela_http import PasarelaHttp
from billing.application.comandos import CrearObligacionDeOPS
from billing.dev.pasarela import crear_app
from billing.domain.valores import obligacion_de_ops
from billing.entrypoints.api import create_app
from billing.settings import SECRETO_DESARROLLO, BillingSettings
from eps_contracts.types import ConceptoCuota
from eps_runtime.auth import Rol
from eps_runtime.testing.tokens import EmisorTokens
from eps_runtime.testing.wait import eventually

pytestmark = pytest.mark.integration


def _puerto() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.asynccontextmanager
async def _servido(app: FastAPI, puerto: int) -> AsyncIterator[None]:
    servidor = uvicorn.Server(
        uvicorn.Config(app, host="127.0.0.1", port=puerto, log_config=None, access_log=False)
    )
    tarea = asyncio.create_task(servidor.serve())

    async def arrancado() -> bool:
        return bool(servidor.started)

    await eventually(arrancado, timeout=15)
    try:
        yield
    finally:
        servidor.should_exit = True
        await tarea


@pytest.fixture
async def en_vivo(
    billing_database_url: str, emisor: EmisorTokens
) -> AsyncIterator[tuple[FastAPI, httpx.AsyncClient, httpx.AsyncClient]]:
    p_api, p_pasarela = _puerto(), _puerto()
    pasarela = PasarelaHttp(
        f"http://127.0.0.1:{p_pasarela}",
        SECRETO_DESARROLLO.encode(),
        f"http://127.0.0.1:{p_api}/pasarela/notificaciones",
        "http://127.0.0.1:1/mi-cuenta/pagos/retorno",
    )
    api = create_app(
        BillingSettings(database_url=billing_database_url),
        verificador=emisor.verificador(),
        pasarela=pasarela,
    )
    async with (
        _servido(crear_app(SECRETO_DESARROLLO.encode()), p_pasarela),
        _servido(api, p_api),
        httpx.AsyncClient(base_url=f"http://127.0.0.1:{p_api}") as cliente,
        httpx.AsyncClient() as navegador,
    ):
        yield api, cliente, navegador
    await api.state.engine.dispose()


async def _orden(api: FastAPI, afiliado_id: object) -> str:
    ops_id = uuid4()
    await api.state.aplicacion.ejecutar(
        CrearObligacionDeOPS(
            ops_id,
            afiliado_id,  # type: ignore[arg-type]
            "AUT-2026-000123",
            ConceptoCuota.CUOTA_MODERADORA,
            "CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL",
            20100,
            date(2026, 12, 31),
        )
    )
    return str(obligacion_de_ops(ops_id))


@pytest.mark.parametrize(
    ("accion", "medio", "estado", "motivo"),
    [
        ("pagar", {"medio": "PSE", "banco": "1007"}, "PAGADA", None),
        ("cancelar", {"medio": "PSE", "banco": "1007"}, "POR_PAGAR", "cancelada por el usuario"),
        (
            "pagar",
            {"medio": "TARJETA_CREDITO", "tarjeta": "4000000000000002"},
            "POR_PAGAR",
            "rechazada por la entidad financiera",
        ),
    ],
)
async def test_pago_en_la_pagina_de_la_pasarela_llega_por_notificacion_firmada(
    en_vivo: tuple[FastAPI, httpx.AsyncClient, httpx.AsyncClient],
    emisor: EmisorTokens,
    accion: str,
    medio: dict[str, str],
    estado: str,
    motivo: str | None,
) -> None:
    api, cliente, navegador = en_vivo
    afiliado_id = uuid4()
    cliente.headers["Authorization"] = "Bearer " + emisor.emitir(
        rol=Rol.AFILIADO, afiliado_id=afiliado_id
    )
    obligacion_id = await _orden(api, afiliado_id)
    tarjeta = medio.pop("tarjeta", None)
    creado = await cliente.post(
        f"/mi/cuotas/{obligacion_id}/pagos",
        json={"afiliado_id": str(afiliado_id), **medio},
        headers={"Idempotency-Key": "clave-navegador-1"},
    )
    assert creado.status_code == 201, creado.text
    pagina = await navegador.get(creado.json()["url_pago"])
    assert "Pasarela de pagos" in pagina.text and "$20.100" in pagina.text
    formulario = {"accion": accion} | ({"tarjeta": tarjeta} if tarjeta else {})
    vuelta = await navegador.post(creado.json()["url_pago"], data=formulario)
    assert vuelta.status_code == 303
    assert vuelta.headers["location"].startswith("http://127.0.0.1:1/mi-cuenta/pagos/retorno")

    async def resuelta() -> bool:
        r = await cliente.get(
            f"/mi/cuotas/{obligacion_id}", params={"afiliado_id": str(afiliado_id)}
        )
        return r.json()["transacciones"][0]["estado"] != "PENDIENTE"

    await eventually(resuelta, timeout=20)
    detalle = (
        await cliente.get(f"/mi/cuotas/{obligacion_id}", params={"afiliado_id": str(afiliado_id)})
    ).json()
    assert detalle["estado"] == estado
    [transaccion] = detalle["transacciones"]
    if motivo is None:
        assert transaccion["recibo"].startswith("RC-")
    else:
        assert motivo in transaccion["motivo"]
