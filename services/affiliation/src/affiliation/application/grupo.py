"""Including a person in a cotizante's family group: the one place the rules meet the data.

Guarantee: the inclusion is checked against the cotizante's group as read in this unit of
work (Decreto 806 de 1998); an adicional's UPC adicional is computed with the table in force
today for its age, sex and the zone of its municipio (else its cotizante's).
"""

from datetime import date
from uuid import UUID

from affiliation.application.comandos import CondicionesBeneficiario
from affiliation.application.dependencias import Dependencias, zona_upc
from affiliation.domain import grupo_familiar
from affiliation.domain.afiliado import Afiliado
from eps_contracts.types import CausalInclusion, Parentesco, Sexo, TipoAfiliado, ZonaUPC


def incluir_en_grupo(
    cotizante: Afiliado,
    deps: Dependencias,
    *,
    beneficiario_id: UUID,
    tipo_afiliado: TipoAfiliado,
    parentesco: Parentesco,
    fecha_nacimiento: date,
    sexo: Sexo,
    municipio: str | None,
    condiciones: CondicionesBeneficiario,
) -> CausalInclusion:
    """Records ``BeneficiarioIncluido`` on ``cotizante`` and returns the rule that admitted
    the person; raises ``InclusionNoPermitida`` naming the rule that failed."""
    candidato = grupo_familiar.Candidato(
        tipo_afiliado=tipo_afiliado,
        parentesco=parentesco,
        fecha_nacimiento=fecha_nacimiento,
        pariente=condiciones.pariente,
        depende_economicamente=condiciones.depende_economicamente,
        estudiante_tiempo_completo=condiciones.estudiante_tiempo_completo,
        discapacidad_permanente=condiciones.discapacidad_permanente,
        pensionado=condiciones.pensionado,
        fecha_inicio_union=condiciones.fecha_inicio_union,
    )

    def upc_adicional() -> tuple[int, ZonaUPC]:
        zona = zona_upc(deps, municipio, cotizante.contacto.municipio_divipola)
        valor = deps.referencia.upc_adicional.valor_mensual(fecha_nacimiento, sexo, zona, deps.hoy)
        return valor.valor, zona

    return cotizante.incluir_beneficiario(
        beneficiario_id=beneficiario_id,
        candidato=candidato,
        hoy=deps.hoy,
        upc_adicional=upc_adicional,
    )
