"""PILA planillas through the back-office upload, matched to cotizantes that billing learnt
from affiliation's events on real Kafka; real PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from billing.adapters.afiliados_projection import AfiliadosProjection
from billing.adapters.pasarela_http import PasarelaHttp
from billing.entrypoints.api import create_app
from billing.settings import BillingSettings
from eps_contracts.events.affiliation import AfiliadoRegistrado
from eps_contracts.examples import example_of
from eps_runtime.auth import Rol
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.testing.kafka import PublicadorEventos
from eps_runtime.testing.tokens import EmisorTokens

from ..pila import archivo, detalle, encabezado

pytestmark = pytest.mark.integration


@pytest.fixture
async def billing_app(
    billing_database_url: str, emisor: EmisorTokens, pasarela: PasarelaHttp
) -> AsyncIterator[FastAPI]:
    settings = BillingSettings(database_url=billing_database_url)
    app = create_app(settings, verificador=emisor.verificador(), pasarela=pasarela)
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def operador(billing_app: FastAPI, emisor: EmisorTokens) -> AsyncIterator[httpx.AsyncClient]:
    token = emisor.emitir(rol=Rol.OPERADOR, usuario_id="operador-1")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=billing_app),
        base_url="http://billing",
        headers={"Authorization": f"Bearer {token}"},
        timeout=120,
    ) as c:
        yield c


async def _cotizantes_conocidos(
    publicar: PublicadorEventos, motor: AsyncEngine, topic_prefix: str, kafka: str, n: int = 1
) -> list[AfiliadoRegistrado]:
    base = example_of(AfiliadoRegistrado)
    assert isinstance(base, AfiliadoRegistrado)
    import uuid

    registrados = [
        base.model_copy(
            update={"afiliado_id": uuid.uuid4(), "numero_documento": f"{1_000_000_001 + i}"}
        )
        for i in range(n)
    ]
    for evento in registrados:
        await publicar(evento, 1)
    consumidor = ExactlyOnceConsumer(
        projection=AfiliadosProjection(topic_prefix), engine=motor, bootstrap_servers=kafka
    )
    await consumidor.run_until_caught_up()
    return registrados


async def _subir(operador: httpx.AsyncClient, contenido: bytes) -> httpx.Response:
    return await operador.post(
        "/planillas", files={"archivo": ("planilla.txt", contenido, "text/plain")}
    )


async def _aportes(motor: AsyncEngine) -> list[Any]:
    async with motor.connect() as conn:
        return list(
            await conn.execute(
                text(
                    "SELECT stream_id, data->>'periodo', (data->>'valor')::int FROM events "
                    "WHERE event_type = 'co.eps.billing.AporteRegistrado.v1' ORDER BY 3"
                )
            )
        )


async def test_planilla_subida_registra_un_aporte_por_cotizante_conocido(
    operador: httpx.AsyncClient,
    billing_app: FastAPI,
    publicar: PublicadorEventos,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    motor = billing_app.state.engine
    [ana] = await _cotizantes_conocidos(publicar, motor, topic_prefix, kafka_bootstrap)
    contenido = archivo(
        encabezado(),
        detalle(1, ana.numero_documento, valor=437_500),
        detalle(2, "1999999999"),
        "02000",
    )
    r = await _subir(operador, contenido)
    assert r.status_code == 200, r.text
    cuerpo = r.json()
    assert (cuerpo["lineas"], cuerpo["registrados"], cuerpo["total_errores"]) == (3, 1, 2)
    assert [e["linea"] for e in cuerpo["errores"]] == [3, 4]
    assert [tuple(f) for f in await _aportes(motor)] == [(ana.afiliado_id, "2026-10", 437_500)]
    assert "1999999999" not in r.text  # refusals name the line, not the document

    otra_vez = await _subir(operador, contenido)
    assert (otra_vez.json()["registrados"], otra_vez.json()["repetidos"]) == (0, 1)
    assert len(await _aportes(motor)) == 1


async def test_historial_de_aportes_entre_dos_meses(
    operador: httpx.AsyncClient,
    billing_app: FastAPI,
    emisor: EmisorTokens,
    publicar: PublicadorEventos,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    import uuid
    from datetime import date

    motor = billing_app.state.engine
    base = example_of(AfiliadoRegistrado)
    ana = AfiliadoRegistrado.model_validate(
        base.model_dump()
        | {
            "afiliado_id": uuid.uuid4(),
            "numero_documento": "1000000555",
            "tipo_cotizante": "INDEPENDIENTE",
            "subtipo_cotizante": "PERSONA_NATURAL",
            "ibc": 3_500_000,
            "fecha_afiliacion": date(2026, 1, 15),
        }
    )
    await publicar(ana, 1)
    await ExactlyOnceConsumer(
        projection=AfiliadosProjection(topic_prefix),
        engine=motor,
        bootstrap_servers=kafka_bootstrap,
    ).run_until_caught_up()
    for planilla, periodo in (("9000000001", "2026-09"), ("9000000002", "2026-10")):
        contenido = archivo(encabezado(planilla, periodo), detalle(1, ana.numero_documento))
        assert (await _subir(operador, contenido)).json()["registrados"] == 1
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=ana.afiliado_id)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=billing_app),
        base_url="http://billing",
        headers={"Authorization": f"Bearer {token}"},
    ) as c:
        quien = {"afiliado_id": str(ana.afiliado_id)}
        r = await c.get("/mi/aportes", params=quien | {"desde": "10/2026", "hasta": "12/2026"})
        assert r.status_code == 200, r.text
        assert [a["periodo"] for a in r.json()["aportes"]] == ["2026-10"]
        assert r.json()["total_texto"] == "$437.500"
        r = await c.get("/mi/aportes", params=quien | {"desde": "12/2026", "hasta": "10/2026"})
        assert (r.status_code, r.json()["code"]) == (422, "rango-invalido")
        r = await c.get("/mi/aportes", params=quien | {"desde": "2026-10", "hasta": "12/2026"})
        assert r.status_code == 422


async def test_planilla_grande_se_importa_por_lotes_y_repetida_no_cambia_nada(
    operador: httpx.AsyncClient,
    billing_app: FastAPI,
    publicar: PublicadorEventos,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    motor = billing_app.state.engine
    cotizantes = await _cotizantes_conocidos(publicar, motor, topic_prefix, kafka_bootstrap, 20)
    lineas = [
        detalle(n, cotizantes[n % 20].numero_documento, valor=1000 + n) for n in range(1, 3001)
    ]
    contenido = archivo(encabezado(), *lineas, fin="\n")
    r = await _subir(operador, contenido)
    assert (r.json()["registrados"], r.json()["total_errores"]) == (3000, 0)
    r = await _subir(operador, contenido)
    assert (r.json()["registrados"], r.json()["repetidos"]) == (0, 3000)
    async with motor.connect() as conn:
        total = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM events "
                    "WHERE event_type = 'co.eps.billing.AporteRegistrado.v1'"
                )
            )
        ).scalar_one()
    assert total == 3000


async def test_archivo_que_no_es_planilla_es_422_en_espanol(operador: httpx.AsyncClient) -> None:
    r = await _subir(operador, "esto no es una planilla".encode("utf-16"))
    assert r.status_code == 422
    assert r.json()["code"] == "planilla-invalida" and "encabezado" in r.json()["detail"]


async def test_un_afiliado_no_puede_subir_planillas(
    billing_app: FastAPI, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=__import__("uuid").uuid4())
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=billing_app), base_url="http://billing"
    ) as c:
        r = await c.post(
            "/planillas",
            files={"archivo": ("p.txt", archivo(encabezado()), "text/plain")},
            headers={"Authorization": f"Bearer {token}"},
        )
    assert r.status_code == 403


async def test_periodo_sin_aporte_vencido_detecta_mora_y_el_cotizante_ve_su_cartera(
    operador: httpx.AsyncClient,
    billing_app: FastAPI,
    emisor: EmisorTokens,
    publicar: PublicadorEventos,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    from datetime import date

    motor = billing_app.state.engine
    base = example_of(AfiliadoRegistrado)
    assert isinstance(base, AfiliadoRegistrado)
    import uuid

    # Affiliated on 2026-01-15 as an independent with an IBC of 3.500.000: 437.500 a month.
    ana = AfiliadoRegistrado.model_validate(
        base.model_dump()
        | {
            "afiliado_id": uuid.uuid4(),
            "numero_documento": "1000000777",
            "tipo_cotizante": "INDEPENDIENTE",
            "subtipo_cotizante": "PERSONA_NATURAL",
            "ibc": 3_500_000,
            "fecha_afiliacion": date(2026, 1, 15),
        }
    )
    await publicar(ana, 1)
    consumidor = ExactlyOnceConsumer(
        projection=AfiliadosProjection(topic_prefix),
        engine=motor,
        bootstrap_servers=kafka_bootstrap,
    )
    await consumidor.run_until_caught_up()
    aplicacion = billing_app.state.aplicacion
    assert await aplicacion.barrer_mora() == 1
    assert await aplicacion.barrer_mora() == 0
    async with motor.connect() as conn:
        tipos = [
            r[0]
            for r in await conn.execute(
                text("SELECT event_type FROM events WHERE stream_id = :a ORDER BY version"),
                {"a": ana.afiliado_id},
            )
        ]
    assert tipos == [
        "co.eps.billing.CuentaAportesAbierta.v1",
        "co.eps.billing.MoraDetectada.v1",
    ]
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=ana.afiliado_id)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=billing_app), base_url="http://billing"
    ) as c:
        r = await c.get(
            "/mi/cartera",
            params={"afiliado_id": str(ana.afiliado_id)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200, r.text
        assert r.json()["periodos"][0]["periodo"] >= "2026-01"
        assert r.json()["periodos_en_mora"]
        r = await c.get(
            "/mi/paz-y-salvo",
            params={"afiliado_id": str(ana.afiliado_id), "periodo": "2026-06"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert (r.status_code, r.json()["code"]) == (409, "tiene-deuda")
        assert "2026-06" in r.json()["detail"]
        r = await c.get(
            "/mi/cartera/pdf",
            params={"afiliado_id": str(ana.afiliado_id)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 200 and r.content.startswith(b"%PDF")
        from io import BytesIO

        from pypdf import PdfReader

        texto = PdfReader(BytesIO(r.content)).pages[0].extract_text()
        assert "CC 1000000777" in texto and "$437.500" in texto and "En mora" in texto
        r = await c.get(
            "/mi/paz-y-salvo/pdf",
            params={"afiliado_id": str(ana.afiliado_id), "periodo": "2026-06"},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 409


async def test_contrato_pac_de_affiliation_recibe_su_factura_y_el_afiliado_la_ve(
    billing_app: FastAPI,
    emisor: EmisorTokens,
    publicar: PublicadorEventos,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    from datetime import date

    from eps_contracts.events.affiliation import PlanComplementarioContratado

    motor = billing_app.state.engine
    [ana] = await _cotizantes_conocidos(publicar, motor, topic_prefix, kafka_bootstrap)
    await publicar(
        PlanComplementarioContratado(
            afiliado_id=ana.afiliado_id,
            plan_codigo="PAC-ORO",
            plan_nombre="Plan Complementario Oro",
            fecha_inicio=date(2026, 2, 1),
        ),
        2,
    )
    consumidor = ExactlyOnceConsumer(
        projection=AfiliadosProjection(topic_prefix),
        engine=motor,
        bootstrap_servers=kafka_bootstrap,
    )
    await consumidor.run_until_caught_up()
    aplicacion = billing_app.state.aplicacion
    assert (await aplicacion.emitir_facturas_pac("2026-11")).emitidas == 1
    assert (await aplicacion.emitir_facturas_pac("2026-11")).emitidas == 0
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=ana.afiliado_id)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=billing_app),
        base_url="http://billing",
        headers={"Authorization": f"Bearer {token}"},
    ) as c:
        r = await c.get("/mi/facturas", params={"afiliado_id": str(ana.afiliado_id)})
        assert r.status_code == 200, r.text
        [factura] = r.json()["facturas"]
        assert (factura["numero_factura"], factura["valor_texto"], factura["periodo"]) == (
            "FV-2026-000001",
            "$185.000",
            "2026-11",
        )
        cuotas = await c.get("/mi/cuotas", params={"afiliado_id": str(ana.afiliado_id)})
        assert cuotas.json()["obligaciones"] == []  # invoices are not copays
