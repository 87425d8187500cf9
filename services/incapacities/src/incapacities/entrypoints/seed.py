"""``python -m incapacities.entrypoints.seed``: demo incapacities for the demo family and the
demo employer (``make up``), filed through the same handler the API uses.

It waits (bounded, with progress on stderr) until its own read model knows the demo
cotizante (Ana, employee of the demo employer) and the demo independiente (Carlos) from
affiliation's events — it never reads another service's database. Idempotent: a cotizante
who already has incapacities is left as is. The ids are affiliation's fixed demo ids
(``affiliation.application.poblacion_sintetica``), repeated here as data.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from uuid import UUID

from fpdf import FPDF

from eps_runtime.archivos import validar_archivo
from eps_runtime.auth import Llamante, Rol
from eps_runtime.calendario import fecha_colombia
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from incapacities.application.comandos import RadicarIncapacidad
from incapacities.bootstrap import Aplicacion, bootstrap
from incapacities.settings import IncapacitiesSettings

log = get_logger(__name__)

ID_COTIZANTE_DEMO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
ID_INDEPENDIENTE_DEMO = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e63")
ID_EMPLEADOR_DEMO = UUID("3c9e1d2a-7b4f-4e6a-9d1c-5b2a3c4d5e6f")
ESPERA_MAXIMA_S = 180


def _certificado() -> bytes:
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Certificado de incapacidad (demostración)")
    return bytes(pdf.output())


async def _conocido(app: Aplicacion, cotizante_id: UUID) -> bool:
    async with app.nueva_unidad_de_trabajo() as uow:
        return await uow.situaciones.cotizante(cotizante_id) is not None


async def _tiene(app: Aplicacion, cotizante_id: UUID) -> bool:
    async with app.nueva_unidad_de_trabajo() as uow:
        return bool(await uow.vista.periodos(cotizante_id))


async def sembrar(app: Aplicacion) -> int:
    for segundos in range(ESPERA_MAXIMA_S):
        if await _conocido(app, ID_COTIZANTE_DEMO) and await _conocido(app, ID_INDEPENDIENTE_DEMO):
            break
        if segundos % 10 == 0:
            print(f"[incapacities seed] esperando la familia demo ({segundos} s)", file=sys.stderr)
        await asyncio.sleep(1)
    else:
        print("[incapacities seed] la familia demo no llegó; nada que sembrar", file=sys.stderr)
        return 0
    hoy = fecha_colombia(app.reloj())
    certificado = validar_archivo("certificado.pdf", _certificado())
    empresa = Llamante(usuario_id="seed", rol=Rol.EMPLEADOR, empleador_id=ID_EMPLEADOR_DEMO)
    independiente = Llamante(usuario_id="seed", rol=Rol.AFILIADO, afiliado_id=ID_INDEPENDIENTE_DEMO)
    planes = [
        (empresa, ID_COTIZANTE_DEMO, "J06.9", hoy - timedelta(days=20), 3),
        (empresa, ID_COTIZANTE_DEMO, "J02.9", hoy - timedelta(days=12), 5),  # prórroga
        (independiente, ID_INDEPENDIENTE_DEMO, "M54.5", hoy - timedelta(days=4), 4),
    ]
    radicadas = 0
    ya = {c: await _tiene(app, c) for c in (ID_COTIZANTE_DEMO, ID_INDEPENDIENTE_DEMO)}
    for llamante, cotizante, diagnostico, inicio, dias in planes:
        if ya[cotizante]:
            continue
        await app.ejecutar(
            RadicarIncapacidad(
                llamante=llamante,
                cotizante_id=cotizante,
                contingencia="ENFERMEDAD_GENERAL",
                diagnostico=diagnostico,
                fecha_inicio=inicio,
                dias=dias,
                profesional="Dr. Andrés Ruiz, RM 54321",
                ips="IPS Demo Centro",
                certificado=certificado,
            )
        )
        radicadas += 1
    print(f"[incapacities seed] incapacidades radicadas: {radicadas}", file=sys.stderr)
    return radicadas


async def main() -> None:
    settings = IncapacitiesSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url)
    try:
        await sembrar(bootstrap(engine, settings.archivos_dir, settings.clave_cuentas))
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
