"""Events published by the affiliation service on ``eps.affiliation.afiliados`` and
``eps.affiliation.empleadores``, and its personal-data access records on
``eps.affiliation.consultas`` (key ``consulta_id``; shape in ``events.audit``).

The payloads carry what consumers need to build their own views (identity validates
documents and asks security questions; the portal shows the family group), not whole
records.
"""

from datetime import UTC, date, datetime
from typing import Annotated, Any, ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from eps_contracts.events.audit import ConsultaDatosPersonales, topico_de_consultas
from eps_contracts.events.base import DomainEvent
from eps_contracts.topicos import Topic
from eps_contracts.types import (
    CausalInclusion,
    CodigoIPS,
    CodigoSoporte,
    Direccion,
    Email,
    Escolaridad,
    EstadoAfiliacion,
    EstadoCivil,
    Etnia,
    FormatoSoporte,
    MotivoCambioIPS,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    MunicipioDivipola,
    NivelSisben,
    Nombre,
    Parentesco,
    Pariente,
    Pesos,
    RangoSalarial,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TelefonoMovil,
    Texto,
    TipoAfiliado,
    TipoCotizante,
    TipoDocumento,
    ZonaUPC,
    validar_numero_documento,
)

Telefono = Annotated[str, Field(pattern=r"^[0-9]{7,10}$")]
"""A landline or mobile number: 7 to 10 digits, no prefix or separators."""

Barrio = Annotated[str, Field(min_length=1, max_length=100)]


class _AfiliadoEvent(DomainEvent):
    service: ClassVar[str] = "affiliation"
    aggregate_type: ClassVar[str] = "Afiliado"
    aggregate_id_field: ClassVar[str] = "afiliado_id"

    afiliado_id: UUID = Field(description="Id del afiliado (agregado Afiliado).")


