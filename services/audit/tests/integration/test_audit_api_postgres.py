"""The auditor's API over the real archive: Ana's history across services, paged by the SQL
cursor; the access record of that read goes through the outbox, the relay and Kafka back
into the archive, and Ana sees who read her data in /mi/accesos."""

import asyncio
import uuid
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.entrypoints.api import create_app
from audit.settings import AuditSettings
from eps_contracts.events.affiliation import DatosContactoActualizados
from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.examples import example_of
from eps_runtime.auth import Rol
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.tokens import EmisorTokens
from eps_runtime.testing.wait import eventually

from ..conftest import Archivar, Publicar
from .test_audit_archivo_kafka import ana

pytestmark = pytest.mark.integration

EMISOR = EmisorTokens()


@pytest.fixture
async def app(settings: AuditSettings) -> AsyncIterator[FastAPI]:
    app = create_app(settings, verificador=EMISOR.verificador())
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://auditoria"
    ) as c:
        yield c


def como(rol: Rol, **claims: object) -> dict[str, str]:
    token = EMISOR.emitir(rol=rol, usuario_id=f"{rol.value}-9", **claims)  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


async def publicar_relay(settings: AuditSettings, motor: AsyncEngine) -> None:
    """Runs audit's own relay until its outbox is empty."""
    relay = OutboxRelay(
        service="audit",
        database_url=settings.database_url,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        topic_prefix=settings.topic_prefix,
    )
    stop = asyncio.Event()
    tarea = asyncio.create_task(relay.run(stop))

    async def pendientes() -> int:
        async with motor.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one())

    try:
        await eventually(pendientes, until=lambda n: n == 0, timeout=30)
    finally:
        stop.set()
        await tarea


async def test_el_auditor_ve_la_historia_de_ana_y_ana_ve_que_el_auditor_la_consulto(
    publicar: Publicar,
    archivar: Archivar,
    cliente: httpx.AsyncClient,
    settings: AuditSettings,
    motor: AsyncEngine,
) -> None:
    registrada = ana()
    afiliado = registrada.afiliado_id
    await publicar(registrada, version=1)
    await publicar(DatosContactoActualizados(afiliado_id=afiliado, email="a@example.com"), 2)
    ops = example_of(OPSAutorizada).model_copy(
        update={"ops_id": uuid.uuid4(), "afiliado_id": afiliado}
    )
    await publicar(ops)
    await publicar(ana())  # someone else
    await archivar()
    auditor = como(Rol.AUDITOR)

    primera = await cliente.get(
        f"/auditoria/afiliados/{afiliado}/historial", params={"limite": 2}, headers=auditor
    )
    assert primera.status_code == 200, primera.text
    segunda = await cliente.get(
        f"/auditoria/afiliados/{afiliado}/historial",
        params={"limite": 2, "cursor": primera.json()["siguiente"]},
        headers=auditor,
    )
    eventos = primera.json()["elementos"] + segunda.json()["elementos"]
    assert [e["ce_type"].split(".")[3] for e in eventos] == [
        "AfiliadoRegistrado",
        "DatosContactoActualizados",
        "OPSAutorizada",
    ]
    assert segunda.json()["siguiente"] is None
    assert eventos[1]["datos"]["email"] == "a@example.com"  # the evidence, as it came

    await publicar_relay(settings, motor)
    await archivar()

    mis = await cliente.get("/mi/accesos", headers=como(Rol.AFILIADO, afiliado_id=afiliado))
    assert mis.status_code == 200
    accesos = mis.json()["elementos"]
    assert len(accesos) == 2  # one per page read
    assert {(a["lector_usuario_id"], a["lector_rol"], a["servicio"]) for a in accesos} == {
        ("auditor-9", "auditor", "audit")
    }
    assert accesos[0]["operacion"] == "GET /auditoria/afiliados/{afiliado_id}/historial"
    assert accesos[0]["recurso"] == "historial-afiliado"
    otro = await cliente.get("/mi/accesos", headers=como(Rol.AFILIADO, afiliado_id=uuid.uuid4()))
    assert otro.json()["elementos"] == []


async def test_buscar_por_sujeto_tipo_servicio_y_tiempo_en_el_archivo(
    publicar: Publicar, archivar: Archivar, cliente: httpx.AsyncClient
) -> None:
    registrada = ana()
    await publicar(registrada)
    await publicar(ana())
    await publicar(example_of(OPSAutorizada).model_copy(update={"ops_id": uuid.uuid4()}))
    await archivar()
    auditor = como(Rol.AUDITOR)

    por_sujeto = await cliente.get(
        "/auditoria/eventos", params={"sujeto": str(registrada.afiliado_id)}, headers=auditor
    )
    assert [e["ce_subject"] for e in por_sujeto.json()["elementos"]] == [
        str(registrada.afiliado_id)
    ]
    por_servicio = await cliente.get(
        "/auditoria/eventos", params={"servicio": "authorizations"}, headers=auditor
    )
    assert len(por_servicio.json()["elementos"]) == 1
    por_tipo = await cliente.get(
        "/auditoria/eventos",
        params={"tipo": "co.eps.affiliation.AfiliadoRegistrado.v1", "limite": 1},
        headers=auditor,
    )
    assert len(por_tipo.json()["elementos"]) == 1 and por_tipo.json()["siguiente"]
    resto = await cliente.get(
        "/auditoria/eventos",
        params={
            "tipo": "co.eps.affiliation.AfiliadoRegistrado.v1",
            "cursor": por_tipo.json()["siguiente"],
        },
        headers=auditor,
    )
    assert len(resto.json()["elementos"]) == 1
    futuro = await cliente.get(
        "/auditoria/eventos", params={"desde": "2100-01-01T00:00:00Z"}, headers=auditor
    )
    assert futuro.json()["elementos"] == []
    csv = await cliente.get("/auditoria/eventos.csv", headers=auditor)
    assert csv.status_code == 200 and len(csv.text.strip().splitlines()) == 4
    malo = await cliente.get("/auditoria/eventos", params={"cursor": "AAAA"}, headers=auditor)
    assert malo.status_code == 422 and malo.json()["code"] == "cursor-no-valido"


async def test_la_exportacion_por_consola_escribe_parquet_y_registra_la_consulta(
    publicar: Publicar,
    archivar: Archivar,
    settings: AuditSettings,
    motor: AsyncEngine,
    tmp_path: Path,
) -> None:
    import pyarrow.parquet as pq

    from audit.application.modelos import FiltroEventos
    from audit.entrypoints.exportar import exportar

    registrada = ana()
    await publicar(registrada)
    await publicar(ana())
    await archivar()
    salida = tmp_path / "historia.parquet"

    n = await exportar(
        settings, FiltroEventos(afiliado_id=registrada.afiliado_id), "parquet", salida
    )

    assert n == 1
    assert pq.read_table(salida).column("afiliado_id").to_pylist() == [str(registrada.afiliado_id)]
    async with motor.connect() as conn:
        tipos = list(await conn.execute(text("SELECT event_type, data FROM events")))
    assert [t.event_type for t in tipos] == ["co.eps.audit.DatosPersonalesConsultados.v1"]
    assert tipos[0].data["lector_usuario_id"].startswith("cli-")
