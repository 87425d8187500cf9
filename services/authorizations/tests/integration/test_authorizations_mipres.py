"""MIPRES through the project's simulator (its real HTTP app, in process) into real
PostgreSQL: each new or changed prescription is one event; the simulator down or answering
garbage loses nothing."""

from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authorizations.adapters.mipres import MIPRESHttp
from authorizations.bootstrap import bootstrap
from authorizations.dev.mipres import crear_simulador
from authorizations.domain.errores import MIPRESNoDisponible
from authorizations.entrypoints.mipres import sondear_una_vez
from eps_runtime.auth import Rol
from eps_runtime.db import create_engine
from eps_runtime.testing.tokens import EmisorTokens

pytestmark = pytest.mark.integration

AFILIADO = uuid4()


def direccionamiento(**cambios: Any) -> dict[str, Any]:
    return {
        "numero_prescripcion": "20261123000123",
        "tipo_documento_paciente": "CC",
        "numero_documento_paciente": "1000000001",
        "tipo_tecnologia": "MEDICAMENTO",
        "descripcion": "ADALIMUMAB 40 MG SOLUCION INYECTABLE",
        "cantidad": 2,
        "fecha_maxima_entrega": "2026-12-03",
        "estado": "ACTIVO",
    } | cambios


@pytest.fixture
async def motor(authorizations_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(authorizations_database_url)
    async with motor.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO derechos (afiliado_id, estado, tipo_afiliado, fecha_nacimiento,"
                " tipo_documento, numero_documento, version)"
                " VALUES (:id, 'ACTIVO', 'COTIZANTE', '1980-01-01', 'CC', '1000000001', 1)"
            ),
            {"id": AFILIADO},
        )
    yield motor
    await motor.dispose()


@pytest.fixture
async def simulador() -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=crear_simulador())
    async with httpx.AsyncClient(transport=transporte, base_url="http://mipres") as cliente:
        yield cliente


async def tipos(motor: AsyncEngine) -> list[str]:
    async with motor.connect() as conn:
        filas = await conn.execute(
            text("SELECT event_type FROM events ORDER BY recorded_at, version")
        )
        return [f.event_type.split(".")[3] for f in filas]


async def test_prescripcion_nueva_y_su_cambio_son_un_evento_cada_uno(
    motor: AsyncEngine, simulador: httpx.AsyncClient, tmp_path: Path
) -> None:
    app, fuente = bootstrap(motor, tmp_path), MIPRESHttp(simulador)
    await simulador.put("/direccionamientos/20261123000123", json=direccionamiento())
    ajeno = direccionamiento(numero_prescripcion="20261123000999", numero_documento_paciente="9")
    await simulador.put("/direccionamientos/20261123000999", json=ajeno)

    assert await sondear_una_vez(app, fuente) == 1  # the unknown patient waits for his right
    assert await sondear_una_vez(app, fuente) == 0
    await simulador.put(
        "/direccionamientos/20261123000123", json=direccionamiento(estado="PROCESADO")
    )
    assert await sondear_una_vez(app, fuente) == 1
    assert await tipos(motor) == ["PrescripcionMIPRESRecibida", "PrescripcionMIPRESActualizada"]


@pytest.mark.parametrize("modo", ["caido", "basura"])
async def test_mipres_caido_o_con_basura_no_pierde_lo_recibido(
    motor: AsyncEngine, simulador: httpx.AsyncClient, tmp_path: Path, modo: str
) -> None:
    app, fuente = bootstrap(motor, tmp_path), MIPRESHttp(simulador)
    await simulador.put("/direccionamientos/20261123000123", json=direccionamiento())
    await sondear_una_vez(app, fuente)
    await simulador.post("/modo", json={"modo": modo})

    with pytest.raises(MIPRESNoDisponible):
        await sondear_una_vez(app, fuente)
    assert await tipos(motor) == ["PrescripcionMIPRESRecibida"]
    filas = await app.lecturas.mipres_de(AFILIADO)
    assert [f.estado for f in filas] == ["ACTIVO"]


async def test_afiliado_ve_sus_prescripciones_o_que_no_tiene_pendientes(
    authorizations_app: FastAPI, emisor: EmisorTokens, simulador: httpx.AsyncClient, tmp_path: Path
) -> None:
    async with authorizations_app.state.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO derechos (afiliado_id, estado, tipo_afiliado, fecha_nacimiento,"
                " tipo_documento, numero_documento, version)"
                " VALUES (:id, 'ACTIVO', 'COTIZANTE', '1980-01-01', 'CC', '1000000001', 1)"
            ),
            {"id": AFILIADO},
        )
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=AFILIADO)
    cabeceras = {"Authorization": f"Bearer {token}"}
    transporte = httpx.ASGITransport(app=authorizations_app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://t") as cliente:
        vacio = (await cliente.get("/mi/mipres", headers=cabeceras)).json()
        assert vacio["mensaje"] == "No tiene prestaciones pendientes."

        await simulador.put("/direccionamientos/20261123000123", json=direccionamiento())
        await sondear_una_vez(authorizations_app.state.aplicacion, MIPRESHttp(simulador))
        lleno = (await cliente.get("/mi/mipres", headers=cabeceras)).json()
        assert [p["numero_prescripcion"] for p in lleno["prescripciones"]] == ["20261123000123"]
        assert lleno["mensaje"] is None

        hasta = datetime.now(UTC) + timedelta(days=1)
        otro = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=uuid4(), representados={uuid4(): hasta})
        ajeno = await cliente.get(
            "/mi/mipres",
            params={"afiliado_id": str(AFILIADO)},
            headers={"Authorization": f"Bearer {otro}"},
        )
        assert ajeno.status_code == 404
