"""Renders the "Certificado de afiliación" (PBS and PAC) as a one-page A4 PDF with fpdf2.

Guarantees of ``generar_certificado_afiliacion``:

* Deterministic: the same ``DatosCertificadoAfiliacion`` gives byte-identical PDFs (the
  creation date is ``generado_en``, and fpdf2 derives the file /ID from the content).
* Never fails on text: the built-in PDF fonts only know latin-1, so every value is reduced to
  latin-1 first. Spanish letters (á é í ó ú ü ñ Ñ) are kept as they are and stay extractable;
  typographic quotes and dashes become their ASCII look-alikes, other accented letters lose the
  accent ("ő" -> "o") and anything else becomes "?".
* Locale-independent: month names and date formats are spelled out here, not taken from the
  process locale; the hour of issue is always printed in Colombian time.
"""

import unicodedata
from collections.abc import Sequence
from datetime import date, datetime

from fpdf import FPDF
from fpdf.fonts import FontFace

from affiliation.application.certificados import DatosCertificadoAfiliacion
from eps_contracts.nombres import ZONA_COLOMBIA, fecha_larga

_NOMBRE_PLAN = {
    "PBS": "Plan de Beneficios en Salud (PBS)",
    "PAC": "Plan de Atención Complementaria (PAC)",
}
# Characters with no latin-1 code point nor a decomposition into one (typographic punctuation
# from word processors, letters of foreign surnames); mapped to what a reader would type.
_SUSTITUTOS = {
    "\u0141": "L",
    "\u0142": "l",
    "\u0110": "D",
    "\u0111": "d",
    "\u0152": "OE",
    "\u0153": "oe",
    "\u0131": "i",
    "\u2018": "'",
    "\u2019": "'",
    "\u201a": ",",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2010": "-",
    "\u2011": "-",
    "\u2012": "-",
    "\u2013": "-",
    "\u2014": "-",
    "\u2212": "-",
    "\u2022": "-",
    "\u20ac": "EUR",
}
_FUENTE = "Helvetica"
_MARGEN_MM = 20.0
_ALTO_LINEA_MM = 6.0
_ESTILO_ETIQUETA = FontFace(emphasis="BOLD", fill_color=(235, 235, 235))


class _Certificado(FPDF):
    """A4 portrait page whose footer fpdf2 draws on ``close``, i.e. on every page."""

    def __init__(self, pie_de_pagina: str) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self._pie_de_pagina = pie_de_pagina

    def footer(self) -> None:
        self.set_y(-20)
        self.set_font(_FUENTE, size=8)
        self.set_text_color(90, 90, 90)
        self.multi_cell(0, 4, self._pie_de_pagina, align="C")
        self.cell(0, 4, f"Página {self.page_no()}", align="C")


def generar_certificado_afiliacion(datos: DatosCertificadoAfiliacion) -> bytes:
    """The certificate as PDF bytes; same input, same bytes (see the module guarantees)."""
    pdf = _nuevo_documento(datos)
    _escribir_encabezado(pdf, datos)
    _escribir_parrafo(pdf, _texto_certificacion(datos))
    _escribir_tabla(pdf, _filas_de_datos(datos))
    _escribir_parrafo(pdf, _texto_expedicion(datos.generado_en))
    _escribir_codigo_verificacion(pdf, datos.codigo_verificacion)
    return bytes(pdf.output())


def _nuevo_documento(datos: DatosCertificadoAfiliacion) -> _Certificado:
    pie = _latin1(
        f"Documento generado electrónicamente por la Oficina Virtual de {datos.eps_nombre} "
        f"- NIT {datos.eps_nit}. Refleja la información de afiliación registrada en la "
        "fecha y hora de su expedición."
    )
    pdf = _Certificado(pie)
    # Fixed creation date: without it fpdf2 stamps "now" and two renders would differ.
    pdf.set_creation_date(datos.generado_en)
    pdf.set_title(f"Certificado de afiliación ({datos.plan})")
    pdf.set_author(datos.eps_nombre)
    pdf.set_subject(f"Certificado de afiliación - {_NOMBRE_PLAN[datos.plan]}")
    pdf.set_creator("Oficina Virtual - servicio de afiliación")
    pdf.set_lang("es-CO")
    pdf.set_margins(_MARGEN_MM, _MARGEN_MM, _MARGEN_MM)
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.add_page()
    return pdf


