"""The demo seed leaves solicitudes in every state and is harmless to re-run."""

from pathlib import Path

import pytest
from sqlalchemy import text

from eps_runtime.db import create_engine
from pqrs.bootstrap import bootstrap
from pqrs.domain.solicitud import Estado
from pqrs.entrypoints.seed import sembrar

pytestmark = pytest.mark.integration


async def test_seed_deja_solicitudes_en_cada_estado_y_no_repite(
    pqrs_database_url: str, tmp_path: Path
) -> None:
    engine = create_engine(pqrs_database_url)
    try:
        app = bootstrap(engine, secreto="s" * 16, archivos_dir=tmp_path)

        primera = await sembrar(app)
        segunda = await sembrar(app)

        async with engine.connect() as conn:
            estados = {r.estado for r in await conn.execute(text("SELECT estado FROM solicitudes"))}
            total = (await conn.execute(text("SELECT count(*) FROM solicitudes"))).scalar_one()
        assert (primera, segunda, total) == (7, 0, 7)
        assert estados == {e.value for e in Estado}
    finally:
        await engine.dispose()
