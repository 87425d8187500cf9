"""The demo seed: one copay to pay and three months of contributions, idempotent."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from billing.entrypoints.seed import COTIZANTE_DEMO, sembrar
from eps_runtime.db import create_engine

pytestmark = pytest.mark.integration


async def test_sembrar_dos_veces_deja_una_cuota_y_tres_aportes(
    billing_database_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    motor = create_engine(billing_database_url)
    async with motor.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO cotizantes (afiliado_id, tipo_documento, numero_documento, "
                "tipo_cotizante, ibc, fecha_afiliacion, version) "
                "VALUES (:a, 'CC', '1000000001', 'DEPENDIENTE', 3500000, '2020-01-01', 1)"
            ),
            {"a": COTIZANTE_DEMO},
        )
    monkeypatch.setenv("BILLING_DATABASE_URL", billing_database_url)
    await sembrar(espera_s=5)
    await sembrar(espera_s=5)
    async with motor.connect() as conn:
        cuotas = (await conn.execute(text("SELECT count(*) FROM obligaciones"))).scalar_one()
        aportes = (
            await conn.execute(
                text(
                    "SELECT count(*), min((data->>'valor')::int) FROM events "
                    "WHERE event_type = 'co.eps.billing.AporteRegistrado.v1'"
                )
            )
        ).one()
    await motor.dispose()
    assert cuotas == 1
    assert tuple(aportes) == (3, 437_500)


async def test_sin_la_cotizante_la_semilla_no_falla_y_omite_los_aportes(
    billing_database_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("BILLING_DATABASE_URL", billing_database_url)
    await sembrar(espera_s=1)
    assert "aportes omitidos" in capsys.readouterr().out
