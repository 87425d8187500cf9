"""``python -m billing.entrypoints.seed``: the demo family's copays and contributions.

Idempotent (``make up`` twice changes nothing): one copay to pay for the demo cotizante
(an order of its own, not linked to an OPS, so paying it delivers nothing elsewhere), and
her PILA contributions for the three closed periods before this one, imported as a
planilla (the same file each time on the same day). The contributions need billing's own
read model to know her (from affiliation's events, after affiliation's seed): it waits a
bounded time with progress, and skips them with a message if she never appears — a seed
never reads another service's database.
"""

from __future__ import annotations

import argparse
import asyncio
from collections.abc import AsyncIterator
from datetime import UTC, datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from billing.bootstrap import Aplicacion, bootstrap, pasarela_de
from billing.domain.cartera import cotizacion_esperada, periodo_de, periodos
from billing.domain.obligacion import Obligacion
from billing.settings import BillingSettings
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_contracts.types import ConceptoCuota, TipoCotizante
from eps_runtime.db import create_engine

# The demo cotizante of affiliation's synthetic population (its fixed id; her data comes to
# billing only through affiliation's events).
COTIZANTE_DEMO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
OBLIGACION_DEMO = UUID("b111ee00-0000-4000-8000-000000000001")


async def _cuota_demo(aplicacion: Aplicacion) -> bool:
    async with aplicacion.nueva_unidad_de_trabajo() as uow:
        if await uow.obligaciones.obtener(OBLIGACION_DEMO) is not None:
            return False
        obligacion = Obligacion.crear(
            obligacion_id=OBLIGACION_DEMO,
            afiliado_id=COTIZANTE_DEMO,
            ops_id=None,
            numero_autorizacion="AUT-DEMO-0001",
            concepto=ConceptoCuota.CUOTA_MODERADORA,
            descripcion="CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL (DEMOSTRACIÓN)",
            valor=20100,
            vence_el=None,
            ahora=datetime.now(UTC),
        )
        await uow.obligaciones.guardar(obligacion)
        await uow.vista.guardar(obligacion)
        await uow.commit()
    return True


async def _aportes_demo(aplicacion: Aplicacion, motor: AsyncEngine, espera_s: float) -> str:
    fila = None
    for intento in range(int(espera_s)):
        async with motor.connect() as conn:
            fila = (
                await conn.execute(
                    text(
                        "SELECT tipo_documento, numero_documento, tipo_cotizante, ibc "
                        "FROM cotizantes WHERE afiliado_id = :a"
                    ),
                    {"a": COTIZANTE_DEMO},
                )
            ).first()
        if fila is not None:
            break
        if intento % 10 == 0:
            print(f"[billing seed] esperando a la cotizante de demostración ({intento} s)…")
        await asyncio.sleep(1)
    if fila is None or fila[2] is None or fila[3] is None:
        return "aportes omitidos: billing aún no conoce a la cotizante de demostración"
    hoy = datetime.now(ZONA_COLOMBIA).date()
    actual = periodo_de(hoy)
    cerrados = [p for p in periodos(f"{hoy.year - 1}-{hoy.month:02d}", actual) if p < actual][-3:]
    valor = cotizacion_esperada(TipoCotizante(fila[2]), int(fila[3]))
    resumenes = []
    for n, periodo in enumerate(cerrados, start=1):
        lineas = [
            f"01{9_100_000_000 + int(periodo.replace('-', '')) % 1_000_000:010d}{periodo}"
            f"{hoy.isoformat()}I",
            f"02{n:05d}{fila[0]:<2}{fila[1]:<16}30{int(fila[3]):09d}{valor:09d}",
        ]

        async def contenido(ls: list[str] = lineas) -> AsyncIterator[bytes]:
            for linea in ls:
                yield linea.encode("latin-1")

        resultado = await aplicacion.importar_planilla(contenido())
        resumenes.append(f"{periodo}: {resultado.registrados} nuevo(s)")
    return "aportes " + ", ".join(resumenes)


async def sembrar(espera_s: float) -> None:
    settings = BillingSettings()
    engine = create_engine(settings.database_url, pool_size=2)
    aplicacion = bootstrap(engine, pasarela_de(settings))
    try:
        creada = await _cuota_demo(aplicacion)
        print(f"[billing seed] cuota de demostración {'creada' if creada else 'ya existía'}")
        print(f"[billing seed] {await _aportes_demo(aplicacion, engine, espera_s)}")
    finally:
        await engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--espera-s", type=float, default=120.0)
    asyncio.run(sembrar(parser.parse_args().espera_s))


if __name__ == "__main__":
    main()
