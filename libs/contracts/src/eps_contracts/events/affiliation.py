"""Events published by the affiliation service on ``eps.affiliation.afiliados``.

The payloads carry what consumers need to build their own views (identity validates
documents and asks security questions; the portal shows the family group), not whole
records.
"""

from datetime import date
from typing import ClassVar, Self
from uuid import UUID

from pydantic import Field, model_validator

from eps_contracts.events.base import DomainEvent
from eps_contracts.types import (
    Direccion,
    Email,
    EstadoAfiliacion,
    MunicipioDivipola,
    Nombre,
    Parentesco,
    Regimen,
    Sexo,
    TelefonoMovil,
    TipoAfiliado,
    TipoDocumento,
    validar_numero_documento,
)


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


EVENT_CLASSES: tuple[type[DomainEvent], ...] = (AfiliadoRegistrado, DatosContactoActualizados)
