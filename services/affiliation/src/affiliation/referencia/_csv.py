"""Reading a reference CSV into rows that remember their line number, with a strict header."""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from affiliation.referencia.errores import DatosReferenciaInvalidos


@dataclass(frozen=True)
class Fila:
    """One data row: its cells by column name and where it is, for error messages."""

    archivo: str
    linea: int
    celdas: dict[str, str]

    def error(self, mensaje: str) -> DatosReferenciaInvalidos:
        return DatosReferenciaInvalidos(self.archivo, mensaje, self.linea)

    def texto(self, columna: str) -> str:
        """The cell stripped of surrounding blanks; an empty cell is an error."""
        valor = self.celdas[columna].strip()
        if not valor:
            raise self.error(f"la columna {columna!r} está vacía")
        return valor

    def opcional(self, columna: str) -> str | None:
        """The cell stripped of surrounding blanks, or ``None`` when it is empty."""
        return self.celdas[columna].strip() or None

    def entero(self, columna: str) -> int:
        valor = self.texto(columna)
        if not (valor.isascii() and valor.isdigit()):
            raise self.error(f"la columna {columna!r} debe ser un entero sin signo: {valor!r}")
        return int(valor)

    def digitos(self, columna: str, cuantos: int) -> str:
        """A code of exactly ``cuantos`` ASCII digits, leading zeros kept."""
        valor = self.texto(columna)
        if len(valor) != cuantos or not (valor.isascii() and valor.isdigit()):
            raise self.error(f"la columna {columna!r} debe tener {cuantos} dígitos: {valor!r}")
        return valor


def leer_filas(archivo: Traversable, columnas: Sequence[str], nombre: str) -> Iterator[Fila]:
    """Yield the data rows of ``archivo`` (UTF-8, header row first).

    Guarantees: the header is exactly ``columnas`` in that order; every row yielded has a cell
    for each column and no more; blank lines are skipped. Anything else raises
    ``DatosReferenciaInvalidos`` naming ``nombre`` and the line.
    """
    try:
        texto = archivo.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise DatosReferenciaInvalidos(nombre, "no existe el archivo") from None
    except UnicodeDecodeError as error:
        raise DatosReferenciaInvalidos(nombre, f"no es UTF-8 válido ({error.reason})") from None
    lector = csv.reader(io.StringIO(texto, newline=""))
    encabezado = next(lector, None)
    if encabezado is None:
        raise DatosReferenciaInvalidos(nombre, "el archivo está vacío")
    if [c.strip().lstrip("\ufeff") for c in encabezado] != list(columnas):
        raise DatosReferenciaInvalidos(
            nombre, f"el encabezado debe ser {','.join(columnas)!r}, es {','.join(encabezado)!r}", 1
        )
    while True:
        try:
            celdas = next(lector, None)
        except csv.Error as error:
            raise DatosReferenciaInvalidos(
                nombre, f"CSV mal formado: {error}", lector.line_num
            ) from None
        if celdas is None:
            return
        if not any(c.strip() for c in celdas):
            continue
        if len(celdas) != len(columnas):
            raise DatosReferenciaInvalidos(
                nombre,
                f"se esperaban {len(columnas)} columnas y hay {len(celdas)}",
                lector.line_num,
            )
        yield Fila(nombre, lector.line_num, dict(zip(columnas, celdas, strict=True)))
