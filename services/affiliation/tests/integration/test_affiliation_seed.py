"""The synthetic population goes through the real event store, and re-running adds nothing."""

import pytest
from sqlalchemy import text

from affiliation.application.poblacion_sintetica import DOCUMENTOS_FIJOS, poblacion
from affiliation.bootstrap import bootstrap
from affiliation.entrypoints import seed
from eps_runtime.db import create_engine

pytestmark = pytest.mark.integration


async def test_sembrar_registra_a_todos_y_repetir_no_duplica(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        hoy = aplicacion.hoy()
        primera = await seed.sembrar(aplicacion, poblacion(300, semilla=3, hoy=hoy))
        segunda = await seed.sembrar(aplicacion, poblacion(320, semilla=3, hoy=hoy))

        assert (primera.registrados, primera.rechazados, primera.omitidos) == (300, 0, 0)
        assert (segunda.registrados, segunda.ya_existian) == (20, 300)
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
        assert eventos == outbox == 320
        assert fijos == len(DOCUMENTOS_FIJOS)
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


def test_la_linea_de_comandos_siembra_en_la_base_de_la_configuracion(
    affiliation_database_url: str,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    monkeypatch.setenv("AFFILIATION_DATABASE_URL", affiliation_database_url)
    assert seed.main(["--size", "25", "--seed", "4", "--workers", "3"]) == 0
    assert "registrados: 25" in capsys.readouterr().err
