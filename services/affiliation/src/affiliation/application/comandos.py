"""Commands: what a person or process asks the affiliation service to do."""

from dataclasses import dataclass, field
from datetime import date
from enum import Enum
from uuid import UUID

from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.types import (
    Escolaridad,
    EstadoCivil,
    Etnia,
    MotivoCambioIPS,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    NivelSisben,
    Parentesco,
    Pariente,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
)
from eps_contracts.valores import Documento


class SinCambio(Enum):
    """Marks a field a partial update leaves as it is (``None`` clears it instead)."""

    SIN_CAMBIO = "sin-cambio"


SIN_CAMBIO = SinCambio.SIN_CAMBIO


@dataclass(frozen=True, kw_only=True)
class RegistrarAfiliado:
    """Affiliate a person. ``fecha_afiliacion`` ``None`` means the day of the request."""

    afiliado_id: UUID
    documento: Documento
    nombre: NombreCompleto
    fecha_nacimiento: date
    sexo: Sexo
    tipo_afiliado: TipoAfiliado
    regimen: Regimen
    fecha_afiliacion: date | None = None
    cotizante_id: UUID | None = None
    parentesco: Parentesco | None = None
    contacto: DatosContacto = field(default_factory=DatosContacto)
    ips_primaria_codigo: str | None = None
    estado_civil: EstadoCivil | None = None
    etnia: Etnia | None = None
    escolaridad: Escolaridad | None = None
    subtipo_cotizante: SubtipoCotizante | None = None
    ibc: int | None = None
    empleador_id: UUID | None = None
    nivel_sisben: NivelSisben | None = None
    condiciones: "CondicionesBeneficiario | None" = None
    reportada_por_afiliado: bool = False


@dataclass(frozen=True, kw_only=True)
class ActualizarDatosContacto:
    """Change some contact fields of an affiliate last seen at ``version_esperada``."""

    afiliado_id: UUID
    version_esperada: int
    email: str | SinCambio | None = SIN_CAMBIO
    telefono_movil: str | SinCambio | None = SIN_CAMBIO
    direccion: str | SinCambio | None = SIN_CAMBIO
    municipio_divipola: str | SinCambio | None = SIN_CAMBIO

    def aplicado_a(self, actual: DatosContacto) -> DatosContacto:
        """The complete contact data after this change."""
        return DatosContacto(
            email=_nuevo(self.email, actual.email),
            telefono_movil=_nuevo(self.telefono_movil, actual.telefono_movil),
            direccion=_nuevo(self.direccion, actual.direccion),
            municipio_divipola=_nuevo(self.municipio_divipola, actual.municipio_divipola),
        )


def _nuevo(pedido: str | SinCambio | None, actual: str | None) -> str | None:
    return actual if isinstance(pedido, SinCambio) else pedido


@dataclass(frozen=True)
class Resultado:
    """What a command leaves: the affiliate (or employer) and the stream version it is now at,
    and the radicado of the novedad it reported, if any."""

    afiliado_id: UUID
    version: int
    radicado: str | None = None
    versiones: tuple[tuple[UUID, int], ...] = ()
    """Every affiliate a multi-person command changed, with its version after it."""


# -- novedades of the FUAN (seed 004) and the affiliation's state -------------------------------


@dataclass(frozen=True, kw_only=True)
class ComandoSobreAfiliado:
    """A change to one affiliate last seen at ``version_esperada`` (optimistic concurrency)."""

    afiliado_id: UUID
    version_esperada: int
    reportada_por_afiliado: bool = False


@dataclass(frozen=True, kw_only=True)
class CorregirDocumento(ComandoSobreAfiliado):
    """Novedad 1."""

    documento: Documento


@dataclass(frozen=True, kw_only=True)
class CorregirNombres(ComandoSobreAfiliado):
    """Novedad 2."""

    nombre: NombreCompleto


@dataclass(frozen=True, kw_only=True)
class CambiarEstadoCivil(ComandoSobreAfiliado):
    """Novedad 3."""

    estado_civil: EstadoCivil


@dataclass(frozen=True, kw_only=True)
class SuspenderAfiliacion(ComandoSobreAfiliado):
    """Novedad 7 when the affiliate leaves the country; otherwise a back-office decision."""

    motivo: MotivoSuspension
    detalle: str | None = None


@dataclass(frozen=True, kw_only=True)
class ReactivarAfiliacion(ComandoSobreAfiliado):
    """Novedad 8 (ingreso al país) or 19 (reingreso); also the end of arrears."""

    motivo: MotivoReactivacion
    detalle: str | None = None


@dataclass(frozen=True, kw_only=True)
class RetirarAfiliacion(ComandoSobreAfiliado):
    """Novedades 9–11 for a cotizante (its beneficiaries leave with it), 12–14 for a
    beneficiary (it leaves its cotizante's group)."""

    motivo: MotivoRetiro
    detalle: str | None = None


@dataclass(frozen=True, kw_only=True)
class CondicionesBeneficiario:
    """What Decreto 806 de 1998 asks of a person to join a family group."""

    depende_economicamente: bool = True
    estudiante_tiempo_completo: bool = False
    discapacidad_permanente: bool = False
    pensionado: bool = False
    fecha_inicio_union: date | None = None
    pariente: Pariente | None = None


