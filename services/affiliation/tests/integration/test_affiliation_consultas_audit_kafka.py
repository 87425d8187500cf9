"""Ley 1581 de 2012 end to end on real PostgreSQL and Kafka: an operator opens Ana's record
in affiliation; the access record goes through affiliation's outbox and relay to
``eps.affiliation.consultas``; audit's archive files it, and Ana sees it in /mi/accesos."""

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from affiliation.entrypoints.api import create_app as app_afiliacion
from affiliation.settings import AffiliationSettings
from audit.bootstrap import proyecciones
from audit.entrypoints.api import create_app as app_auditoria
from audit.settings import AuditSettings
from eps_runtime.auth import Rol
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.kafka import ensure_topics
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from eps_runtime.testing.wait import eventually

pytestmark = pytest.mark.integration

AUDIT = Path(__file__).resolve().parents[3] / "audit"


@pytest.fixture
async def audit_settings(
    infrastructure: Infrastructure, topic_prefix: str, kafka_bootstrap: str
) -> AuditSettings:
    return AuditSettings(
        database_url=await infrastructure.create_migrated_database(AUDIT, "audit"),
        topic_prefix=topic_prefix,
        kafka_bootstrap_servers=kafka_bootstrap,
    )


@pytest.fixture
def affiliation_settings(
    affiliation_database_url: str, topic_prefix: str, kafka_bootstrap: str, tmp_path: Path
) -> AffiliationSettings:
    return AffiliationSettings(
        database_url=affiliation_database_url,
        topic_prefix=topic_prefix,
        kafka_bootstrap_servers=kafka_bootstrap,
        soportes_dir=tmp_path / "soportes",
    )


def cliente_de(app: object, base: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url=base)  # type: ignore[arg-type]


async def publicar_outbox(settings: AffiliationSettings, app: object) -> None:
    """Runs affiliation's relay until its outbox is empty."""
    relay = OutboxRelay(
        service="affiliation",
        database_url=settings.database_url,
        bootstrap_servers=settings.kafka_bootstrap_servers,
        topic_prefix=settings.topic_prefix,
    )
    stop = asyncio.Event()
    tarea = asyncio.create_task(relay.run(stop))
    engine = app.state.engine  # type: ignore[attr-defined]

    async def pendientes() -> int:
        async with engine.connect() as conn:
            return int((await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one())

    try:
        await eventually(pendientes, until=lambda n: n == 0, timeout=30)
    finally:
        stop.set()
        await tarea


async def archivar(settings: AuditSettings, app: object) -> None:
    """Runs every archive consumer of audit until each has read its topic."""
    todas = proyecciones(settings)
    await ensure_topics(settings.kafka_bootstrap_servers, [t for p in todas for t in p.topics])
    for proyeccion in todas:
        await ExactlyOnceConsumer(
            projection=proyeccion,
            engine=app.state.engine,  # type: ignore[attr-defined]
            bootstrap_servers=settings.kafka_bootstrap_servers,
        ).run_until_caught_up()


@pytest.fixture
async def apps(
    affiliation_settings: AffiliationSettings, audit_settings: AuditSettings, emisor: EmisorTokens
) -> AsyncIterator[tuple[object, object]]:
    afiliacion = app_afiliacion(affiliation_settings, verificador=emisor.verificador())
    auditoria = app_auditoria(audit_settings, verificador=emisor.verificador())
    yield afiliacion, auditoria
    await afiliacion.state.engine.dispose()
    await auditoria.state.engine.dispose()


async def test_ana_ve_en_sus_accesos_que_un_operador_abrio_su_ficha_en_afiliacion(
    apps: tuple[object, object],
    affiliation_settings: AffiliationSettings,
    audit_settings: AuditSettings,
    emisor: EmisorTokens,
) -> None:
    afiliacion, auditoria = apps
    operador = {
        "Authorization": f"Bearer {emisor.emitir(rol=Rol.OPERADOR, usuario_id='operador-3')}"
    }
    async with cliente_de(afiliacion, "http://afiliacion") as cliente:
        creado = await cliente.post(
            "/afiliados",
            headers=operador,
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
        assert creado.status_code == 201, creado.text
        ana = creado.json()["afiliado_id"]
        ficha = await cliente.get(f"/afiliados/{ana}", headers=operador)
        assert ficha.status_code == 200, ficha.text
        propia = await cliente.get(
            "/mi/afiliacion",
            headers={"Authorization": f"Bearer {emisor.emitir(rol=Rol.AFILIADO, afiliado_id=ana)}"},
        )
        assert propia.status_code == 200, propia.text

    async with afiliacion.state.engine.connect() as conn:  # type: ignore[attr-defined]
        registradas = list(
            await conn.execute(
                text("SELECT event_type, data FROM events WHERE stream_type = 'ConsultaDatos'")
            )
        )
    assert [r.event_type for r in registradas] == [
        "co.eps.affiliation.DatosPersonalesConsultados.v1"
    ]
    assert "1000000001" not in str(registradas[0].data)

    await publicar_outbox(affiliation_settings, afiliacion)
    await archivar(audit_settings, auditoria)

    async with cliente_de(auditoria, "http://auditoria") as cliente:
        mis = await cliente.get(
            "/mi/accesos",
            headers={"Authorization": f"Bearer {emisor.emitir(rol=Rol.AFILIADO, afiliado_id=ana)}"},
        )
    assert mis.status_code == 200, mis.text
    [acceso] = mis.json()["elementos"]
    assert (acceso["lector_usuario_id"], acceso["lector_rol"], acceso["servicio"]) == (
        "operador-3",
        "operador",
        "affiliation",
    )
    assert (acceso["recurso"], acceso["operacion"]) == (
        "datos-afiliado",
        "GET /afiliados/{afiliado_id}",
    )
