"""How people read the contracts' codes: the Spanish texts of the enums in ``types``.

One place for every front end and service that shows them (affiliation's certificates and
``/mi`` answers, the portal's pages), so an affiliate reads "Cónyuge" everywhere. States
stay in capitals, as the manual shows them.
"""

from collections.abc import Mapping
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
