"""The IPS (clinics, providers) an affiliate can have as IPS primaria, by municipio."""

from collections.abc import Iterable
from dataclasses import dataclass
from importlib.resources.abc import Traversable

from affiliation.referencia._csv import leer_filas
from affiliation.referencia.divipola import Divipola

COLUMNAS = ("codigo", "nombre", "municipio_divipola", "direccion", "telefono", "sintetica")


@dataclass(frozen=True)
class IPS:
    """One IPS site. ``sintetica`` marks the invented ones of the synthetic environment.

    ``codigo`` is 12 digits: the municipio's 5 DIVIPOLA digits and 7 of its own. ``direccion``
    and ``telefono`` are ``None`` when not on record.
    """

    codigo: str
    nombre: str
    municipio_divipola: str
    direccion: str | None
    telefono: str | None
    sintetica: bool


class CatalogoIPS:
    """All IPS, looked up by code or by municipio.

    Guarantees (checked on construction): codes are unique and each IPS's municipio exists in
    the given DIVIPOLA. Lists returned are new lists sorted by code.
    """

    def __init__(self, ips: Iterable[IPS], divipola: Divipola) -> None:
        self._por_codigo: dict[str, IPS] = {}
        self._por_municipio: dict[str, list[IPS]] = {}
        for una in sorted(ips, key=lambda i: i.codigo):
            if una.codigo in self._por_codigo:
                raise ValueError(f"IPS repetida: {una.codigo}")
            if divipola.municipio(una.municipio_divipola) is None:
                raise ValueError(f"la IPS {una.codigo} está en un municipio que no existe")
            self._por_codigo[una.codigo] = una
            self._por_municipio.setdefault(una.municipio_divipola, []).append(una)

    def por_municipio(self, codigo: str) -> list[IPS]:
        """The municipio's IPS; empty when it has none or the code is unknown."""
        return list(self._por_municipio.get(codigo, ()))

    def obtener(self, codigo: str) -> IPS | None:
        return self._por_codigo.get(codigo)

    def todas(self) -> list[IPS]:
        return list(self._por_codigo.values())


def cargar_catalogo_ips(
    archivo: Traversable, divipola: Divipola, nombre: str = "ips.csv"
) -> CatalogoIPS:
    """Read and validate ``ips.csv`` against ``divipola``; a bad line raises an error naming it."""
    ips: dict[str, IPS] = {}
    for fila in leer_filas(archivo, COLUMNAS, nombre):
        codigo = fila.digitos("codigo", 12)
        if codigo in ips:
            raise fila.error(f"el código {codigo} está repetido")
        municipio = fila.digitos("municipio_divipola", 5)
        if divipola.municipio(municipio) is None:
            raise fila.error(f"el municipio {municipio} no existe en DIVIPOLA")
        if not codigo.startswith(municipio):
            raise fila.error(f"el código {codigo} no empieza por su municipio {municipio}")
        telefono = fila.opcional("telefono")
        if telefono is not None and not (
            len(telefono) == 10 and telefono.isascii() and telefono.isdigit()
        ):
            raise fila.error(f"el teléfono debe tener 10 dígitos: {telefono!r}")
        sintetica = fila.texto("sintetica")
        if sintetica not in ("true", "false"):
            raise fila.error(f"sintetica debe ser true o false: {sintetica!r}")
        ips[codigo] = IPS(
            codigo=codigo,
            nombre=fila.texto("nombre"),
            municipio_divipola=municipio,
            direccion=fila.opcional("direccion"),
            telefono=telefono,
            sintetica=sintetica == "true",
        )
    return CatalogoIPS(ips.values(), divipola)
