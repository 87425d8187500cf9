"""Builders shared by the authorizations tests (events, files, rights, commands)."""

from datetime import date, datetime
from pathlib import Path
from uuid import UUID, uuid4

from fpdf import FPDF

from authorizations.application.comandos import ArchivoRecibido, RadicarPresolicitud
from authorizations.domain.derecho import Derecho
from eps_contracts.nombres import ZONA_COLOMBIA

SERVICIO = Path(__file__).resolve().parents[1]
AHORA = datetime(2026, 11, 23, 10, 15, tzinfo=ZONA_COLOMBIA)


def pdf_valido(texto: str = "Historia clinica") -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(AHORA)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text=texto)
    return bytes(pdf.output())


def archivos() -> tuple[ArchivoRecibido, ...]:
    return (
        ArchivoRecibido("HISTORIA_CLINICA_VIGENTE", "historia.pdf", pdf_valido()),
        ArchivoRecibido("SOLICITUD_MEDICA_VIGENTE", "orden.pdf", pdf_valido("Orden medica")),
    )


def derecho(
    afiliado_id: UUID | None = None,
    *,
    estado: str = "ACTIVO",
    tipo: str = "COTIZANTE",
    cotizante_id: UUID | None = None,
    rango: str | None = "B",
    planes: frozenset[str] = frozenset(),
    en_mora: bool = False,
) -> Derecho:
    return Derecho(
        afiliado_id=afiliado_id or uuid4(),
        estado=estado,
        tipo_afiliado=tipo,
        cotizante_id=cotizante_id,
        rango_salarial=rango,
        fecha_nacimiento=date(1985, 3, 1),
        planes_pac=planes,
        en_mora=en_mora,
    )


def radicacion(afiliado_id: UUID, **cambios: object) -> RadicarPresolicitud:
    campos: dict[str, object] = {
        "presolicitud_id": uuid4(),
        "afiliado_id": afiliado_id,
        "radicada_por": afiliado_id,
        "plan": "PBS",
        "fecha_documentos": date(2026, 11, 20),
        "observaciones": "Control con neurología.",
        "acepta_terminos": True,
        "archivos": archivos(),
    }
    campos.update(cambios)
    return RadicarPresolicitud(**campos)  # type: ignore[arg-type]
