"""The affiliate's right as this service knows it (a read model of affiliation's and
billing's events), and the rule deciding whether he can file a presolicitud."""

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from authorizations.domain.errores import (
    DerechoNoActivo,
    PlanNoContratado,
    SolicitudNoPBS,
)

PLAN_PBS = "PBS"
PLAN_NO_PBS = "NO_PBS"

MOTIVOS_NO_ACTIVO = {
    "SUSPENDIDO": "Su afiliación está suspendida; no puede radicar solicitudes de autorización "
    "hasta que se reactive.",
    "RETIRADO": "Su afiliación está retirada; no puede radicar solicitudes de autorización.",
    "PROTECCION_LABORAL": "Su afiliación está en periodo de protección laboral; comuníquese con "
    "la línea 018000 938777 para tramitar su solicitud.",
}
MOTIVO_MORA = (
    "Su afiliación presenta mora en el pago de aportes; no puede radicar solicitudes de "
    "autorización hasta que se pongan al día los aportes."
)


@dataclass(frozen=True)
class Derecho:
    afiliado_id: UUID
    estado: str
    tipo_afiliado: str
    cotizante_id: UUID | None
    rango_salarial: str | None
    fecha_nacimiento: date
    planes_pac: frozenset[str] = field(default_factory=frozenset)
    en_mora: bool = False
    """This affiliate's own arrears, or his cotizante's (a beneficiary follows him)."""
    tipo_documento: str | None = None
    numero_documento: str | None = None
    nombre: str | None = None
    ips_primaria: str | None = None

    @property
    def es_cotizante(self) -> bool:
        return self.tipo_afiliado == "COTIZANTE"


def exigir_puede_radicar(derecho: Derecho, plan: str) -> None:
    """NO PBS → the MIPRES route; a right not ACTIVO or in arrears → why; a PAC plan he does
    not hold → refused."""
    if plan == PLAN_NO_PBS:
        raise SolicitudNoPBS()
    if derecho.estado != "ACTIVO":
        motivo = MOTIVOS_NO_ACTIVO.get(derecho.estado, "Su afiliación no está activa.")
        raise DerechoNoActivo(motivo, estado=derecho.estado)
    if derecho.en_mora:
        raise DerechoNoActivo(MOTIVO_MORA, estado="MORA")
    if plan != PLAN_PBS and plan not in derecho.planes_pac:
        raise PlanNoContratado()
