"""The demo seed: once the read model knows the demo family, it files their incapacities
(one a prórroga); run again, it adds nothing."""

import pytest
from fastapi import FastAPI
from sqlalchemy import text

from incapacities.entrypoints.seed import (
    ID_COTIZANTE_DEMO,
    ID_EMPLEADOR_DEMO,
    ID_INDEPENDIENTE_DEMO,
    sembrar,
)

pytestmark = pytest.mark.integration


async def test_la_semilla_radica_las_de_la_familia_demo_una_sola_vez(
    incapacities_app: FastAPI,
) -> None:
    async with incapacities_app.state.engine.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO cotizantes VALUES (:a, 'ACTIVO', 'DEPENDIENTE', 1), "
                "(:i, 'ACTIVO', 'INDEPENDIENTE', 1)"
            ),
            {"a": ID_COTIZANTE_DEMO, "i": ID_INDEPENDIENTE_DEMO},
        )
        await conn.execute(
            text("INSERT INTO cotizante_empleadores VALUES (:a, :e)"),
            {"a": ID_COTIZANTE_DEMO, "e": ID_EMPLEADOR_DEMO},
        )
    app = incapacities_app.state.aplicacion
    assert await sembrar(app) == 3
    assert await sembrar(app) == 0
    async with incapacities_app.state.engine.connect() as conn:
        filas = (
            await conn.execute(
                text(
                    "SELECT folio, prorroga_de IS NOT NULL, dias_acumulados FROM incapacidades "
                    "ORDER BY folio"
                )
            )
        ).all()
    assert [tuple(f) for f in filas] == [(1, False, 3), (2, True, 8), (3, False, 4)]
