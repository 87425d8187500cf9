"""DANE's DIVIPOLA: the departamentos and municipios of Colombia, with each municipio's UPC zone."""

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from affiliation.referencia._csv import leer_filas
from affiliation.referencia.errores import DatosReferenciaInvalidos
from eps_contracts.types import ZonaUPC

COLUMNAS = ("codigo_departamento", "departamento", "codigo_municipio", "municipio", "zona_upc")


@dataclass(frozen=True)
class Departamento:
    codigo: str  # 2 digits
    nombre: str


@dataclass(frozen=True)
class Municipio:
    codigo: str  # 5 digits; the first 2 are the departamento's
    nombre: str
    departamento_codigo: str
    zona_upc: ZonaUPC


def clave_alfabetica(nombre: str) -> str:
    """Sort key that orders Spanish names as a reader expects ("Ñ" aside): accents ignored."""
    sin_tildes = "".join(
        c for c in unicodedata.normalize("NFD", nombre) if unicodedata.category(c) != "Mn"
    )
    return sin_tildes.casefold()


class Divipola:
    """All departamentos and municipios, looked up by code.

    Guarantees (checked on construction): codes are unique; every municipio's code starts
    with its departamento's code and that departamento exists. Lists returned are new lists,
    sorted by name; changing them changes nothing here.
    """

    def __init__(self, departamentos: Iterable[Departamento], municipios: Iterable[Municipio]):
        self._departamentos: dict[str, Departamento] = {}
        for departamento in departamentos:
            if departamento.codigo in self._departamentos:
                raise ValueError(f"departamento repetido: {departamento.codigo}")
            self._departamentos[departamento.codigo] = departamento
        self._municipios: dict[str, Municipio] = {}
        self._por_departamento: dict[str, list[Municipio]] = {
            codigo: [] for codigo in self._departamentos
        }
        for municipio in municipios:
            if municipio.codigo in self._municipios:
                raise ValueError(f"municipio repetido: {municipio.codigo}")
            if municipio.departamento_codigo not in self._departamentos:
                raise ValueError(f"el municipio {municipio.codigo} no tiene departamento conocido")
            if not municipio.codigo.startswith(municipio.departamento_codigo):
                raise ValueError(
                    f"el código {municipio.codigo} no empieza por el de su departamento "
                    f"{municipio.departamento_codigo}"
                )
            self._municipios[municipio.codigo] = municipio
            self._por_departamento[municipio.departamento_codigo].append(municipio)
        for lista in self._por_departamento.values():
            lista.sort(key=lambda m: (clave_alfabetica(m.nombre), m.codigo))

    def departamentos(self) -> list[Departamento]:
        """Every departamento (Bogotá D.C. included), sorted by name."""
        return sorted(self._departamentos.values(), key=lambda d: clave_alfabetica(d.nombre))

    def municipios(self, departamento_codigo: str) -> list[Municipio]:
        """The departamento's municipios sorted by name; empty for an unknown departamento."""
        return list(self._por_departamento.get(departamento_codigo, ()))

    def municipio(self, codigo: str) -> Municipio | None:
        return self._municipios.get(codigo)

    def pertenece(self, municipio_codigo: str, departamento_codigo: str) -> bool:
        """True only when the municipio exists and lies in that departamento."""
        municipio = self._municipios.get(municipio_codigo)
        return municipio is not None and municipio.departamento_codigo == departamento_codigo

    def __len__(self) -> int:
        """How many municipios (and áreas no municipalizadas) there are."""
        return len(self._municipios)


def cargar_divipola(archivo: Traversable, nombre: str = "divipola.csv") -> Divipola:
    """Read and validate ``divipola.csv``; a bad line raises ``DatosReferenciaInvalidos``."""
    departamentos: dict[str, Departamento] = {}
    municipios: dict[str, Municipio] = {}
    for fila in leer_filas(archivo, COLUMNAS, nombre):
        departamento = Departamento(
            fila.digitos("codigo_departamento", 2), fila.texto("departamento")
        )
        conocido = departamentos.setdefault(departamento.codigo, departamento)
        if conocido.nombre != departamento.nombre:
            raise fila.error(
                f"el departamento {departamento.codigo} ya se llamó {conocido.nombre!r}"
            )
        codigo = fila.digitos("codigo_municipio", 5)
        if not codigo.startswith(departamento.codigo):
            raise fila.error(f"el municipio {codigo} no es del departamento {departamento.codigo}")
        if codigo in municipios:
            raise fila.error(f"el municipio {codigo} está repetido")
        zona = fila.texto("zona_upc")
        if zona not in ZonaUPC.__members__:
            raise fila.error(f"zona_upc debe ser una de {', '.join(ZonaUPC)}: {zona!r}")
        municipios[codigo] = Municipio(
            codigo, fila.texto("municipio"), departamento.codigo, ZonaUPC(zona)
        )
    if not municipios:
        raise DatosReferenciaInvalidos(nombre, "no hay ningún municipio")
    return Divipola(departamentos.values(), municipios.values())
