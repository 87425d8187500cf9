"""Ages and the document type each age must use (Decreto 780 de 2016, art. 2.1.3.5).

The ranges are law, not yearly figures, so they live here as a table rather than in a
dated data file; a change of the decree is a change of this table and its tests.
"""

from dataclasses import dataclass
from datetime import date
from types import MappingProxyType

from eps_contracts.types import TipoDocumento


def meses_cumplidos(nacimiento: date, hoy: date) -> int:
    """Whole months lived on ``hoy`` (a month is complete on the same day number)."""
    meses = (hoy.year - nacimiento.year) * 12 + (hoy.month - nacimiento.month)
    if hoy.day < nacimiento.day:
        meses -= 1
    return meses


def anios_cumplidos(nacimiento: date, hoy: date) -> int:
    return meses_cumplidos(nacimiento, hoy) // 12


@dataclass(frozen=True)
class RangoEdad:
    """Ages in whole months, ``desde`` inclusive and ``hasta`` exclusive (``None``: no limit)."""

    desde_meses: int
    hasta_meses: int | None
    descripcion: str

    def admite(self, meses: int) -> bool:
        return meses >= self.desde_meses and (self.hasta_meses is None or meses < self.hasta_meses)


EDAD_POR_DOCUMENTO = MappingProxyType(
    {
        TipoDocumento.CN: RangoEdad(0, 3, "menores de 3 meses"),
        TipoDocumento.RC: RangoEdad(0, 7 * 12, "menores de 7 años"),
        TipoDocumento.TI: RangoEdad(7 * 12, 18 * 12, "de 7 a 17 años"),
        TipoDocumento.CC: RangoEdad(18 * 12, None, "de 18 años en adelante"),
        TipoDocumento.MS: RangoEdad(0, 18 * 12, "menores de 18 años"),
        TipoDocumento.AS: RangoEdad(18 * 12, None, "de 18 años en adelante"),
    }
)
"""Documents restricted to an age range; foreigners' and other documents have none."""

NOMBRE_DOCUMENTO = MappingProxyType(
    {
        TipoDocumento.CC: "cédula de ciudadanía",
        TipoDocumento.TI: "tarjeta de identidad",
        TipoDocumento.RC: "registro civil",
        TipoDocumento.CN: "certificado de nacido vivo",
        TipoDocumento.CE: "cédula de extranjería",
        TipoDocumento.PA: "pasaporte",
        TipoDocumento.CD: "carné diplomático",
        TipoDocumento.SC: "salvoconducto",
        TipoDocumento.PE: "permiso especial de permanencia",
        TipoDocumento.PT: "permiso por protección temporal",
        TipoDocumento.AS: "adulto sin identificación",
        TipoDocumento.MS: "menor sin identificación",
    }
)


def documento_admite_edad(tipo: TipoDocumento, nacimiento: date, hoy: date) -> bool:
    rango = EDAD_POR_DOCUMENTO.get(tipo)
    return rango is None or rango.admite(meses_cumplidos(nacimiento, hoy))


def describir_edad(nacimiento: date, hoy: date) -> str:
    meses = meses_cumplidos(nacimiento, hoy)
    if meses < 12:
        return "1 mes" if meses == 1 else f"{meses} meses"
    anios = meses // 12
    return "1 año" if anios == 1 else f"{anios} años"