@dataclass(frozen=True, kw_only=True)
class TrasladarBeneficiario(ComandoSobreAfiliado):
    """Novedad 15: a beneficiary moves to the group of another cotizante."""

    nuevo_cotizante_id: UUID
    parentesco: Parentesco
    condiciones: CondicionesBeneficiario = field(default_factory=CondicionesBeneficiario)


@dataclass(frozen=True, kw_only=True)
class CotizanteABeneficiario(TrasladarBeneficiario):
    """Novedad 16: a cotizante stops contributing and joins another cotizante's group."""


@dataclass(frozen=True, kw_only=True)
class BeneficiarioACotizante(ComandoSobreAfiliado):
    """Novedad 17: a beneficiary starts contributing on its own."""

    subtipo_cotizante: SubtipoCotizante
    ibc: int
    empleador_id: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class UnificarConyugesCotizantes(ComandoSobreAfiliado):
    """Novedad 20: the beneficiaries of the spouse ``conyuge_id`` (also a cotizante) move to
    this cotizante's group."""

    conyuge_id: UUID


@dataclass(frozen=True, kw_only=True)
class ActualizarCondicionBeneficiario(ComandoSobreAfiliado):
    """Novedades 21 (discapacidad permanente) and 22 (estudios)."""

    estudiante_tiempo_completo: bool
    discapacidad_permanente: bool


@dataclass(frozen=True, kw_only=True)
class VincularEmpleador(ComandoSobreAfiliado):
    """Links a dependent cotizante to an employer; a second one is novedad 18."""

    empleador_id: UUID
    fecha_ingreso: date


@dataclass(frozen=True, kw_only=True)
class DesvincularEmpleador(ComandoSobreAfiliado):
    empleador_id: UUID
    fecha_retiro: date


@dataclass(frozen=True, kw_only=True)
class CambiarEmpleador(ComandoSobreAfiliado):
    """Cambio de empleador: leaves ``empleador_anterior_id`` and joins ``empleador_id``."""

    empleador_anterior_id: UUID
    empleador_id: UUID
    fecha: date


@dataclass(frozen=True, kw_only=True)
class ActualizarCotizacion(ComandoSobreAfiliado):
    subtipo_cotizante: SubtipoCotizante
    ibc: int


@dataclass(frozen=True, kw_only=True)
class CambiarRegimen(ComandoSobreAfiliado):
    """Movilidad entre regímenes (Decreto 3047 de 2013); the group moves with its cotizante."""

    regimen: Regimen
    nivel_sisben: NivelSisben
    subtipo_cotizante: SubtipoCotizante | None = None
    ibc: int | None = None


# -- trámites of the affiliate (manual 4.1) -------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class PersonaAActualizar:
    afiliado_id: UUID
    version_esperada: int


@dataclass(frozen=True, kw_only=True)
class ActualizarDatosPersonales:
    """Manual 4.1.1: the same data for every selected person, all or none."""

    personas: tuple[PersonaAActualizar, ...]
    contacto: DatosContacto
    etnia: Etnia | None = None
    escolaridad: Escolaridad | None = None


@dataclass(frozen=True, kw_only=True)
class CargarSoporte:
    """Manual 4.1.2: a support document about ``afiliado_id`` (bytes checked by content)."""

    afiliado_id: UUID
    soporte_id: UUID
    tipo_soporte: str
    nombre_archivo: str | None
    contenido: bytes = field(repr=False)
    cargado_por: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class RevisarSoporte(ComandoSobreAfiliado):
    """Back office: approve (``motivo_rechazo`` None) or reject a support document."""

    soporte_id: UUID
    motivo_rechazo: str | None = None


@dataclass(frozen=True, kw_only=True)
class SolicitarCambioIPS:
    """Manual 4.1.3."""

    afiliado_id: UUID
    solicitud_id: UUID
    ips_deseada_codigo: str
    motivo: MotivoCambioIPS
    observacion: str | None = None
    solicitado_por: UUID | None = None


@dataclass(frozen=True, kw_only=True)
class DecidirCambioIPS(ComandoSobreAfiliado):
    """Back office: approve (``motivo_rechazo`` None) or reject an IPS change request."""

    solicitud_id: UUID
    motivo_rechazo: str | None = None


@dataclass(frozen=True, kw_only=True)
class ContratarPAC(ComandoSobreAfiliado):
    plan_codigo: str
    plan_nombre: str
    fecha_inicio: date


@dataclass(frozen=True, kw_only=True)
class CancelarPAC(ComandoSobreAfiliado):
    plan_codigo: str


# -- employers ------------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class RegistrarEmpleador:
    empleador_id: UUID
    tipo_documento: str
    numero_documento: str
    digito_verificacion: int | None
    razon_social: str
    email: str | None = None
    telefono: str | None = None
    direccion: str | None = None
    municipio_divipola: str | None = None
    actividad_economica: str | None = None


@dataclass(frozen=True, kw_only=True)
class ActualizarEmpleador:
    empleador_id: UUID
    version_esperada: int
    razon_social: str
    email: str | None = None
    telefono: str | None = None
    direccion: str | None = None
    municipio_divipola: str | None = None


Comando = (
    RegistrarAfiliado
    | ActualizarDatosContacto
    | ComandoSobreAfiliado
    | ActualizarDatosPersonales
    | CargarSoporte
    | SolicitarCambioIPS
    | RegistrarEmpleador
    | ActualizarEmpleador
)