class AfiliadoRegistrado(_AfiliadoEvent):
    """A person became an affiliate of the EPS (cotizante, beneficiario or adicional).

    Guarantees: the document number is valid for its type; a cotizante has neither
    cotizante_id nor parentesco; a beneficiario or adicional has both.
    """

    name: ClassVar[str] = "AfiliadoRegistrado"

    tipo_documento: TipoDocumento = Field(description="Tipo de documento de identidad.")
    numero_documento: str = Field(
        min_length=3,
        max_length=16,
        pattern=r"^[A-Za-z0-9]+$",
        description="Número de documento; solo dígitos para CC, TI, RC y CN.",
    )
    primer_nombre: Nombre = Field(description="Primer nombre.")
    segundo_nombre: Nombre | None = Field(default=None, description="Segundo nombre.")
    primer_apellido: Nombre = Field(description="Primer apellido.")
    segundo_apellido: Nombre | None = Field(default=None, description="Segundo apellido.")
    fecha_nacimiento: date = Field(description="Fecha de nacimiento.")
    sexo: Sexo = Field(description="Sexo.")
    tipo_afiliado: TipoAfiliado = Field(description="Cotizante, beneficiario o adicional.")
    cotizante_id: UUID | None = Field(
        default=None, description="Cotizante del que depende (beneficiario o adicional)."
    )
    parentesco: Parentesco | None = Field(
        default=None, description="Parentesco con el cotizante (beneficiario o adicional)."
    )
    regimen: Regimen = Field(description="Régimen de la afiliación.")
    estado: EstadoAfiliacion = Field(description="Estado de la afiliación.")
    fecha_afiliacion: date = Field(description="Fecha de inicio de la afiliación.")
    email: Email | None = Field(default=None, description="Correo electrónico.")
    telefono_movil: TelefonoMovil | None = Field(
        default=None, description="Celular: 10 dígitos, empieza por 3."
    )
    direccion: Direccion | None = Field(default=None, description="Dirección de residencia.")
    municipio_divipola: MunicipioDivipola | None = Field(
        default=None, description="Municipio de residencia, código DIVIPOLA (5 dígitos)."
    )
    ips_primaria_codigo: str | None = Field(
        default=None, min_length=1, max_length=20, description="Código de la IPS primaria."
    )
    # -- added compatibly (optional) with the full affiliation domain ----------------------
    barrio: Barrio | None = Field(default=None, description="Barrio de residencia.")
    telefono_residencia: Telefono | None = Field(default=None, description="Teléfono fijo.")
    estado_civil: EstadoCivil | None = Field(default=None, description="Estado civil.")
    etnia: Etnia | None = Field(default=None, description="Pertenencia étnica.")
    escolaridad: Escolaridad | None = Field(default=None, description="Nivel de escolaridad.")
    tipo_cotizante: TipoCotizante | None = Field(
        default=None, description="Dependiente, independiente o pensionado (solo cotizantes)."
    )
    subtipo_cotizante: SubtipoCotizante | None = Field(
        default=None, description="Subtipo de cotizante, Resolución 2629 de 2014."
    )
    empleador_id: UUID | None = Field(
        default=None, description="Empleador (agregado Empleador) de un cotizante dependiente."
    )
    ibc: Pesos | None = Field(default=None, description="Ingreso base de cotización mensual.")
    rango_salarial: RangoSalarial | None = Field(
        default=None,
        description="Rango salarial del cotizante (A, B o C); los beneficiarios toman el de "
        "su cotizante.",
    )
    causal_inclusion: CausalInclusion | None = Field(
        default=None, description="Regla del Decreto 806 de 1998 por la que ingresó al grupo."
    )
    pariente: Pariente | None = Field(
        default=None, description="Parentesco de un adicional, con su grado de consanguinidad."
    )
    estudiante_tiempo_completo: bool | None = Field(
        default=None, description="Beneficiario estudiante de tiempo completo."
    )
    discapacidad_permanente: bool | None = Field(
        default=None, description="Beneficiario con discapacidad permanente."
    )
    nivel_sisben: NivelSisben | None = Field(
        default=None, description="Nivel del Sisbén (régimen subsidiado)."
    )
    # -- added compatibly (optional): the IPS as the catalog describes it, so subscribers (the
    # portal's dashboard, front ends) show it without a catalog of their own ---------------
    ips_primaria_nombre: Texto | None = Field(default=None, description="Nombre de la IPS.")
    ips_primaria_direccion: Direccion | None = Field(
        default=None, description="Dirección de la IPS primaria."
    )
    ips_primaria_telefono: Telefono | None = Field(
        default=None, description="Teléfono de la IPS primaria."
    )

    @model_validator(mode="after")
    def _documento_y_grupo_familiar_coherentes(self) -> Self:
        validar_numero_documento(self.tipo_documento, self.numero_documento)
        if self.tipo_afiliado is TipoAfiliado.COTIZANTE:
            if self.cotizante_id is not None or self.parentesco is not None:
                raise ValueError("un cotizante no tiene cotizante_id ni parentesco")
        elif self.cotizante_id is None or self.parentesco is None:
            raise ValueError("un beneficiario o adicional requiere cotizante_id y parentesco")
        elif self.cotizante_id == self.afiliado_id:
            raise ValueError("un afiliado no puede ser su propio cotizante")
        if self.tipo_afiliado is not TipoAfiliado.COTIZANTE and (
            self.tipo_cotizante or self.subtipo_cotizante or self.ibc is not None
        ):
            raise ValueError("solo un cotizante tiene tipo de cotizante e IBC")
        return self


class DatosContactoActualizados(_AfiliadoEvent):
    """The affiliate's contact data changed.

    Guarantees: the event carries the complete contact data after the change, so consumers
    replace what they hold instead of merging; a null field means the affiliate has no
    value for it on record.
    """

    name: ClassVar[str] = "DatosContactoActualizados"

    email: Email | None = Field(default=None, description="Correo electrónico.")
    telefono_movil: TelefonoMovil | None = Field(
        default=None, description="Celular: 10 dígitos, empieza por 3."
    )
    direccion: Direccion | None = Field(default=None, description="Dirección de residencia.")
    municipio_divipola: MunicipioDivipola | None = Field(
        default=None, description="Municipio de residencia, código DIVIPOLA (5 dígitos)."
    )
    # -- added compatibly (optional): the rest of the manual's "Datos personales" form -------
    email_alternativo: Email | None = Field(default=None, description="Correo alternativo.")
    telefono_residencia: Telefono | None = Field(default=None, description="Teléfono fijo.")
    telefono_alternativo: Telefono | None = Field(
        default=None, description="Teléfono celular alternativo."
    )
    barrio: Barrio | None = Field(default=None, description="Barrio de residencia.")
    localidad: Barrio | None = Field(default=None, description="Localidad o comuna.")
    direccion_correspondencia: Direccion | None = Field(
        default=None, description="Dirección de correspondencia."
    )
    municipio_correspondencia_divipola: MunicipioDivipola | None = Field(
        default=None, description="Municipio de correspondencia, código DIVIPOLA."
    )


