"""The INFORME PRESTACIONES ECONÓMICAS as a PDF (fpdf2): one incapacity (the individual
certificate) or a cotizante's history for the pension fund (AFP), with the seed's note on
what ESTADO means. Only ids, codes, dates and states: every value is latin-1 (the built-in
fonts), and the PDF is deterministic for the same rows and instant."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from fpdf import FPDF

from eps_contracts.nombres import ZONA_COLOMBIA
from incapacities.application.puertos import Fila
from incapacities.domain.cadena import fin

NOTA = (
    "NOTA: La columna ESTADO no puede ser usada para verificar pago al trabajador, refleja la "
    "condición del reembolso de las EPS al aportante, reguladas por: Código Sustantivo del "
    "Trabajo Art 227, Circular súper salud 011 de 1995, Decreto 019 del 2012 Artículo 121, "
    "ley 1438 de 2011, Decreto 4023 de 2011 Artículo 24"
)
COLUMNAS = (
    ("Folio", 16),
    ("Fecha Inicio", 22),
    ("Fecha Fin", 22),
    ("Contingencia", 42),
    ("Diagnóstico", 20),
    ("Días Sol.", 15),
    ("Días Acum.", 17),
    ("Prórroga", 15),
    ("Estado", 25),
)


def _fecha(d: object) -> str:
    return d.strftime("%Y/%m/%d") if hasattr(d, "strftime") else ""


def generar(filas: Sequence[Fila], titulo: str, generado_en: datetime) -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(generado_en)
    pdf.set_title(titulo)
    pdf.add_page()
    pdf.set_font("helvetica", "B", 13)
    pdf.cell(0, 8, "INFORME PRESTACIONES ECONÓMICAS", new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font("helvetica", "", 10)
    pdf.cell(0, 6, titulo, new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.ln(3)
    pdf.set_font("helvetica", "B", 8)
    for nombre, ancho in COLUMNAS:
        pdf.cell(ancho, 6, nombre, border=1, align="C")
    pdf.ln()
    pdf.set_font("helvetica", "", 8)
    for f in filas:
        valores = (
            str(f.folio),
            _fecha(f.fecha_inicio),
            _fecha(fin(f.fecha_inicio, f.dias)),
            f.contingencia.value.replace("_", " "),
            f.diagnostico,
            str(f.dias),
            str(f.dias_acumulados),
            "Sí" if f.prorroga_de else "No",
            f.estado,
        )
        for (_, ancho), valor in zip(COLUMNAS, valores, strict=True):
            pdf.cell(ancho, 6, valor, border=1, align="C")
        pdf.ln()
    if not filas:
        pdf.cell(0, 6, "No hay incapacidades en el periodo consultado.", new_x="LMARGIN")
        pdf.ln()
    pdf.ln(4)
    generado = generado_en.astimezone(ZONA_COLOMBIA).strftime("%Y/%m/%d %H:%M")
    pdf.cell(0, 6, f"Fecha Generación: {generado}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(2)
    pdf.multi_cell(0, 4, NOTA)
    return bytes(pdf.output())
