"""Races resolved by PostgreSQL: gap-free radicados per year under concurrent filings and
across restarts, and optimistic concurrency on a solicitud."""

import asyncio
import itertools
from datetime import datetime

import pytest
from sqlalchemy import text

from eps_contracts.events.pqrs import TipoRadicante, TipoSolicitud
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.db import create_engine
from eps_runtime.errores import ConflictoDeVersion
from pqrs.application import comandos as c
from pqrs.application.comandos import SolicitudRadicada
from pqrs.bootstrap import bootstrap

pytestmark = pytest.mark.integration

ANTES = datetime(2026, 12, 31, 23, 59, 59, 900000, tzinfo=ZONA_COLOMBIA)
DESPUES = datetime(2027, 1, 1, 0, 0, 0, 100000, tzinfo=ZONA_COLOMBIA)


def radicar() -> c.RadicarSolicitud:
    return c.RadicarSolicitud(
        tipo=TipoSolicitud.PETICION_PARTICULAR,
        descripcion="Solicito copia de mi historia de autorizaciones.",
        radicante=TipoRadicante.ANONIMO,
    )


async def test_50_radicaciones_simultaneas_en_cambio_de_anio_dan_series_sin_huecos(
    pqrs_database_url: str, tmp_path: object
) -> None:
    instantes = itertools.cycle([ANTES, DESPUES])
    engine = create_engine(pqrs_database_url)
    try:
        app = bootstrap(
            engine, secreto="s" * 16, archivos_dir=tmp_path, reloj=lambda: next(instantes)
        )  # type: ignore[arg-type]

        resultados = await asyncio.gather(*(app.ejecutar(radicar()) for _ in range(50)))

        radicados = [r.radicado for r in resultados if isinstance(r, SolicitudRadicada)]
        assert len(set(radicados)) == 50
        por_anio = {
            anio: sorted(int(r.split("-")[1]) for r in radicados if r.startswith(anio))
            for anio in ("2026", "2027")
        }
        assert por_anio == {"2026": list(range(1, 26)), "2027": list(range(1, 26))}
        async with engine.connect() as conn:
            eventos = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
            filas = (await conn.execute(text("SELECT count(*) FROM radicados"))).scalar_one()
        assert (eventos, filas) == (50, 50)
    finally:
        await engine.dispose()


async def test_radicados_continuan_tras_reiniciar_el_servicio(
    pqrs_database_url: str, tmp_path: object
) -> None:
    for esperado in ("2026-1", "2026-2"):
        engine = create_engine(pqrs_database_url)
        try:
            app = bootstrap(engine, secreto="s" * 16, archivos_dir=tmp_path, reloj=lambda: ANTES)  # type: ignore[arg-type]
            resultado = await app.ejecutar(radicar())
            assert isinstance(resultado, SolicitudRadicada)
            assert resultado.radicado == esperado
        finally:
            await engine.dispose()


async def test_dos_operadores_con_la_misma_version_el_segundo_recibe_conflicto(
    pqrs_database_url: str, tmp_path: object
) -> None:
    engine = create_engine(pqrs_database_url)
    try:
        app = bootstrap(engine, secreto="s" * 16, archivos_dir=tmp_path, reloj=lambda: ANTES)  # type: ignore[arg-type]
        r = await app.ejecutar(radicar())
        assert isinstance(r, SolicitudRadicada)

        resultados = await asyncio.gather(
            app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta A.", "op-a", 1)),
            app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta B.", "op-b", 1)),
            return_exceptions=True,
        )

        assert sorted(type(x).__name__ for x in resultados) == ["Cambio", "ConflictoDeVersion"]
        assert any(isinstance(x, ConflictoDeVersion) for x in resultados)
        async with engine.connect() as conn:
            respondidas = (
                await conn.execute(
                    text("SELECT count(*) FROM events WHERE event_type LIKE '%PQRSRespondida%'")
                )
            ).scalar_one()
        assert respondidas == 1
    finally:
        await engine.dispose()


async def test_dos_encuestas_simultaneas_del_mismo_usuario_solo_una_cuenta(
    pqrs_database_url: str, tmp_path: object
) -> None:
    engine = create_engine(pqrs_database_url)
    try:
        app = bootstrap(engine, secreto="s" * 16, archivos_dir=tmp_path, reloj=lambda: ANTES)  # type: ignore[arg-type]
        encuesta = c.ResponderEncuesta("u-1", None, 5, 5, 5, 5)

        resultados = await asyncio.gather(
            app.ejecutar(encuesta), app.ejecutar(encuesta), return_exceptions=True
        )

        assert sorted(type(x).__name__ for x in resultados) == ["EncuestaYaRespondida", "NoneType"]
        async with engine.connect() as conn:
            n = (await conn.execute(text("SELECT count(*) FROM encuestas"))).scalar_one()
        assert n == 1
    finally:
        await engine.dispose()