class DatosSociodemograficosActualizados(_AfiliadoEvent):
    """Etnia and escolaridad changed (manual 4.1.1); carries both values after the change."""

    name: ClassVar[str] = "DatosSociodemograficosActualizados"

    etnia: Etnia | None = Field(default=None, description="Pertenencia étnica.")
    escolaridad: Escolaridad | None = Field(default=None, description="Nivel de escolaridad.")


class DocumentoIdentidadActualizado(_AfiliadoEvent):
    """Novedad 1: the affiliate's identity document changed (e.g. TI → CC at 18)."""

    name: ClassVar[str] = "DocumentoIdentidadActualizado"

    tipo_documento: TipoDocumento = Field(description="Nuevo tipo de documento.")
    numero_documento: str = Field(
        min_length=3, max_length=16, pattern=r"^[A-Za-z0-9]+$", description="Nuevo número."
    )

    @model_validator(mode="after")
    def _numero_valido_para_el_tipo(self) -> Self:
        validar_numero_documento(self.tipo_documento, self.numero_documento)
        return self


class NombresActualizados(_AfiliadoEvent):
    """Novedad 2: names or surnames corrected; carries the complete name after the change."""

    name: ClassVar[str] = "NombresActualizados"

    primer_nombre: Nombre = Field(description="Primer nombre.")
    segundo_nombre: Nombre | None = Field(default=None, description="Segundo nombre.")
    primer_apellido: Nombre = Field(description="Primer apellido.")
    segundo_apellido: Nombre | None = Field(default=None, description="Segundo apellido.")


class EstadoCivilActualizado(_AfiliadoEvent):
    """Novedad 3."""

    name: ClassVar[str] = "EstadoCivilActualizado"

    estado_civil: EstadoCivil = Field(description="Estado civil después de la novedad.")


class BeneficiarioIncluido(_AfiliadoEvent):
    """A person joined the family group of the cotizante ``afiliado_id`` (novedades 4, 5, 6,
    15, 20). The person's own stream starts (or continues) with its own events.

    Guarantee: the inclusion passed the rules of Decreto 806 de 1998 named by ``causal``.
    """

    name: ClassVar[str] = "BeneficiarioIncluido"

    beneficiario_id: UUID = Field(description="Afiliado que ingresa al grupo familiar.")
    tipo_afiliado: TipoAfiliado = Field(description="BENEFICIARIO o ADICIONAL.")
    parentesco: Parentesco = Field(description="Parentesco con el cotizante.")
    causal: CausalInclusion = Field(description="Regla por la que ingresa.")
    pariente: Pariente | None = Field(default=None, description="Parentesco de un adicional.")
    fecha: date = Field(description="Fecha de inclusión.")
    upc_adicional_mensual: Pesos | None = Field(
        default=None, description="UPC adicional mensual a cargo del cotizante (adicionales)."
    )
    zona_upc: ZonaUPC | None = Field(default=None, description="Zona de la UPC adicional.")

    @model_validator(mode="after")
    def _beneficiario_o_adicional(self) -> Self:
        if self.tipo_afiliado is TipoAfiliado.COTIZANTE:
            raise ValueError("un cotizante no se incluye en el grupo de otro")
        if self.beneficiario_id == self.afiliado_id:
            raise ValueError("un cotizante no se incluye en su propio grupo")
        return self


