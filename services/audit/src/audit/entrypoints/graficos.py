"""Server-rendered SVG bar charts (no script, no external library): every label escaped."""

from __future__ import annotations

from html import escape

COLORES = ("#2e7d32", "#c62828", "#f9a825", "#6d4c41")


def barras_apiladas(titulo: str, categorias: list[str], series: list[tuple[str, list[int]]]) -> str:
    """One stacked bar per category; ``series`` are (name, one value per category)."""
    ancho_barra, alto, margen = 48, 180, 40
    ancho = margen + max(1, len(categorias)) * (ancho_barra + 16) + 160
    totales = [sum(s[1][i] for s in series) for i in range(len(categorias))]
    maximo = max(totales, default=0) or 1
    partes = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{ancho}" '
        f'height="{alto + 60}" aria-label="{escape(titulo)}">',
        f"<title>{escape(titulo)}</title>",
    ]
    for i, categoria in enumerate(categorias):
        x = margen + i * (ancho_barra + 16)
        y = alto + 10
        for j, (nombre, valores) in enumerate(series):
            valor = valores[i]
            if not valor:
                continue
            h = round(valor / maximo * alto)
            y -= h
            partes.append(
                f'<rect x="{x}" y="{y}" width="{ancho_barra}" height="{h}" '
                f'fill="{COLORES[j % len(COLORES)]}">'
                f"<title>{escape(nombre)}: {valor}</title></rect>"
            )
        partes.append(
            f'<text x="{x + ancho_barra / 2}" y="{alto + 28}" font-size="11" '
            f'text-anchor="middle">{escape(categoria)}</text>'
        )
        partes.append(
            f'<text x="{x + ancho_barra / 2}" y="{alto + 44}" font-size="11" '
            f'text-anchor="middle">{totales[i]}</text>'
        )
    leyenda_x = margen + max(1, len(categorias)) * (ancho_barra + 16) + 10
    for j, (nombre, _) in enumerate(series):
        y = 20 + j * 18
        partes.append(
            f'<rect x="{leyenda_x}" y="{y - 10}" width="12" height="12" '
            f'fill="{COLORES[j % len(COLORES)]}"/>'
            f'<text x="{leyenda_x + 18}" y="{y}" font-size="12">{escape(nombre)}</text>'
        )
    partes.append("</svg>")
    return "".join(partes)
