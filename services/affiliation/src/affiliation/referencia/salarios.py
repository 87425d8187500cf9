"""SMLMV: the monthly legal minimum wage of each year, in whole pesos."""

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from affiliation.referencia._csv import leer_filas
from affiliation.referencia.errores import AnioSinSalarioMinimo, DatosReferenciaInvalidos

COLUMNAS = ("anio", "valor", "norma")


@dataclass(frozen=True)
class SalarioMinimo:
    anio: int
    valor: int
    norma: str | None  # the decree that set it, when on record


class SalariosMinimos:
    """The SMLMV by year. Guarantees (checked on construction): one positive value per year."""

    def __init__(self, salarios: Iterable[SalarioMinimo]) -> None:
        self._por_anio: dict[int, SalarioMinimo] = {}
        for salario in salarios:
            if salario.anio in self._por_anio:
                raise ValueError(f"el año {salario.anio} está repetido")
            if salario.valor <= 0:
                raise ValueError(f"el salario mínimo de {salario.anio} debe ser positivo")
            self._por_anio[salario.anio] = salario

    def smlmv(self, anio: int) -> int:
        """The SMLMV of ``anio``; raises ``AnioSinSalarioMinimo`` for a year not on record."""
        return self.salario(anio).valor

    def salario(self, anio: int) -> SalarioMinimo:
        """The SMLMV of ``anio`` with its norm; raises ``AnioSinSalarioMinimo`` if unknown."""
        try:
            return self._por_anio[anio]
        except KeyError:
            conocidos = f"{min(self._por_anio)}–{max(self._por_anio)}" if self._por_anio else "—"
            raise AnioSinSalarioMinimo(
                f"no se conoce el salario mínimo de {anio} (años conocidos: {conocidos})"
            ) from None

    def anios(self) -> list[int]:
        return sorted(self._por_anio)


def cargar_salarios_minimos(archivo: Traversable, nombre: str = "smlmv.csv") -> SalariosMinimos:
    """Read and validate ``smlmv.csv``; a bad line raises ``DatosReferenciaInvalidos``."""
    salarios: dict[int, SalarioMinimo] = {}
    for fila in leer_filas(archivo, COLUMNAS, nombre):
        anio = fila.entero("anio")
        if anio in salarios:
            raise fila.error(f"el año {anio} está repetido")
        valor = fila.entero("valor")
        if valor <= 0:
            raise fila.error("el valor debe ser positivo")
        salarios[anio] = SalarioMinimo(anio, valor, fila.opcional("norma"))
    if not salarios:
        raise DatosReferenciaInvalidos(nombre, "no hay ningún año")
    return SalariosMinimos(salarios.values())