def _escribir_encabezado(pdf: FPDF, datos: DatosCertificadoAfiliacion) -> None:
    pdf.set_font(_FUENTE, style="B", size=11)
    pdf.cell(0, 5, _latin1(datos.eps_nombre), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FUENTE, size=9)
    pdf.cell(0, 5, _latin1(f"NIT {datos.eps_nit}"), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(8)
    pdf.set_font(_FUENTE, style="B", size=16)
    pdf.cell(0, 8, "CERTIFICADO DE AFILIACIÓN", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(_FUENTE, style="B", size=12)
    pdf.cell(0, 7, _NOMBRE_PLAN[datos.plan], align="C", new_x="LMARGIN", new_y="NEXT")
    if datos.plan == "PAC" and datos.plan_pac_nombre:
        pdf.set_font(_FUENTE, size=11)
        pdf.cell(0, 6, _latin1(datos.plan_pac_nombre), align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(6)


def _escribir_parrafo(pdf: FPDF, texto: str) -> None:
    pdf.set_font(_FUENTE, size=10.5)
    pdf.multi_cell(0, _ALTO_LINEA_MM, _latin1(texto), align="J", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)


def _escribir_tabla(pdf: FPDF, filas: Sequence[tuple[str, str]]) -> None:
    pdf.set_font(_FUENTE, size=10)
    with pdf.table(
        col_widths=(55, 115),
        first_row_as_headings=False,
        text_align="LEFT",
        line_height=_ALTO_LINEA_MM,
        padding=1.5,
    ) as tabla:
        for etiqueta, valor in filas:
            fila = tabla.row()
            fila.cell(_latin1(etiqueta), style=_ESTILO_ETIQUETA)
            fila.cell(_latin1(valor))
    pdf.ln(6)


def _escribir_codigo_verificacion(pdf: FPDF, codigo: str) -> None:
    pdf.set_font(_FUENTE, style="B", size=10.5)
    pdf.cell(0, _ALTO_LINEA_MM, "Código de verificación: ", new_x="END")
    pdf.set_font("Courier", style="B", size=11)
    pdf.cell(0, _ALTO_LINEA_MM, _latin1(codigo), new_x="LMARGIN", new_y="NEXT")


def _texto_certificacion(datos: DatosCertificadoAfiliacion) -> str:
    """The certifying paragraph; only an ACTIVO affiliation is said to be current."""
    persona = datos.persona
    quien = (
        f"{persona.nombre_completo}, identificado(a) con {persona.tipo_documento} "
        f"No. {persona.numero_documento}"
    )
    afiliacion = _afiliacion(datos)
    calidad = _calidad(datos)
    if _esta_activo(persona.estado):
        situacion = (
            f"se encuentra afiliado(a) desde el {fecha_larga(persona.fecha_afiliacion)} "
            f"{afiliacion}, {calidad}, con estado ACTIVO."
        )
    else:
        # The state may have changed after the affiliation date, so no "desde" here: it
        # would date the RETIRADO/SUSPENDIDO state wrongly.
        situacion = (
            f"registra estado {persona.estado.strip()} en su afiliación {afiliacion}, "
            f"{calidad}, con fecha de afiliación del {fecha_larga(persona.fecha_afiliacion)}."
        )
    return f"{datos.eps_nombre}, con NIT {datos.eps_nit}, certifica que {quien}, {situacion}"


def _afiliacion(datos: DatosCertificadoAfiliacion) -> str:
    regimen = f"al Régimen {datos.regimen} del Sistema General de Seguridad Social en Salud"
    if datos.plan == "PBS":
        return f"{regimen}, en el {_NOMBRE_PLAN['PBS']}"
    nombre = f' "{datos.plan_pac_nombre}"' if datos.plan_pac_nombre else ""
    return f"al {_NOMBRE_PLAN['PAC']}{nombre}, complementario a su afiliación {regimen}"


def _calidad(datos: DatosCertificadoAfiliacion) -> str:
    calidad = f"en calidad de {datos.persona.tipo_afiliado}"
    if datos.persona.parentesco:
        calidad += f", con parentesco {datos.persona.parentesco},"
    if datos.cotizante_nombre:
        calidad += f" del cotizante {_cotizante(datos)}"
    return calidad.rstrip(",")


def _cotizante(datos: DatosCertificadoAfiliacion) -> str:
    if datos.cotizante_documento:
        return f"{datos.cotizante_nombre} ({datos.cotizante_documento})"
    return datos.cotizante_nombre or ""


def _filas_de_datos(datos: DatosCertificadoAfiliacion) -> list[tuple[str, str]]:
    persona = datos.persona
    plan = _NOMBRE_PLAN[datos.plan]
    if datos.plan == "PAC" and datos.plan_pac_nombre:
        plan = f"{plan} - {datos.plan_pac_nombre}"
    filas = [
        ("Documento", f"{persona.tipo_documento} {persona.numero_documento}"),
        ("Nombre", persona.nombre_completo),
        ("Fecha de nacimiento", _fecha_corta(persona.fecha_nacimiento)),
        ("Régimen", datos.regimen),
        ("Plan", plan),
        ("Tipo de afiliado", persona.tipo_afiliado),
    ]
    if persona.parentesco:
        filas.append(("Parentesco", persona.parentesco))
    if datos.cotizante_nombre:
        filas.append(("Cotizante", _cotizante(datos)))
    filas += [
        ("Estado", persona.estado),
        ("Fecha de afiliación", _fecha_corta(persona.fecha_afiliacion)),
        ("IPS primaria", persona.ips_primaria or "No asignada"),
        ("Municipio", persona.municipio or "No registrado"),
    ]
    return filas


def _texto_expedicion(generado_en: datetime) -> str:
    local = generado_en.astimezone(ZONA_COLOMBIA)
    return (
        f"Este certificado se expide el {fecha_larga(local.date())} a las "
        f"{local:%H:%M} (hora de Colombia) con la información registrada a esa fecha."
    )


def _esta_activo(estado: str) -> bool:
    return estado.strip().upper() == "ACTIVO"


def _fecha_corta(fecha: date) -> str:
    return f"{fecha.day:02d}/{fecha.month:02d}/{fecha.year:04d}"


def _latin1(texto: str) -> str:
    """``texto`` with only printable latin-1 characters (see the module guarantees)."""
    # NFC first: a decomposed "n" + combining tilde must become the latin-1 "ñ", not "n".
    return "".join(_caracter_latin1(c) for c in unicodedata.normalize("NFC", texto))


def _caracter_latin1(caracter: str) -> str:
    if _es_latin1_imprimible(caracter):
        return caracter
    if caracter.isspace():
        # Line breaks and tabs inside a value would break the table layout.
        return " "
    if caracter in _SUSTITUTOS:
        return _SUSTITUTOS[caracter]
    if unicodedata.combining(caracter) or unicodedata.category(caracter) in ("Cc", "Cf"):
        # Stray accents, control and zero-width characters carry no readable content.
        return ""
    base = unicodedata.normalize("NFKD", caracter)
    sin_marcas = "".join(c for c in base if _es_latin1_imprimible(c))
    return sin_marcas or "?"


def _es_latin1_imprimible(caracter: str) -> bool:
    # 0x7F-0x9F are control codes in latin-1, but fpdf2 declares WinAnsiEncoding, which
    # would print them as unrelated glyphs (€, ‰, ...), so they are not passed through.
    return " " <= caracter <= "~" or "\xa0" <= caracter <= "\xff"
