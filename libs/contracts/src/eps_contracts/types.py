"""Value types shared by the events of several services.

Every enum here is part of the published contracts: its values appear in event payloads
and JSON Schemas. Adding, removing or renaming a value is a breaking change for the events
that use it (see ``eps_contracts.compatibility``), so it means a new ``.vN`` event type.
"""

from enum import StrEnum
from typing import Annotated

from pydantic import Field


class TipoDocumento(StrEnum):
    """Identity document types accepted by the Colombian health system."""

    CC = "CC"  # cédula de ciudadanía
    TI = "TI"  # tarjeta de identidad
    RC = "RC"  # registro civil
    CN = "CN"  # certificado de nacido vivo
    CE = "CE"  # cédula de extranjería
    PA = "PA"  # pasaporte
    CD = "CD"  # carné diplomático
    SC = "SC"  # salvoconducto
    PE = "PE"  # permiso especial de permanencia
    PT = "PT"  # permiso por protección temporal
    AS = "AS"  # adulto sin identificación
    MS = "MS"  # menor sin identificación


TIPOS_DOCUMENTO_NUMERICOS: frozenset[TipoDocumento] = frozenset(
    {TipoDocumento.CC, TipoDocumento.TI, TipoDocumento.RC, TipoDocumento.CN}
)
"""Document types whose number has only digits."""


class Sexo(StrEnum):
    F = "F"
    M = "M"


class TipoAfiliado(StrEnum):
    COTIZANTE = "COTIZANTE"
    BENEFICIARIO = "BENEFICIARIO"
    ADICIONAL = "ADICIONAL"


class Parentesco(StrEnum):
    """Relationship of a beneficiary or adicional to the cotizante."""

    CONYUGE = "CONYUGE"
    COMPANERO_PERMANENTE = "COMPANERO_PERMANENTE"
    HIJO = "HIJO"
    HIJASTRO = "HIJASTRO"
    PADRE = "PADRE"
    MADRE = "MADRE"
    OTRO = "OTRO"


class Regimen(StrEnum):
    CONTRIBUTIVO = "CONTRIBUTIVO"
    SUBSIDIADO = "SUBSIDIADO"


class EstadoAfiliacion(StrEnum):
    ACTIVO = "ACTIVO"
    SUSPENDIDO = "SUSPENDIDO"
    RETIRADO = "RETIRADO"
    PROTECCION_LABORAL = "PROTECCION_LABORAL"


Nombre = Annotated[str, Field(min_length=1, max_length=100)]
"""One given name or surname."""

Email = Annotated[str, Field(max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")]
TelefonoMovil = Annotated[str, Field(pattern=r"^3[0-9]{9}$")]
"""A Colombian mobile number: 10 digits starting with 3, no prefix or separators."""

Direccion = Annotated[str, Field(min_length=1, max_length=200)]
MunicipioDivipola = Annotated[str, Field(pattern=r"^[0-9]{5}$")]
"""DANE DIVIPOLA municipality code: 5 digits (department + municipality)."""


def validar_numero_documento(tipo: TipoDocumento, numero: str) -> str:
    """Return ``numero`` when it is a valid number for ``tipo``; raise ``ValueError`` if not.

    Guarantees: 3 to 16 characters; only digits for CC, TI, RC and CN; only ASCII letters and
    digits for the other types. No normalisation is done: what is returned is what was given.
    """
    if not 3 <= len(numero) <= 16:
        raise ValueError("el número de documento debe tener entre 3 y 16 caracteres")
    if not (numero.isascii() and numero.isalnum()):
        raise ValueError("el número de documento solo admite letras y dígitos")
    if tipo in TIPOS_DOCUMENTO_NUMERICOS and not numero.isdigit():
        raise ValueError(f"el número de documento para {tipo.value} solo admite dígitos")
    return numero
