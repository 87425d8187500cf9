"""Rules the domain enforces, as specific exception types with a message a person can act on.

Each type carries a stable ``codigo`` (mapped once to an HTTP problem by the API) and, when
one field is at fault, the ``campo`` to highlight in a form.
"""

from typing import ClassVar


class ErrorDeDominio(Exception):
    """A business rule refuses the request. The message is Spanish and contains no secrets."""

    codigo: ClassVar[str] = "regla-de-negocio"
    campo: ClassVar[str | None] = None
    estado_http: ClassVar[int] = 422

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


class ArchivoNoValido(ErrorDeDominio):
    """An uploaded support document is refused; every refusal highlights the file field."""

    codigo = "archivo-no-valido"
    campo = "archivo"


class ArchivoVacio(ArchivoNoValido):
    codigo = "archivo-vacio"
    campo = "archivo"


class ArchivoDemasiadoGrande(ArchivoNoValido):
    """Above ``TAMANO_MAXIMO_BYTES`` (2 MB), the limit the user manual publishes."""

    codigo = "archivo-demasiado-grande"
    campo = "archivo"


class FormatoNoPermitido(ArchivoNoValido):
    """The content is not a PDF, JPG or PNG, whatever the file name says."""

    codigo = "formato-no-permitido"
    campo = "archivo"


class ArchivoDanado(ArchivoNoValido):
    """The content starts like a PDF, JPG or PNG but does not parse (damaged or truncated)."""

    codigo = "archivo-danado"
    campo = "archivo"


class PdfProtegido(ArchivoNoValido):
    """A PDF that asks for a password to be opened: the reviewers could not read it."""

    codigo = "pdf-protegido"
    campo = "archivo"


class ImagenDemasiadoGrande(ArchivoNoValido):
    """An image with more pixels than a 600 dpi scan of an "oficio" page (decompression bombs)."""

    codigo = "imagen-demasiado-grande"
    campo = "archivo"


class ConflictoDeEstado(ErrorDeDominio):
    """The request is valid but the affiliation's current state does not allow it (409)."""

    codigo = "estado-no-permite"
    estado_http = 409


class AfiliacionNoActiva(ConflictoDeEstado):
    codigo = "afiliacion-no-activa"


class AfiliacionRetiradaNoAdmiteCambios(ConflictoDeEstado):
    codigo = "afiliacion-retirada"


class SolicitudIPSEnCurso(ConflictoDeEstado):
    codigo = "solicitud-ips-en-curso"


class DecisionYaTomada(ConflictoDeEstado):
    """A request or document that was already decided cannot be decided again."""

    codigo = "decision-ya-tomada"


class NoEsCotizante(ErrorDeDominio):
    codigo = "no-es-cotizante"
    campo = "tipo_afiliado"


class NoEsBeneficiario(ErrorDeDominio):
    codigo = "no-es-beneficiario"
    campo = "tipo_afiliado"


class CotizacionInvalida(ErrorDeDominio):
    codigo = "cotizacion-invalida"
    campo = "ibc"


class IPSNoDisponible(ErrorDeDominio):
    """The IPS is not in the catalog, or does not serve the affiliate's municipio."""

    codigo = "ips-no-disponible"
    campo = "ips_deseada_codigo"


class MovilidadNoPermitida(ErrorDeDominio):
    codigo = "movilidad-no-permitida"
    campo = "regimen"


class SoporteNoEncontradoEnAfiliado(ErrorDeDominio):
    codigo = "soporte-no-encontrado"
    campo = "soporte_id"
    estado_http = 404


class SolicitudIPSNoEncontrada(ErrorDeDominio):
    codigo = "solicitud-no-encontrada"
    campo = "solicitud_id"
    estado_http = 404
