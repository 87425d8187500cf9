"""``python -m authorizations.entrypoints.seed``: demo presolicitudes, OPS and MIPRES
prescriptions for the demo family (the cotizante and her minor daughter that affiliation's
seed registers with fixed ids).

It waits (bounded, with progress on stderr) until this service's own read model knows
them — it never reads affiliation's database — and then files, through the same handlers
the API uses: per person one presolicitud left EN PROCESO and one decided into an OPS to pay
and an OPS delivered at once. Idempotent: a person who already has presolicitudes is left
alone. With ``AUTHORIZATIONS_MIPRES_URL`` set it also loads two direccionamientos for the
cotizante into the simulator. If the read model does not learn the family in time it says
so and exits 0, so ``make up`` goes on.
"""

from __future__ import annotations

import asyncio
import sys
from datetime import timedelta
from uuid import UUID, uuid4

import httpx

from authorizations.application.comandos import (
    ArchivoRecibido,
    GestionarPresolicitud,
    RadicarPresolicitud,
    ServicioAAutorizar,
    TomarPresolicitud,
)
from authorizations.bootstrap import Aplicacion, bootstrap
from authorizations.settings import AuthorizationsSettings
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)

# The demo family of affiliation's synthetic population (poblacion_sintetica): fixed ids.
COTIZANTE = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
HIJA_MENOR = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e61")
ESPERA_S = 120


def _pdf(texto: str) -> bytes:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=texto)
    return bytes(pdf.output())


def _radicacion(afiliado: UUID, radicada_por: UUID, aplicacion: Aplicacion) -> RadicarPresolicitud:
    hoy = aplicacion.reloj().date()
    return RadicarPresolicitud(
        presolicitud_id=uuid4(),
        afiliado_id=afiliado,
        radicada_por=radicada_por,
        plan="PBS",
        fecha_documentos=hoy - timedelta(days=2),
        observaciones="Solicitud de demostración.",
        acepta_terminos=True,
        archivos=(
            ArchivoRecibido("HISTORIA_CLINICA_VIGENTE", "historia.pdf", _pdf("Historia clinica")),
            ArchivoRecibido("SOLICITUD_MEDICA_VIGENTE", "orden.pdf", _pdf("Orden medica")),
        ),
    )


async def sembrar_persona(aplicacion: Aplicacion, afiliado: UUID) -> bool:
    """False when the person already has presolicitudes (nothing is filed twice)."""
    if await aplicacion.lecturas.solicitudes_de(afiliado):
        return False
    await aplicacion.ejecutar(_radicacion(afiliado, COTIZANTE, aplicacion))
    decidida = await aplicacion.ejecutar(_radicacion(afiliado, COTIZANTE, aplicacion))
    assert decidida.agregado_id is not None
    tomada = await aplicacion.ejecutar(
        TomarPresolicitud(decidida.agregado_id, "operador-demo", False, decidida.version)
    )
    await aplicacion.ejecutar(
        GestionarPresolicitud(
            decidida.agregado_id,
            "operador-demo",
            tomada.version,
            (
                ServicioAAutorizar(
                    "890374", "CENTRO MEDICO NEUROLOGOS DE OCCIDENTE", "CALI", None, "3009124712"
                ),
                ServicioAAutorizar("865101", "CLINICA NUESTRA SEÑORA DE LOS REMEDIOS", "CALI"),
            ),
            (),
        )
    )
    return True


async def _conocidos(aplicacion: Aplicacion) -> bool:
    async with aplicacion.nueva_unidad_de_trabajo() as uow:
        return all([await uow.derechos.obtener(p) is not None for p in (COTIZANTE, HIJA_MENOR)])


async def _mipres(settings: AuthorizationsSettings, aplicacion: Aplicacion) -> None:
    if settings.mipres_url is None:
        return
    async with aplicacion.nueva_unidad_de_trabajo() as uow:
        derecho = await uow.derechos.obtener(COTIZANTE)
    if derecho is None or derecho.numero_documento is None:
        return
    hoy = aplicacion.reloj().date()
    prescripciones = [
        ("20261201000101", "MEDICAMENTO", "ADALIMUMAB 40 MG SOLUCION INYECTABLE", 2, "ACTIVO"),
        ("20261201000102", "DISPOSITIVO", "GLUCOMETRO CON TIRAS REACTIVAS", 1, "PROCESADO"),
    ]
    async with httpx.AsyncClient(base_url=settings.mipres_url, timeout=10) as cliente:
        for numero, tipo, descripcion, cantidad, estado in prescripciones:
            await cliente.put(
                f"/direccionamientos/{numero}",
                json={
                    "numero_prescripcion": numero,
                    "tipo_documento_paciente": derecho.tipo_documento,
                    "numero_documento_paciente": derecho.numero_documento,
                    "tipo_tecnologia": tipo,
                    "descripcion": descripcion,
                    "cantidad": cantidad,
                    "fecha_maxima_entrega": (hoy + timedelta(days=10)).isoformat(),
                    "estado": estado,
                },
            )


async def main() -> int:
    settings = AuthorizationsSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url)
    try:
        aplicacion = bootstrap(engine, settings.archivos_dir)
        for segundo in range(ESPERA_S):
            if await _conocidos(aplicacion):
                break
            if segundo % 10 == 0:
                print(
                    f"[authorizations] esperando la familia de demostración ({segundo} s)",
                    file=sys.stderr,
                )
            await asyncio.sleep(1)
        else:
            log.warning("semilla_sin_familia", espera_s=ESPERA_S)
            return 0
        sembradas = [await sembrar_persona(aplicacion, p) for p in (COTIZANTE, HIJA_MENOR)]
        try:
            await _mipres(settings, aplicacion)
        except httpx.HTTPError as error:
            log.warning("semilla_mipres_no_disponible", error=type(error).__name__)
        log.info("semilla_lista", personas_sembradas=sum(sembradas))
        return 0
    finally:
        await engine.dispose()


if __name__ == "__main__":
    raise SystemExit(asyncio.run(main()))