class BeneficiarioExcluido(_AfiliadoEvent):
    """A person left the family group of the cotizante ``afiliado_id``."""

    name: ClassVar[str] = "BeneficiarioExcluido"

    beneficiario_id: UUID = Field(description="Afiliado que sale del grupo familiar.")
    motivo: MotivoRetiro = Field(description="Motivo de la exclusión.")
    fecha: date = Field(description="Fecha de exclusión.")


class CondicionBeneficiarioActualizada(_AfiliadoEvent):
    """Novedades 21 (discapacidad permanente) and 22 (estudios) of a beneficiary."""

    name: ClassVar[str] = "CondicionBeneficiarioActualizada"

    estudiante_tiempo_completo: bool = Field(description="Estudiante de tiempo completo.")
    discapacidad_permanente: bool = Field(description="Discapacidad permanente.")
    causal: CausalInclusion | None = Field(
        default=None, description="Regla por la que sigue en el grupo tras la novedad."
    )


class AfiliacionSuspendida(_AfiliadoEvent):
    """The affiliation is suspended: no new services are authorized until it is reactivated."""

    name: ClassVar[str] = "AfiliacionSuspendida"

    motivo: MotivoSuspension = Field(description="Motivo de la suspensión.")
    detalle: Texto | None = Field(default=None, description="Explicación del operador.")
    fecha: date = Field(description="Fecha de la suspensión.")


class AfiliacionReactivada(_AfiliadoEvent):
    """A suspended or retired affiliation is active again."""

    name: ClassVar[str] = "AfiliacionReactivada"

    motivo: MotivoReactivacion = Field(description="Motivo de la reactivación.")
    detalle: Texto | None = Field(default=None, description="Explicación del operador.")
    fecha: date = Field(description="Fecha de la reactivación.")


class AfiliacionRetirada(_AfiliadoEvent):
    """The affiliation ended (estado RETIRADO)."""

    name: ClassVar[str] = "AfiliacionRetirada"

    motivo: MotivoRetiro = Field(description="Motivo del retiro.")
    detalle: Texto | None = Field(default=None, description="Explicación del operador.")
    fecha: date = Field(description="Fecha del retiro.")


class TipoAfiliadoCambiado(_AfiliadoEvent):
    """Novedades 15, 16 and 17: the affiliate became cotizante, or a beneficiary of another
    cotizante. Carries the affiliate's whole position in the system after the change."""

    name: ClassVar[str] = "TipoAfiliadoCambiado"

    tipo_afiliado: TipoAfiliado = Field(description="Tipo de afiliado después del cambio.")
    cotizante_id: UUID | None = Field(default=None, description="Nuevo cotizante, si aplica.")
    parentesco: Parentesco | None = Field(default=None, description="Parentesco, si aplica.")
    causal_inclusion: CausalInclusion | None = Field(default=None, description="Regla.")
    tipo_cotizante: TipoCotizante | None = Field(default=None, description="Si es cotizante.")
    subtipo_cotizante: SubtipoCotizante | None = Field(default=None, description="Subtipo.")
    empleador_id: UUID | None = Field(default=None, description="Empleador, si es dependiente.")
    ibc: Pesos | None = Field(default=None, description="IBC, si es cotizante.")
    rango_salarial: RangoSalarial | None = Field(default=None, description="Rango salarial.")

    @model_validator(mode="after")
    def _coherente(self) -> Self:
        if self.tipo_afiliado is TipoAfiliado.COTIZANTE:
            if self.cotizante_id is not None or self.parentesco is not None:
                raise ValueError("un cotizante no tiene cotizante_id ni parentesco")
            if self.tipo_cotizante is None or self.ibc is None:
                raise ValueError("un cotizante tiene tipo de cotizante e IBC")
        elif self.cotizante_id is None or self.parentesco is None:
            raise ValueError("un beneficiario o adicional requiere cotizante_id y parentesco")
        return self


class RegimenCambiado(_AfiliadoEvent):
    """Movilidad entre regímenes (Decreto 3047 de 2013) within the EPS."""

    name: ClassVar[str] = "RegimenCambiado"

    regimen_anterior: Regimen = Field(description="Régimen antes de la movilidad.")
    regimen: Regimen = Field(description="Régimen después de la movilidad.")
    nivel_sisben: NivelSisben = Field(description="Nivel del Sisbén que habilita la movilidad.")
    fecha: date = Field(description="Fecha de la movilidad.")


