"""The cartera PBS statement and the paz y salvo PBS as one-page A4 PDFs (fpdf2).

Guarantees: deterministic (the same data and ``generado_en`` give the same bytes); never
fails on text (only latin-1 is written: the built-in fonts know nothing else, and every
value here is ours: periods, amounts, the person's own document); amounts are integer pesos
as the portal shows them; times in Colombia.
"""

from __future__ import annotations

from datetime import datetime

from fpdf import FPDF

from billing.application.cartera import EstadoCuenta
from billing.domain.valores import pesos
from eps_contracts.nombres import ZONA_COLOMBIA, fecha_larga

_FUENTE = "Helvetica"


def _latin1(texto: str) -> str:
    return texto.encode("latin-1", "replace").decode("latin-1")


def _documento(titulo: str, estado: EstadoCuenta, generado_en: datetime) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_creation_date(generado_en)
    pdf.set_title(titulo)
    pdf.set_margins(20, 20, 20)
    pdf.add_page()
    pdf.set_font(_FUENTE, "B", 14)
    pdf.cell(0, 10, _latin1(titulo), new_x="LMARGIN", new_y="NEXT", align="C")
    pdf.set_font(_FUENTE, "", 10)
    local = generado_en.astimezone(ZONA_COLOMBIA)
    pdf.cell(
        0,
        6,
        _latin1(f"Generado el {fecha_larga(local.date())} a las {local:%H:%M} (hora de Colombia)"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    if estado.documento:
        pdf.cell(
            0, 6, _latin1(f"Identificación: {estado.documento}"), new_x="LMARGIN", new_y="NEXT"
        )
    pdf.cell(
        0,
        6,
        _latin1(f"Tipo de cotizante: {estado.tipo_cotizante.capitalize()}"),
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    return pdf


def generar_estado_cartera(estado: EstadoCuenta, generado_en: datetime) -> bytes:
    pdf = _documento("Estado de cartera - Plan de Beneficios en Salud (PBS)", estado, generado_en)
    pdf.set_font(_FUENTE, "", 9)
    with pdf.table(col_widths=(25, 30, 30, 30, 30, 25), text_align="CENTER") as tabla:
        tabla.row(["Periodo", "Esperado", "Pagado", "Saldo", "Vence", "Estado"])
        for p in estado.periodos:
            tabla.row(
                [
                    p.periodo,
                    pesos(p.esperado),
                    pesos(p.pagado),
                    pesos(p.saldo),
                    p.vence_el.strftime("%d/%m/%Y"),
                    "En mora" if p.en_mora else ("Al día" if p.saldo == 0 else "Por vencer"),
                ]
            )
    pdf.ln(4)
    pdf.set_font(_FUENTE, "B", 10)
    pdf.cell(0, 6, _latin1(f"Deuda vencida: {pesos(estado.deuda_vencida)}"))
    return bytes(pdf.output())


def generar_paz_y_salvo(estado: EstadoCuenta, periodo: str, generado_en: datetime) -> bytes:
    pdf = _documento("Paz y salvo - Plan de Beneficios en Salud (PBS)", estado, generado_en)
    pdf.set_font(_FUENTE, "", 11)
    pdf.multi_cell(
        0,
        7,
        _latin1(
            "La EPS certifica que el cotizante identificado arriba se encuentra a paz y salvo "
            f"por concepto de aportes al Plan de Beneficios en Salud hasta el periodo {periodo}."
        ),
    )
    return bytes(pdf.output())
