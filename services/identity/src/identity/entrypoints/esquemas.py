"""Request and response bodies of identity's HTTP API, with Spanish validation messages."""

from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, field_validator

from eps_contracts.types import TipoDocumento, validar_numero_documento
from identity.domain.registro import AfiliadoValidable


class SolicitudValidacion(BaseModel):
    """``POST /registro/validacion``: the document the person typed."""

    tipo_documento: TipoDocumento = Field(description="Tipo de identificación, p. ej. CC.")
    numero_documento: str = Field(description="Número de documento, sin puntos ni espacios.")

    @field_validator("numero_documento", mode="before")
    @classmethod
    def _sin_espacios_alrededor(cls, valor: Any) -> Any:
        return valor.strip() if isinstance(valor, str) else valor

    @field_validator("numero_documento")
    @classmethod
    def _numero_valido_para_el_tipo(cls, numero: str, info: ValidationInfo) -> str:
        # With an invalid type (reported on its own field) only the rules common to every
        # type apply: PA is the least restrictive type.
        tipo = info.data.get("tipo_documento", TipoDocumento.PA)
        return validar_numero_documento(tipo, numero)


class AfiliadoValidado(BaseModel):
    """The names the registration form shows so the person can confirm it is them."""

    tipo_documento: TipoDocumento
    numero_documento: str
    nombres: str
    apellidos: str
    primer_nombre: str
    segundo_nombre: str | None
    primer_apellido: str
    segundo_apellido: str | None
    sesion_registro: str = Field(
        description="Sesión de registro (15 minutos) que exige el paso siguiente "
        "(``POST /registro/preguntas``) para este mismo documento."
    )

    @classmethod
    def de(cls, a: AfiliadoValidable, sesion_registro: str) -> "AfiliadoValidado":
        return cls(
            sesion_registro=sesion_registro,
            tipo_documento=a.documento.tipo,
            numero_documento=a.documento.numero,
            nombres=a.nombres,
            apellidos=a.apellidos,
            primer_nombre=a.primer_nombre,
            segundo_nombre=a.segundo_nombre,
            primer_apellido=a.primer_apellido,
            segundo_apellido=a.segundo_apellido,
        )
