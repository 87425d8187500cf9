"""The OPS as a one-page PDF (fpdf2): what a provider checks before rendering the service.

Deterministic (the creation date is the authorization's instant) and never fails on text:
values are reduced to latin-1, which the built-in fonts know.
"""

import unicodedata

from fpdf import FPDF
from fpdf.enums import XPos, YPos

from authorizations.domain.derecho import Derecho
from authorizations.domain.ops import OPS
from eps_contracts.nombres import ZONA_COLOMBIA

_CONCEPTO = {
    "CUOTA_MODERADORA": "Cuota moderadora",
    "COPAGO": "Copago",
    "NINGUNO": "Sin cobro",
}


def _latin1(valor: object) -> str:
    texto = unicodedata.normalize("NFC", str(valor))
    return texto.encode("latin-1", "replace").decode("latin-1")


def _pesos(valor: int) -> str:
    return "$" + f"{valor:,}".replace(",", ".")


def generar_ops_pdf(ops: OPS, derecho: Derecho | None) -> bytes:
    a = ops.autorizada
    assert a is not None
    pdf = FPDF(format="A4")
    pdf.set_creation_date(a.autorizada_en)
    pdf.set_title("Orden de prestación de servicios")
    pdf.add_page()
    pdf.set_font("Helvetica", style="B", size=14)
    pdf.multi_cell(
        0,
        8,
        _latin1("CERTIFICADO DE AUTORIZACION DE SERVICIOS VIA ELECTRONICA"),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    pdf.set_font("Helvetica", size=10)
    documento = (
        f"{derecho.tipo_documento} {derecho.numero_documento}"
        if derecho is not None and derecho.numero_documento
        else "-"
    )
    filas = [
        ("No. autorización", a.numero_autorizacion),
        ("Afiliado", (derecho.nombre if derecho else None) or "-"),
        ("Documento", documento),
        ("Plan", a.plan),
        ("Rango salarial", (derecho.rango_salarial if derecho else None) or "-"),
        ("Derecho", derecho.estado if derecho else "-"),
        ("IPS primaria", (derecho.ips_primaria if derecho else None) or "-"),
        ("Código CUPS", a.cups_codigo),
        ("Servicio", a.cups_descripcion),
        (
            "Prestador",
            " - ".join(
                p
                for p in (
                    a.prestador_nombre,
                    a.prestador_direccion,
                    a.prestador_telefono,
                    a.prestador_ciudad,
                )
                if p
            ),
        ),
        ("Vence el", a.vence_el.strftime("%d/%m/%Y")),
        (_CONCEPTO[str(a.concepto_cuota)], _pesos(a.valor_cuota)),
        ("Estado", ops.estado),
        ("Autorizada", a.autorizada_en.astimezone(ZONA_COLOMBIA).strftime("%d/%m/%Y %H:%M")),
    ]
    pdf.ln(4)
    for etiqueta, valor in filas:
        pdf.set_font("Helvetica", style="B", size=10)
        pdf.cell(50, 7, _latin1(etiqueta))
        pdf.set_font("Helvetica", size=10)
        pdf.multi_cell(0, 7, _latin1(valor), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
    pdf.ln(4)
    pdf.set_font("Helvetica", size=8)
    pdf.multi_cell(
        0,
        5,
        _latin1(
            "Presente este número de autorización en el prestador con la fórmula médica y su "
            "documento de identificación."
        ),
        new_x=XPos.LMARGIN,
        new_y=YPos.NEXT,
    )
    return bytes(pdf.output())