class CotizacionActualizada(_AfiliadoEvent):
    """The cotizante's type, IBC and what follows from them (rango salarial, contribution)."""

    name: ClassVar[str] = "CotizacionActualizada"

    tipo_cotizante: TipoCotizante = Field(description="Tipo de cotizante.")
    subtipo_cotizante: SubtipoCotizante = Field(description="Subtipo de cotizante.")
    ibc: Pesos = Field(description="Ingreso base de cotización mensual.")
    rango_salarial: RangoSalarial = Field(description="Rango salarial por el IBC.")
    anio_smlmv: int = Field(ge=2000, le=2100, description="Año del SMLMV usado para el rango.")
    cotizacion_total: Pesos = Field(description="Cotización mensual total.")
    a_cargo_afiliado: Pesos = Field(description="Parte a cargo del afiliado.")
    a_cargo_empleador: Pesos = Field(description="Parte a cargo del empleador.")


class EmpleadorVinculado(_AfiliadoEvent):
    """The cotizante works for the employer ``empleador_id`` (novedad 18 when additional)."""

    name: ClassVar[str] = "EmpleadorVinculado"

    empleador_id: UUID = Field(description="Empleador (agregado Empleador).")
    fecha_ingreso: date = Field(description="Fecha de ingreso a la empresa.")
    adicional: bool = Field(description="Verdadero si es un empleador adicional (novedad 18).")


class EmpleadorDesvinculado(_AfiliadoEvent):
    """The cotizante no longer works for ``empleador_id``."""

    name: ClassVar[str] = "EmpleadorDesvinculado"

    empleador_id: UUID = Field(description="Empleador (agregado Empleador).")
    fecha_retiro: date = Field(description="Fecha de retiro de la empresa.")


class NovedadRegistrada(_AfiliadoEvent):
    """A novedad of the FUAN (codes 1–22 of seed 004) was reported on this affiliate.

    The novedad's effects are the events recorded with it in the same transaction."""

    name: ClassVar[str] = "NovedadRegistrada"

    radicado: str = Field(pattern=r"^NOV-[0-9]{8}-[0-9A-F]{8}$", description="Radicado.")
    codigo: int = Field(ge=1, le=22, description="Código de la novedad (FUAN, parte II).")
    nombre_novedad: Texto = Field(description="Nombre de la novedad.")
    fecha_novedad: date = Field(description="Fecha en que ocurre la novedad.")
    soportes_requeridos: list[CodigoSoporte] = Field(
        description="Documentos soporte que la novedad requiere."
    )
    reportada_por_afiliado: bool = Field(
        description="Verdadero si la reportó el afiliado; falso si un operador."
    )


class DocumentoSoporteCargado(_AfiliadoEvent):
    """A support document about this affiliate was uploaded (the file itself stays in the
    service's private storage; the event never carries it)."""

    name: ClassVar[str] = "DocumentoSoporteCargado"

    soporte_id: UUID = Field(description="Id del documento soporte.")
    tipo_soporte: CodigoSoporte = Field(description="Tipo de documento soporte.")
    formato: FormatoSoporte = Field(description="Formato detectado por contenido.")
    tamano_bytes: int = Field(ge=1, le=2 * 1024 * 1024, description="Tamaño en bytes.")
    sha256: str = Field(pattern=r"^[0-9a-f]{64}$", description="Huella SHA-256 del archivo.")
    cargado_por: UUID | None = Field(
        default=None, description="Afiliado que lo cargó (el titular o su cotizante)."
    )


class DocumentoSoporteAprobado(_AfiliadoEvent):
    """Back office accepted the support document."""

    name: ClassVar[str] = "DocumentoSoporteAprobado"

    soporte_id: UUID = Field(description="Id del documento soporte.")
    tipo_soporte: CodigoSoporte = Field(description="Tipo de documento soporte.")


