"""Reference data shipped with the service, loaded once and validated at start.

DIVIPOLA (departamentos and municipios with their UPC zone), the IPS catalogue, the UPC
adicional tables and the SMLMV by year live as CSV files in ``datos/`` (their sources,
vintages and licences are in ``datos/README.md``). Loading checks every file completely, so a
malformed one stops the service at start with ``DatosReferenciaInvalidos`` naming the file
and line, instead of failing a request later. Nothing here does I/O after loading.
"""

from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

from affiliation.referencia.divipola import Divipola, cargar_divipola
from affiliation.referencia.errores import DatosReferenciaInvalidos
from affiliation.referencia.ips import CatalogoIPS, cargar_catalogo_ips
from affiliation.referencia.salarios import SalariosMinimos, cargar_salarios_minimos
from affiliation.referencia.upc_adicional import TablasUPCAdicional, cargar_tablas_upc_adicional

__all__ = ["DatosReferencia", "DatosReferenciaInvalidos", "cargar_referencia", "referencia"]


@dataclass(frozen=True)
class DatosReferencia:
    divipola: Divipola
    ips: CatalogoIPS
    upc_adicional: TablasUPCAdicional
    salarios: SalariosMinimos


def datos_empaquetados() -> Traversable:
    """The ``datos`` folder shipped inside the package (works from a wheel or a checkout)."""
    return files(__name__) / "datos"


def cargar_referencia(directorio: Path | None = None) -> DatosReferencia:
    """Load and validate every reference file of ``directorio`` (default: the shipped ones).

    ``directorio`` holds ``divipola.csv``, ``ips.csv``, ``smlmv.csv`` and ``upc_adicional/``.
    Raises ``DatosReferenciaInvalidos`` at the first malformed file.
    """
    raiz: Traversable = datos_empaquetados() if directorio is None else directorio
    divipola = cargar_divipola(raiz / "divipola.csv")
    return DatosReferencia(
        divipola=divipola,
        ips=cargar_catalogo_ips(raiz / "ips.csv", divipola),
        upc_adicional=cargar_tablas_upc_adicional(raiz / "upc_adicional"),
        salarios=cargar_salarios_minimos(raiz / "smlmv.csv"),
    )


@cache
def referencia() -> DatosReferencia:
    """The shipped reference data, loaded on the first call and shared afterwards."""
    return cargar_referencia()
