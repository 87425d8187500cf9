"""No double charge on real PostgreSQL: racing requests, racing and replayed verdicts,
receipt numbers under concurrency (issue 13, «Must withstand»)."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from datetime import date
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from billing.adapters.pasarela_http import PasarelaHttp
from billing.application.comandos import CrearObligacionDeOPS, IniciarPago, ResolverTransaccion
from billing.bootstrap import Aplicacion, bootstrap
from billing.domain.errores import PagoEnProceso
from billing.domain.valores import EstadoTransaccion, Veredicto, obligacion_de_ops
from eps_contracts.types import ConceptoCuota, MedioPago
from eps_runtime.db import create_engine

pytestmark = pytest.mark.integration

AFILIADO = uuid4()


@pytest.fixture
async def motor(billing_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(billing_database_url, pool_size=12)
    yield motor
    await motor.dispose()


@pytest.fixture
def app(motor: AsyncEngine, pasarela: PasarelaHttp) -> Aplicacion:
    return bootstrap(motor, pasarela)


async def _obligacion(app: Aplicacion, valor: int = 20100) -> UUID:
    ops_id = uuid4()
    await app.ejecutar(
        CrearObligacionDeOPS(
            ops_id,
            AFILIADO,
            "AUT-2026-000123",
            ConceptoCuota.CUOTA_MODERADORA,
            "CONSULTA",
            valor,
            date(2026, 12, 31),
        )
    )
    return obligacion_de_ops(ops_id)


async def _contar(motor: AsyncEngine, sql: str, **parametros: object) -> int:
    async with motor.connect() as conn:
        return int((await conn.execute(text(sql), parametros)).scalar_one())


async def test_la_misma_ops_entregada_dos_veces_a_la_vez_crea_una_obligacion(
    app: Aplicacion, motor: AsyncEngine
) -> None:
    ops_id = uuid4()
    comando = CrearObligacionDeOPS(
        ops_id, AFILIADO, "AUT-1234", ConceptoCuota.COPAGO, "RESONANCIA", 57_000, None
    )
    await asyncio.gather(*(app.ejecutar(comando) for _ in range(6)))
    assert await _contar(motor, "SELECT count(*) FROM obligaciones") == 1
    assert await _contar(motor, "SELECT count(*) FROM events") == 1


async def test_diez_clics_simultaneos_con_la_misma_clave_dan_una_sola_transaccion(
    app: Aplicacion, motor: AsyncEngine
) -> None:
    obligacion_id = await _obligacion(app)
    comando = IniciarPago(AFILIADO, obligacion_id, MedioPago.PSE, "1007", "clave-unica")
    vistas = await asyncio.gather(*(app.ejecutar(comando) for _ in range(10)))
    assert len({v.transaccion_id for v in vistas}) == 1
    assert len({v.url_redireccion for v in vistas}) == 1
    assert await _contar(motor, "SELECT count(*) FROM transacciones") == 1


async def test_dos_pestanas_pagando_a_la_vez_solo_una_inicia_el_pago(
    app: Aplicacion, motor: AsyncEngine
) -> None:
    obligacion_id = await _obligacion(app)
    resultados = await asyncio.gather(
        *(
            app.ejecutar(IniciarPago(AFILIADO, obligacion_id, MedioPago.PSE, "1007", f"clave-{n}"))
            for n in range(8)
        ),
        return_exceptions=True,
    )
    exitos = [r for r in resultados if not isinstance(r, BaseException)]
    assert len(exitos) == 1
    assert all(isinstance(r, PagoEnProceso) for r in resultados if r not in exitos)
    assert await _contar(motor, "SELECT count(*) FROM transacciones") == 1


async def test_notificaciones_repetidas_y_reconsulta_en_carrera_aprueban_una_sola_vez(
    app: Aplicacion, motor: AsyncEngine
) -> None:
    obligacion_id = await _obligacion(app)
    vista = await app.ejecutar(IniciarPago(AFILIADO, obligacion_id, MedioPago.PSE, "1007", "k1"))
    referencia = str(vista.url_redireccion).rsplit("/", 1)[1]
    aprobado = Veredicto(referencia, EstadoTransaccion.APROBADO, 20100)
    rechazado = Veredicto(referencia, EstadoTransaccion.RECHAZADO, 20100, "La petición ha expirado")
    veredictos = [aprobado] * 8 + [rechazado] * 2
    await asyncio.gather(
        *(
            app.ejecutar(ResolverTransaccion(vista.transaccion_id, v, f"fuente-{n}"))
            for n, v in enumerate(veredictos)
        ),
        return_exceptions=True,
    )
    finales = await _contar(
        motor,
        "SELECT count(*) FROM events WHERE event_type IN "
        "('co.eps.billing.PagoAprobado.v1', 'co.eps.billing.PagoRechazado.v1')",
    )
    assert finales == 1  # the transaction ended once, whichever verdict won
    aprobados = await _contar(
        motor, "SELECT count(*) FROM events WHERE event_type = 'co.eps.billing.PagoAprobado.v1'"
    )
    estado = await _contar(
        motor,
        "SELECT count(*) FROM obligaciones WHERE obligacion_id = :o AND estado = 'PAGADA'",
        o=obligacion_id,
    )
    assert aprobados == estado <= 1


async def test_recibos_de_pagos_simultaneos_son_consecutivos_sin_huecos(
    app: Aplicacion, motor: AsyncEngine
) -> None:
    obligaciones = [await _obligacion(app) for _ in range(8)]
    vistas = [
        await app.ejecutar(IniciarPago(AFILIADO, o, MedioPago.TARJETA_CREDITO, None, "k-" + str(n)))
        for n, o in enumerate(obligaciones)
    ]
    await asyncio.gather(
        *(
            app.ejecutar(
                ResolverTransaccion(
                    v.transaccion_id,
                    Veredicto(
                        str(v.url_redireccion).rsplit("/", 1)[1], EstadoTransaccion.APROBADO, 20100
                    ),
                    "notificacion",
                )
            )
            for v in vistas
        )
    )
    async with motor.connect() as conn:
        recibos = sorted(
            r[0]
            for r in await conn.execute(
                text(
                    "SELECT data->>'recibo' FROM events "
                    "WHERE event_type = 'co.eps.billing.PagoAprobado.v1'"
                )
            )
        )
    assert [int(r.rsplit("-", 1)[1]) for r in recibos] == list(range(1, 9))


async def test_sin_respuesta_de_la_pasarela_la_reconsulta_la_resuelve_pasados_siete_minutos(
    motor: AsyncEngine, pasarela: PasarelaHttp, simulador: object
) -> None:
    from datetime import UTC, datetime, timedelta

    instante = [datetime.now(UTC)]
    app = bootstrap(motor, pasarela, lambda: instante[0])
    obligacion_id = await _obligacion(app)
    vista = await app.ejecutar(IniciarPago(AFILIADO, obligacion_id, MedioPago.PSE, "1009", "k1"))
    referencia = str(vista.url_redireccion).rsplit("/", 1)[1]
    # The affiliate pays with a bank that leaves it pending; no notification arrives.
    simulado = simulador.state.transacciones[referencia]  # type: ignore[attr-defined]
    simulado.resolver_en_consulta = "APRUEBA"
    assert await app.reconsultar() == 0
    instante[0] += timedelta(minutes=7, seconds=1)
    assert await app.reconsultar() == 1
    estado = await _contar(
        motor,
        "SELECT count(*) FROM obligaciones WHERE obligacion_id = :o AND estado = 'PAGADA'",
        o=obligacion_id,
    )
    assert estado == 1
