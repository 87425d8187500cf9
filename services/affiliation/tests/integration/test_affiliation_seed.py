"""The synthetic population goes through the real event store, and re-running adds nothing."""

from collections import Counter

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from affiliation.application.poblacion_sintetica import (
    DOCUMENTOS_FIJOS,
    ID_COTIZANTE_FIJO,
    FamiliaSintetica,
    poblacion,
)
from affiliation.bootstrap import bootstrap
from affiliation.entrypoints import seed
from eps_runtime.db import create_engine

pytestmark = pytest.mark.integration


async def tipos_de_evento(engine: AsyncEngine) -> Counter[str]:
    async with engine.connect() as conn:
        filas = await conn.execute(text("SELECT event_type, count(*) FROM events GROUP BY 1"))
        return Counter({tipo.split(".")[-2]: n for tipo, n in filas.all()})


def eventos_esperados(familias: list[FamiliaSintetica]) -> Counter[str]:
    """Each person is registered once; each beneficiary or adicional is also a novedad on its
    own stream and an inclusion on its cotizante's; each employer and PAC plan one event."""
    beneficiarios = sum(len(f.beneficiarios) for f in familias)
    return Counter(
        {
            "AfiliadoRegistrado": sum(len(f.personas) for f in familias),
            "NovedadRegistrada": beneficiarios,
            "BeneficiarioIncluido": beneficiarios,
            "EmpleadorRegistrado": sum(len(f.empleadores) for f in familias),
            "PlanComplementarioContratado": sum(len(f.planes) for f in familias),
        }
    )


async def test_sembrar_registra_a_todos_y_repetir_no_duplica(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        hoy = aplicacion.hoy()
        primera = await seed.sembrar(aplicacion, poblacion(300, semilla=3, hoy=hoy))
        completa = list(poblacion(320, semilla=3, hoy=hoy))
        segunda = await seed.sembrar(aplicacion, completa)

        assert (primera.registrados, primera.rechazados, primera.omitidos) == (300, 0, 0)
        assert (segunda.registrados, segunda.ya_existian, segunda.rechazados) == (20, 300, 0)
        esperados = eventos_esperados(completa)
        assert esperados["EmpleadorRegistrado"] > 0 and esperados["NovedadRegistrada"] > 0
        assert await tipos_de_evento(engine) == esperados
        async with engine.connect() as conn:
            eventos = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
            outbox = (await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
            fijos = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM documentos "
                        "WHERE (tipo_documento, numero_documento) IN "
                        "(SELECT * FROM unnest(CAST(:tipos AS text[]), CAST(:numeros AS text[])))"
                    ),
                    {
                        "tipos": [d.tipo.value for d in DOCUMENTOS_FIJOS],
                        "numeros": [d.numero for d in DOCUMENTOS_FIJOS],
                    },
                )
            ).scalar_one()
            # Every dependent cotizante names an employer that is in the event store.
            sin_empleador = (
                await conn.execute(
                    text(
                        "SELECT count(*) FROM events a WHERE a.event_type LIKE "
                        "'%.AfiliadoRegistrado.%' AND a.data->>'empleador_id' IS NOT NULL "
                        "AND NOT EXISTS (SELECT 1 FROM events e "
                        "WHERE e.stream_id = (a.data->>'empleador_id')::uuid)"
                    )
                )
            ).scalar_one()
        assert eventos == outbox == sum(esperados.values())
        assert fijos == len(DOCUMENTOS_FIJOS)
        assert sin_empleador == 0
    finally:
        await engine.dispose()


async def test_la_familia_fija_queda_completa_y_con_su_plan(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        await seed.sembrar(aplicacion, poblacion(5, semilla=1, hoy=aplicacion.hoy()))
        deps = aplicacion.dependencias()
        async with deps.uow as uow:
            ana = await uow.afiliados.obtener(ID_COTIZANTE_FIJO)
        assert ana is not None
        assert len(ana.grupo) == 3
        assert set(ana.planes_pac) == {"PAC-ORO"}
        assert ana.empleadores and ana.ibc is not None
    finally:
        await engine.dispose()


async def test_sembrar_con_otra_semilla_no_choca_con_la_familia_fija(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        hoy = aplicacion.hoy()
        await seed.sembrar(aplicacion, poblacion(50, semilla=1, hoy=hoy))
        otra = await seed.sembrar(aplicacion, poblacion(50, semilla=2, hoy=hoy))
        assert otra.ya_existian == len(DOCUMENTOS_FIJOS)
        assert otra.registrados == 50 - len(DOCUMENTOS_FIJOS)
        assert otra.rechazados == 0
    finally:
        await engine.dispose()


def test_la_linea_de_comandos_siembra_y_repetirla_no_cambia_nada(
    affiliation_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """What ``make up`` does, twice: the second run succeeds and registers no one."""
    monkeypatch.setenv("AFFILIATION_DATABASE_URL", affiliation_database_url)
    assert seed.main(["--size", "25", "--seed", "4", "--workers", "3"]) == 0
    assert "registrados: 25" in capsys.readouterr().err
    assert seed.main(["--size", "25", "--seed", "4", "--workers", "3"]) == 0
    salida = capsys.readouterr().err
    assert "registrados: 0, ya existían: 25" in salida
    assert "rechazados: 0, empleadores nuevos: 0, planes PAC: 0" in salida
