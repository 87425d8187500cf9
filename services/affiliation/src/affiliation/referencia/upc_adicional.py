"""UPC adicional: the monthly value a cotizante pays for each adicional in the family group.

Seed 004: the value depends on the adicional's age group, sex and the UPC zone of the
municipio of residence, and is set yearly by a resolution. Each table is a CSV with a sidecar
``.meta.json`` stating from when it rules and which norm sets it; the one in force on a date
is the latest whose ``vigente_desde`` is not after that date.
"""

import bisect
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from importlib.resources.abc import Traversable

from affiliation.domain.edad import anios_cumplidos
from affiliation.referencia._csv import Fila, leer_filas
from affiliation.referencia.errores import DatosReferenciaInvalidos, SinTablaUPCAdicionalVigente
from eps_contracts.types import Sexo, ZonaUPC

COLUMNAS = (
    "grupo",
    "descripcion",
    "edad_desde_anios",
    "edad_hasta_anios",
    "sexo",
    "normal",
    "especial",
    "conurbada",
)
EDAD_MAXIMA_VALIDADA = 120
"""Every age from 0 to this one must fall, for each sex, in exactly one group of a table."""


@dataclass(frozen=True)
class GrupoEtario:
    """One row of a table: an age range in completed years, both ends inclusive.

    ``edad_hasta_anios`` ``None`` means no upper limit; ``sexo`` ``None`` means both sexes.
    """

    grupo: int
    descripcion: str
    edad_desde_anios: int
    edad_hasta_anios: int | None
    sexo: Sexo | None
    normal: int
    especial: int
    conurbada: int

    def admite(self, edad_anios: int, sexo: Sexo) -> bool:
        return (
            self.edad_desde_anios <= edad_anios
            and (self.edad_hasta_anios is None or edad_anios <= self.edad_hasta_anios)
            and (self.sexo is None or self.sexo == sexo)
        )

    def valor(self, zona: ZonaUPC) -> int:
        match zona:
            case ZonaUPC.NORMAL:
                return self.normal
            case ZonaUPC.ESPECIAL:
                return self.especial
            case ZonaUPC.CONURBADA:
                return self.conurbada


@dataclass(frozen=True)
class ValorUPC:
    """The monthly value in whole pesos, with the group and the table it comes from."""

    grupo: int
    descripcion: str
    valor: int
    vigente_desde: date


def _problema_de_cobertura(grupos: Sequence[GrupoEtario]) -> str | None:
    """Why ``grupos`` do not put each age and sex in exactly one group, or ``None`` if they do."""
    for sexo in Sexo:
        for edad in range(EDAD_MAXIMA_VALIDADA + 1):
            cuales = [g.grupo for g in grupos if g.admite(edad, sexo)]
            if len(cuales) != 1:
                donde = "ningún grupo" if not cuales else f"los grupos {cuales}"
                return f"la edad {edad} (sexo {sexo}) cae en {donde}; debe caer en exactamente uno"
        if not any(
            g.edad_hasta_anios is None and g.admite(EDAD_MAXIMA_VALIDADA, sexo) for g in grupos
        ):
            return f"ningún grupo del sexo {sexo} queda abierto por arriba (edad_hasta vacía)"
    return None


@dataclass(frozen=True)
class TablaUPCAdicional:
    """One year's table. Guarantees (checked on construction): group numbers are unique and
    every age 0..120 of each sex falls in exactly one group, the oldest groups being open-ended,
    so any living person has exactly one value."""

    vigente_desde: date
    norma: str
    grupos: tuple[GrupoEtario, ...]

    def __post_init__(self) -> None:
        numeros = [g.grupo for g in self.grupos]
        if len(set(numeros)) != len(numeros):
            raise ValueError(f"hay números de grupo repetidos: {numeros}")
        problema = _problema_de_cobertura(self.grupos)
        if problema is not None:
            raise ValueError(problema)

    def grupo_de(self, edad_anios: int, sexo: Sexo) -> GrupoEtario:
        if edad_anios < 0:
            raise ValueError("la edad no puede ser negativa")
        return next(g for g in self.grupos if g.admite(edad_anios, sexo))

    def valor_mensual(
        self, fecha_nacimiento: date, sexo: Sexo, zona: ZonaUPC, fecha: date
    ) -> ValorUPC:
        """The monthly UPC adicional of a person on ``fecha``, by this table.

        The age is in completed years on ``fecha``, so a person is "menor de un año" up to
        the day before the first birthday and in the next group on it. This table is used
        whatever ``fecha`` is; to use the one in force, go through ``TablasUPCAdicional``.
        Raises ``ValueError`` when ``fecha`` is before the birth.
        """
        if fecha < fecha_nacimiento:
            raise ValueError("la fecha es anterior al nacimiento")
        grupo = self.grupo_de(anios_cumplidos(fecha_nacimiento, fecha), sexo)
        return ValorUPC(grupo.grupo, grupo.descripcion, grupo.valor(zona), self.vigente_desde)


