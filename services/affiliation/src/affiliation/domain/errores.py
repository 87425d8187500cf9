"""Rules the domain enforces, as specific exception types with a message a person can act on.

Each type carries a stable ``codigo`` and, when one field is at fault, the ``campo`` to
highlight in a form; its category (``eps_runtime.errores``) says what kind of refusal it is.
The HTTP status is the API's business (``entrypoints/errores.py``), not the domain's.
"""

from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, ErrorDeDominio, NoEncontrado

__all__ = ["ConflictoDeEstado", "DatosInvalidos", "ErrorDeDominio", "NoEncontrado"]


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


class SoporteNoEncontradoEnAfiliado(NoEncontrado):
    codigo = "soporte-no-encontrado"
    campo = "soporte_id"


class SolicitudIPSNoEncontrada(NoEncontrado):
    codigo = "solicitud-no-encontrada"
    campo = "solicitud_id"


class SoporteNoPendiente(DatosInvalidos):
    """The person does not owe a document of that type now (not required, or already in
    review or approved); ``pendientes`` lists what is owed."""

    codigo = "soporte-no-pendiente"
    campo = "tipo_soporte"

    def __init__(self, pendientes: list[str]) -> None:
        if pendientes:
            mensaje = (
                "Ese documento no está pendiente para esta persona. Documentos pendientes: "
                + ", ".join(pendientes)
                + "."
            )
        else:
            mensaje = "Esta persona no tiene documentos soporte pendientes."
        super().__init__(mensaje, pendientes=pendientes)
