"""Rules the domain enforces, as specific exception types with a message a person can act on.

Each type carries a stable ``codigo`` (mapped once to an HTTP problem by the API) and, when
one field is at fault, the ``campo`` to highlight in a form.
"""

from typing import ClassVar


class ErrorDeDominio(Exception):
    """A business rule refuses the request. The message is Spanish and contains no secrets."""

    codigo: ClassVar[str] = "regla-de-negocio"
    campo: ClassVar[str | None] = None

    def __init__(self, mensaje: str) -> None:
        super().__init__(mensaje)
        self.mensaje = mensaje


class FechaNacimientoInvalida(ErrorDeDominio):
    codigo = "fecha-nacimiento-invalida"
    campo = "fecha_nacimiento"


class FechaAfiliacionInvalida(ErrorDeDominio):
    codigo = "fecha-afiliacion-invalida"
    campo = "fecha_afiliacion"


class NumeroDocumentoInvalido(ErrorDeDominio):
    codigo = "numero-documento-invalido"
    campo = "numero_documento"


class DocumentoNoCorrespondeAEdad(ErrorDeDominio):
    """Decreto 780 de 2016, art. 2.1.3.5: each document type is for an age range."""

    codigo = "documento-no-corresponde-a-edad"
    campo = "tipo_documento"


class GrupoFamiliarIncoherente(ErrorDeDominio):
    """A beneficiary without a cotizante, or a cotizante that depends on someone."""

    codigo = "grupo-familiar-incoherente"
    campo = "tipo_afiliado"


class CotizanteNoValido(ErrorDeDominio):
    """The cotizante a beneficiary depends on is not an affiliate, or not a cotizante."""

    codigo = "cotizante-no-valido"
    campo = "cotizante_id"


class DatosInvalidos(ErrorDeDominio):
    """A value does not have the published format (e-mail, mobile, DIVIPOLA code...)."""

    codigo = "datos-invalidos"