class TablasUPCAdicional:
    """Every table, each ruling from its ``vigente_desde`` until the next one's."""

    def __init__(self, tablas: Iterable[TablaUPCAdicional]) -> None:
        self._tablas = sorted(tablas, key=lambda t: t.vigente_desde)
        fechas = [t.vigente_desde for t in self._tablas]
        if len(set(fechas)) != len(fechas):
            raise ValueError("dos tablas de UPC adicional rigen desde la misma fecha")
        self._desde = fechas

    def vigente(self, fecha: date) -> TablaUPCAdicional:
        """The table in force on ``fecha``: the latest whose ``vigente_desde`` <= ``fecha``.

        Raises ``SinTablaUPCAdicionalVigente`` when ``fecha`` is before every table.
        """
        posicion = bisect.bisect_right(self._desde, fecha)
        if posicion == 0:
            desde = f"; la más antigua rige desde {self._desde[0]}" if self._desde else ""
            raise SinTablaUPCAdicionalVigente(
                f"no hay tabla de UPC adicional vigente el {fecha.isoformat()}{desde}"
            )
        return self._tablas[posicion - 1]

    def valor_mensual(
        self, fecha_nacimiento: date, sexo: Sexo, zona: ZonaUPC, fecha: date
    ) -> ValorUPC:
        """``valor_mensual`` of the table in force on ``fecha``."""
        return self.vigente(fecha).valor_mensual(fecha_nacimiento, sexo, zona, fecha)

    def todas(self) -> list[TablaUPCAdicional]:
        """Every table, oldest first."""
        return list(self._tablas)


def _grupo(fila: Fila) -> GrupoEtario:
    desde = fila.entero("edad_desde_anios")
    hasta = None if fila.opcional("edad_hasta_anios") is None else fila.entero("edad_hasta_anios")
    if hasta is not None and hasta < desde:
        raise fila.error(f"edad_hasta_anios ({hasta}) es menor que edad_desde_anios ({desde})")
    sexo = fila.opcional("sexo")
    if sexo is not None and sexo not in Sexo.__members__:
        raise fila.error(f"sexo debe estar vacío (ambos), M o F: {sexo!r}")
    normal, especial, conurbada = (fila.entero(z) for z in ("normal", "especial", "conurbada"))
    if min(normal, especial, conurbada) <= 0:
        raise fila.error("los valores de las tres zonas deben ser positivos")
    return GrupoEtario(
        grupo=fila.entero("grupo"),
        descripcion=fila.texto("descripcion"),
        edad_desde_anios=desde,
        edad_hasta_anios=hasta,
        sexo=None if sexo is None else Sexo(sexo),
        normal=normal,
        especial=especial,
        conurbada=conurbada,
    )


def _leer_meta(archivo: Traversable, nombre: str) -> tuple[date, str]:
    try:
        meta = json.loads(archivo.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DatosReferenciaInvalidos(nombre, "no existe; cada tabla necesita el suyo") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise DatosReferenciaInvalidos(nombre, f"no es JSON válido ({error})") from None
    if not isinstance(meta, dict) or set(meta) != {"vigente_desde", "norma"}:
        raise DatosReferenciaInvalidos(
            nombre, 'debe ser un objeto con exactamente "vigente_desde" y "norma"'
        )
    vigente_desde, norma = meta["vigente_desde"], meta["norma"]
    if not isinstance(norma, str) or not norma.strip():
        raise DatosReferenciaInvalidos(nombre, '"norma" debe ser un texto no vacío')
    try:
        return date.fromisoformat(vigente_desde), norma.strip()
    except (TypeError, ValueError):
        raise DatosReferenciaInvalidos(
            nombre, f'"vigente_desde" debe ser una fecha AAAA-MM-DD: {vigente_desde!r}'
        ) from None


def cargar_tabla(
    archivo: Traversable, meta: Traversable, nombre: str, nombre_meta: str
) -> TablaUPCAdicional:
    """Read one table and its sidecar; anything malformed raises an error naming the file."""
    grupos = tuple(_grupo(fila) for fila in leer_filas(archivo, COLUMNAS, nombre))
    vigente_desde, norma = _leer_meta(meta, nombre_meta)
    try:
        return TablaUPCAdicional(vigente_desde, norma, grupos)
    except ValueError as error:
        raise DatosReferenciaInvalidos(nombre, str(error)) from None


def cargar_tablas_upc_adicional(
    carpeta: Traversable, nombre: str = "upc_adicional"
) -> TablasUPCAdicional:
    """Read every ``AAAA.csv`` of ``carpeta`` with its ``AAAA.meta.json``.

    Raises ``DatosReferenciaInvalidos`` when the folder holds no table, a table lacks its
    sidecar or a sidecar its table, two tables rule from the same date, or a file is malformed.
    """
    if not carpeta.is_dir():
        raise DatosReferenciaInvalidos(nombre, "no existe la carpeta de tablas")
    archivos = {a.name: a for a in carpeta.iterdir() if a.is_file()}
    tablas = [n.removesuffix(".csv") for n in archivos if n.endswith(".csv")]
    metas = [n.removesuffix(".meta.json") for n in archivos if n.endswith(".meta.json")]
    huerfanas = sorted(set(metas) - set(tablas))
    if huerfanas:
        raise DatosReferenciaInvalidos(
            f"{nombre}/{huerfanas[0]}.meta.json", f"no hay tabla {huerfanas[0]}.csv que describa"
        )
    if not tablas:
        raise DatosReferenciaInvalidos(nombre, "no hay ninguna tabla de UPC adicional")
    cargadas: dict[date, str] = {}
    resultado = []
    for tabla in sorted(tablas):
        nombre_csv, nombre_meta = f"{nombre}/{tabla}.csv", f"{nombre}/{tabla}.meta.json"
        cargada = cargar_tabla(
            archivos[f"{tabla}.csv"], carpeta / f"{tabla}.meta.json", nombre_csv, nombre_meta
        )
        if cargada.vigente_desde in cargadas:
            raise DatosReferenciaInvalidos(
                nombre_meta,
                f"rige desde {cargada.vigente_desde}, como {cargadas[cargada.vigente_desde]}",
            )
        cargadas[cargada.vigente_desde] = nombre_csv
        resultado.append(cargada)
    return TablasUPCAdicional(resultado)