class DocumentoSoporteRechazado(_AfiliadoEvent):
    """Back office rejected the support document; the affiliate must upload it again."""

    name: ClassVar[str] = "DocumentoSoporteRechazado"

    soporte_id: UUID = Field(description="Id del documento soporte.")
    tipo_soporte: CodigoSoporte = Field(description="Tipo de documento soporte.")
    motivo: Texto = Field(description="Motivo del rechazo, para el afiliado.")


class CambioIPSSolicitado(_AfiliadoEvent):
    """Manual 4.1.3: a change of IPS primaria was requested for this affiliate."""

    name: ClassVar[str] = "CambioIPSSolicitado"

    solicitud_id: UUID = Field(description="Id de la solicitud.")
    ips_actual_codigo: str | None = Field(default=None, description="IPS primaria actual.")
    ips_deseada_codigo: CodigoIPS = Field(description="IPS deseada, del catálogo.")
    motivo: MotivoCambioIPS = Field(description="Motivo del cambio.")
    observacion: Texto | None = Field(default=None, description="Observación del afiliado.")
    solicitado_por: UUID | None = Field(
        default=None, description="Afiliado que hizo la solicitud (el titular o su cotizante)."
    )


class CambioIPSRechazado(_AfiliadoEvent):
    """Back office refused a requested change of IPS."""

    name: ClassVar[str] = "CambioIPSRechazado"

    solicitud_id: UUID = Field(description="Id de la solicitud.")
    motivo: Texto = Field(description="Motivo del rechazo, para el afiliado.")


class IPSPrimariaCambiada(_AfiliadoEvent):
    """The affiliate's IPS primaria changed (an approved request, or back office directly)."""

    name: ClassVar[str] = "IPSPrimariaCambiada"

    ips_anterior_codigo: str | None = Field(default=None, description="IPS anterior.")
    ips_primaria_codigo: CodigoIPS = Field(description="Nueva IPS primaria.")
    solicitud_id: UUID | None = Field(default=None, description="Solicitud aprobada, si hubo.")
    # -- added compatibly (optional): the IPS as the catalog describes it, so subscribers (the
    # portal's dashboard, front ends) show it without a catalog of their own ---------------
    ips_primaria_nombre: Texto | None = Field(default=None, description="Nombre de la IPS.")
    ips_primaria_direccion: Direccion | None = Field(
        default=None, description="Dirección de la IPS primaria."
    )
    ips_primaria_telefono: Telefono | None = Field(
        default=None, description="Teléfono de la IPS primaria."
    )


class PlanComplementarioContratado(_AfiliadoEvent):
    """The affiliate joined a Plan de Atención Complementaria (PAC)."""

    name: ClassVar[str] = "PlanComplementarioContratado"

    plan_codigo: str = Field(pattern=r"^[A-Z0-9-]{2,20}$", description="Código del plan PAC.")
    plan_nombre: Texto = Field(description="Nombre del plan PAC.")
    fecha_inicio: date = Field(description="Inicio de la cobertura PAC.")


class PlanComplementarioCancelado(_AfiliadoEvent):
    """The affiliate left its PAC plan."""

    name: ClassVar[str] = "PlanComplementarioCancelado"

    plan_codigo: str = Field(pattern=r"^[A-Z0-9-]{2,20}$", description="Código del plan PAC.")
    fecha_fin: date = Field(description="Fin de la cobertura PAC.")


# -- employers: their own aggregate and topic ---------------------------------------------


class _EmpleadorEvent(DomainEvent):
    service: ClassVar[str] = "affiliation"
    aggregate_type: ClassVar[str] = "Empleador"
    aggregate_id_field: ClassVar[str] = "empleador_id"

    empleador_id: UUID = Field(description="Id del empleador (agregado Empleador).")


