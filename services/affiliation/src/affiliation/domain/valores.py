"""Value objects of an affiliate: name, contact data, group members, documents (the identity
document is the shared ``eps_contracts.valores.Documento``)."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from uuid import UUID

from eps_contracts.types import (
    CausalInclusion,
    FormatoSoporte,
    MotivoCambioIPS,
    Parentesco,
    Pariente,
    TipoAfiliado,
)


@dataclass(frozen=True)
class NombreCompleto:
    primer_nombre: str
    primer_apellido: str
    segundo_nombre: str | None = None
    segundo_apellido: str | None = None

    @property
    def nombres(self) -> str:
        return " ".join(n for n in (self.primer_nombre, self.segundo_nombre) if n)

    @property
    def apellidos(self) -> str:
        return " ".join(a for a in (self.primer_apellido, self.segundo_apellido) if a)


@dataclass(frozen=True)
class DatosContacto:
    """The complete contact data; ``None`` means the affiliate has no value on record."""

    email: str | None = None
    telefono_movil: str | None = None
    direccion: str | None = None
    municipio_divipola: str | None = None
    email_alternativo: str | None = None
    telefono_residencia: str | None = None
    telefono_alternativo: str | None = None
    barrio: str | None = None
    localidad: str | None = None
    direccion_correspondencia: str | None = None
    municipio_correspondencia_divipola: str | None = None


@dataclass(frozen=True)
class Beneficiario:
    """A member of a cotizante's family group, as the cotizante's stream records it."""

    afiliado_id: UUID
    tipo_afiliado: TipoAfiliado
    parentesco: Parentesco
    causal: CausalInclusion
    pariente: Pariente | None
    fecha_inclusion: date
    upc_adicional_mensual: int | None


class EstadoRevision(StrEnum):
    EN_REVISION = "EN_REVISION"
    APROBADO = "APROBADO"
    RECHAZADO = "RECHAZADO"


@dataclass(frozen=True)
class SoporteCargado:
    soporte_id: UUID
    tipo_soporte: str
    formato: FormatoSoporte
    tamano_bytes: int
    estado: EstadoRevision = EstadoRevision.EN_REVISION
    motivo_rechazo: str | None = None


class EstadoSolicitud(StrEnum):
    PENDIENTE = "PENDIENTE"
    APROBADA = "APROBADA"
    RECHAZADA = "RECHAZADA"


@dataclass(frozen=True)
class SolicitudCambioIPS:
    solicitud_id: UUID
    ips_actual_codigo: str | None
    ips_deseada_codigo: str
    motivo: MotivoCambioIPS
    estado: EstadoSolicitud = EstadoSolicitud.PENDIENTE
    motivo_rechazo: str | None = None


@dataclass(frozen=True)
class PlanPAC:
    codigo: str
    nombre: str
    fecha_inicio: date


@dataclass(frozen=True)
class VinculoLaboral:
    empleador_id: UUID
    fecha_ingreso: date
    adicional: bool
