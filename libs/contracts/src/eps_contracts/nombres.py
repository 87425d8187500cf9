"""How people read the contracts' codes and dates: the Spanish texts of the enums in
``types``, Colombia's clock and the long form of a date.

One place for every front end and service that shows them (affiliation's certificates and
``/mi`` answers, the e-mails, the portal's pages), so an affiliate reads "Cónyuge" and
"17 de mayo de 2026" everywhere. States stay in capitals, as the manual shows them.
"""

from collections.abc import Mapping
from datetime import date, timedelta, timezone
from types import MappingProxyType

from eps_contracts.types import EstadoAfiliacion, Parentesco, Regimen, TipoAfiliado

NOMBRE_TIPO_AFILIADO: Mapping[TipoAfiliado, str] = MappingProxyType(
    {
        TipoAfiliado.COTIZANTE: "Cotizante",
        TipoAfiliado.BENEFICIARIO: "Beneficiario",
        TipoAfiliado.ADICIONAL: "Adicional",
    }
)
NOMBRE_PARENTESCO: Mapping[Parentesco, str] = MappingProxyType(
    {
        Parentesco.CONYUGE: "Cónyuge",
        Parentesco.COMPANERO_PERMANENTE: "Compañero(a) permanente",
        Parentesco.HIJO: "Hijo(a)",
        Parentesco.HIJASTRO: "Hijastro(a)",
        Parentesco.PADRE: "Padre",
        Parentesco.MADRE: "Madre",
        Parentesco.OTRO: "Otro",
    }
)
NOMBRE_REGIMEN: Mapping[Regimen, str] = MappingProxyType(
    {Regimen.CONTRIBUTIVO: "Contributivo", Regimen.SUBSIDIADO: "Subsidiado"}
)
NOMBRE_ESTADO: Mapping[EstadoAfiliacion, str] = MappingProxyType(
    {
        EstadoAfiliacion.ACTIVO: "ACTIVO",
        EstadoAfiliacion.SUSPENDIDO: "SUSPENDIDO",
        EstadoAfiliacion.RETIRADO: "RETIRADO",
        EstadoAfiliacion.PROTECCION_LABORAL: "PROTECCIÓN LABORAL",
    }
)


ZONA_COLOMBIA = timezone(timedelta(hours=-5), "America/Bogota")
"""Colombia's clock: UTC-5 all year (no daylight saving time since 1993)."""

MESES = (
    "enero",
    "febrero",
    "marzo",
    "abril",
    "mayo",
    "junio",
    "julio",
    "agosto",
    "septiembre",
    "octubre",
    "noviembre",
    "diciembre",
)


def fecha_larga(fecha: date) -> str:
    """ "17 de mayo de 2026"."""
    return f"{fecha.day} de {MESES[fecha.month - 1]} de {fecha.year}"