class EmpleadorRegistrado(_EmpleadorEvent):
    """An employer (aportante) was registered with the EPS."""

    name: ClassVar[str] = "EmpleadorRegistrado"

    tipo_documento: str = Field(pattern=r"^(NIT|CC|CE|PA)$", description="Tipo de documento.")
    numero_documento: str = Field(pattern=r"^[0-9]{5,15}$", description="Número, sin DV.")
    digito_verificacion: int | None = Field(default=None, ge=0, le=9, description="DV del NIT.")
    razon_social: Texto = Field(description="Nombre o razón social.")
    email: Email | None = Field(default=None, description="Correo de contacto.")
    telefono: Telefono | None = Field(default=None, description="Teléfono de contacto.")
    direccion: Direccion | None = Field(default=None, description="Dirección.")
    municipio_divipola: MunicipioDivipola | None = Field(default=None, description="Municipio.")
    actividad_economica: str | None = Field(
        default=None, pattern=r"^[0-9]{4}$", description="Código CIIU de la actividad."
    )


class DatosEmpleadorActualizados(_EmpleadorEvent):
    """The employer's name or contact data changed; carries them complete after the change."""

    name: ClassVar[str] = "DatosEmpleadorActualizados"

    razon_social: Texto = Field(description="Nombre o razón social.")
    email: Email | None = Field(default=None, description="Correo de contacto.")
    telefono: Telefono | None = Field(default=None, description="Teléfono de contacto.")
    direccion: Direccion | None = Field(default=None, description="Dirección.")
    municipio_divipola: MunicipioDivipola | None = Field(default=None, description="Municipio.")


AFILIADO_EVENTS: tuple[type[DomainEvent], ...] = (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    DatosSociodemograficosActualizados,
    DocumentoIdentidadActualizado,
    NombresActualizados,
    EstadoCivilActualizado,
    BeneficiarioIncluido,
    BeneficiarioExcluido,
    CondicionBeneficiarioActualizada,
    AfiliacionSuspendida,
    AfiliacionReactivada,
    AfiliacionRetirada,
    TipoAfiliadoCambiado,
    RegimenCambiado,
    CotizacionActualizada,
    EmpleadorVinculado,
    EmpleadorDesvinculado,
    NovedadRegistrada,
    DocumentoSoporteCargado,
    DocumentoSoporteAprobado,
    DocumentoSoporteRechazado,
    CambioIPSSolicitado,
    CambioIPSRechazado,
    IPSPrimariaCambiada,
    PlanComplementarioContratado,
    PlanComplementarioCancelado,
)
EMPLEADOR_EVENTS: tuple[type[DomainEvent], ...] = (EmpleadorRegistrado, DatosEmpleadorActualizados)


class DatosPersonalesConsultados(ConsultaDatosPersonales):
    """Someone other than the affiliate or his representative (an operator, an auditor, a
    cotizante downloading an adult beneficiary's certificate) read the affiliate's personal
    data through affiliation's API (Ley 1581 de 2012). Ids and codes only."""

    service: ClassVar[str] = "affiliation"


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (
    AFILIADO_EVENTS + EMPLEADOR_EVENTS + (DatosPersonalesConsultados,)
)

TOPICS: tuple[Topic, ...] = (
    Topic(
        name="eps.affiliation.afiliados",
        owner="affiliation",
        key="afiliado_id",
        event_classes=AFILIADO_EVENTS,
        description="Ciclo de vida del afiliado: registro, grupo familiar, novedades, "
        "estado, datos personales, documentos soporte y cambios de IPS.",
    ),
    Topic(
        name="eps.affiliation.empleadores",
        owner="affiliation",
        key="empleador_id",
        event_classes=EMPLEADOR_EVENTS,
        description="Empleadores (aportantes): registro y cambios de sus datos.",
    ),
    topico_de_consultas("affiliation", DatosPersonalesConsultados),
)

EJEMPLOS: dict[type[DomainEvent], dict[str, Any]] = {
    DatosPersonalesConsultados: {
        "consulta_id": UUID("3c2b1a09-8f7e-4d6c-9b5a-4f3e2d1c0b0a"),
        "afiliado_id": UUID("0f8fad5b-d9cb-469f-a165-70867728950e"),
        "lector_usuario_id": "operador-1",
        "lector_rol": "operador",
        "recurso": "datos-afiliado",
        "operacion": "GET /afiliados/{afiliado_id}",
        "consultado_en": datetime(2026, 12, 3, 15, 4, 5, tzinfo=UTC),
    },
}
