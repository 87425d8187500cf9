"""Builds PILA planillas in the fixed-width format billing reads (billing.domain.pila)."""

from __future__ import annotations


def encabezado(planilla: str = "9000123456", periodo: str = "2026-10", tipo: str = "I") -> str:
    return f"01{planilla:0>10}{periodo}2026-11-05{tipo}"


def detalle(
    secuencia: int,
    numero: str,
    tipo: str = "CC",
    dias: int = 30,
    ibc: int = 3_500_000,
    valor: int = 437_500,
) -> str:
    return f"02{secuencia:05d}{tipo:<2}{numero:<16}{dias:02d}{ibc:09d}{valor:09d}"


def archivo(*lineas: str, fin: str = "\r\n") -> bytes:
    return "".join(linea + fin for linea in lineas).encode("latin-1")
