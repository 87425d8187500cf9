"""The PILA planilla as operators (Asopagos, Simple) deliver it: fixed-width records, the
subset of the Ministry's format (Resolución 2388 de 2016, archivo tipo 2) billing needs.

Registro tipo 1 — encabezado (first line):
    1-2   "01"
    3-12  número de planilla (10 dígitos)
    13-19 periodo de cotización a salud, AAAA-MM
    20-29 fecha de pago, AAAA-MM-DD
    30    tipo de aportante: E (empleador) o I (independiente)
Registro tipo 2 — cotizante (every other line):
    1-2   "02"
    3-7   secuencia (5 dígitos, única en la planilla)
    8-9   tipo de documento del cotizante (CC, CE, TI, PA, PT…)
    10-25 número de documento (alineado a la izquierda, con espacios)
    26-27 días cotizados a salud (00-30)
    28-36 IBC de salud (9 dígitos, pesos)
    37-45 cotización obligatoria a salud (9 dígitos, pesos)

A line that does not follow it is reported with its number and a reason; the others count.
Nothing here logs or keeps a document number beyond the line being parsed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from eps_contracts.types import TipoDocumento

_PERIODO = re.compile(r"^[0-9]{4}-(0[1-9]|1[0-2])$")
LONGITUD_DETALLE = 45


@dataclass(frozen=True)
class Encabezado:
    planilla: str
    periodo: str
    fecha_pago: date
    independiente: bool


@dataclass(frozen=True)
class LineaCotizante:
    numero_linea: int
    secuencia: int
    tipo_documento: TipoDocumento
    numero_documento: str
    dias: int
    ibc: int
    valor: int


@dataclass(frozen=True)
class LineaInvalida:
    numero_linea: int
    motivo: str


class EncabezadoInvalido(ValueError):
    """The first line is not a PILA header: the file cannot be imported at all."""


def decodificar(crudo: bytes) -> str | None:
    """The line as text: UTF-8, else Latin-1 (what operators use); None when it carries
    bytes no text line has (NUL: a UTF-16 file, a binary one)."""
    if b"\x00" in crudo:
        return None
    try:
        texto = crudo.decode("utf-8")
    except UnicodeDecodeError:
        texto = crudo.decode("latin-1")
    return texto.removeprefix("\ufeff").rstrip("\r\n")


def leer_encabezado(texto: str | None) -> Encabezado:
    if texto is None or len(texto) < 30 or not texto.startswith("01"):
        raise EncabezadoInvalido(
            "La primera línea no es el encabezado de una planilla PILA (registro tipo 01)."
        )
    planilla, periodo, fecha, tipo = texto[2:12], texto[12:19], texto[19:29], texto[29:30]
    if not planilla.isdigit():
        raise EncabezadoInvalido("El número de planilla del encabezado debe tener 10 dígitos.")
    if not _PERIODO.match(periodo):
        raise EncabezadoInvalido("El periodo del encabezado debe tener la forma AAAA-MM.")
    try:
        fecha_pago = date.fromisoformat(fecha)
    except ValueError:
        raise EncabezadoInvalido("La fecha de pago del encabezado no es válida.") from None
    if tipo not in ("E", "I"):
        raise EncabezadoInvalido("El tipo de aportante del encabezado debe ser E o I.")
    return Encabezado(planilla, periodo, fecha_pago, tipo == "I")


def leer_linea(numero_linea: int, texto: str | None) -> LineaCotizante | LineaInvalida:
    def invalida(motivo: str) -> LineaInvalida:
        return LineaInvalida(numero_linea, motivo)

    if texto is None:
        return invalida("La línea no es texto (¿codificación UTF-16 o archivo binario?).")
    if not texto.startswith("02"):
        return invalida("No es un registro de cotizante (tipo 02).")
    if len(texto) < LONGITUD_DETALLE:
        return invalida(f"La línea está incompleta: tiene {len(texto)} de 45 caracteres.")
    secuencia, tipo = texto[2:7], texto[7:9]
    numero, dias, ibc, valor = texto[9:25].strip(), texto[25:27], texto[27:36], texto[36:45]
    if not secuencia.isdigit():
        return invalida("La secuencia debe tener 5 dígitos.")
    try:
        tipo_documento = TipoDocumento(tipo.strip())
    except ValueError:
        return invalida("El tipo de documento no es válido.")
    if not (3 <= len(numero) <= 16 and numero.isascii() and numero.isalnum()):
        return invalida("El número de documento no es válido.")
    if not (dias.isdigit() and int(dias) <= 30):
        return invalida("Los días cotizados deben estar entre 00 y 30.")
    if not (ibc.isdigit() and valor.isdigit()):
        return invalida("El IBC y el valor cotizado deben ser números enteros en pesos.")
    return LineaCotizante(
        numero_linea, int(secuencia), tipo_documento, numero, int(dias), int(ibc), int(valor)
    )
