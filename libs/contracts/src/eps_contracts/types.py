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


class Plan(StrEnum):
    """PBS is the basic plan every affiliate has; PAC plans are optional, paid apart."""

    PBS = "PBS"
    PAC = "PAC"


class TipoCotizante(StrEnum):
    """Resolución 2629 de 2014 (seed 004): the three families of cotizante."""

    DEPENDIENTE = "DEPENDIENTE"
    INDEPENDIENTE = "INDEPENDIENTE"
    PENSIONADO = "PENSIONADO"


class SubtipoCotizante(StrEnum):
    """Resolución 2629 de 2014 (seed 004); each belongs to one ``TipoCotizante``."""

    # dependiente
    EMPLEADO = "EMPLEADO"
    SERVIDOR_PUBLICO = "SERVIDOR_PUBLICO"
    SERVICIO_DOMESTICO = "SERVICIO_DOMESTICO"
    APRENDIZ_SENA_LECTIVA = "APRENDIZ_SENA_LECTIVA"
    APRENDIZ_SENA_PRODUCTIVA = "APRENDIZ_SENA_PRODUCTIVA"
    APRENDIZ_UNIVERSITARIO = "APRENDIZ_UNIVERSITARIO"
    PRACTICANTE = "PRACTICANTE"
    EMPLEO_EMERGENCIA_MAS_DE_UN_MES = "EMPLEO_EMERGENCIA_MAS_DE_UN_MES"
    EMPLEO_EMERGENCIA_HASTA_UN_MES = "EMPLEO_EMERGENCIA_HASTA_UN_MES"
    APORTANTE_SGP = "APORTANTE_SGP"
    # independiente
    PERSONA_NATURAL = "PERSONA_NATURAL"
    CONTRATISTA = "CONTRATISTA"
    PAGO_SOLO_SALUD = "PAGO_SOLO_SALUD"
    PAGO_POR_TERCEROS = "PAGO_POR_TERCEROS"
    MADRE_COMUNITARIA = "MADRE_COMUNITARIA"
    # pensionado
    JUBILADO = "JUBILADO"
    SUSTITUCION_PENSIONAL = "SUSTITUCION_PENSIONAL"
    PENSION_COMPARTIDA = "PENSION_COMPARTIDA"


class RangoSalarial(StrEnum):
    """From the cotizante's IBC in SMLMV of the year: A < 2, B 2–5, C > 5."""

    A = "A"
    B = "B"
    C = "C"


class ZonaUPC(StrEnum):
    """UPC zones of the municipio of residence (Resolución 5522 de 2013, seed 004)."""

    NORMAL = "NORMAL"
    ESPECIAL = "ESPECIAL"
    CONURBADA = "CONURBADA"


class CausalInclusion(StrEnum):
    """The rule of Decreto 806 de 1998 (seed 004) under which a person joined a family group."""

    CONYUGE = "CONYUGE"
    COMPANERO_PERMANENTE = "COMPANERO_PERMANENTE"
    HIJO_MENOR_DE_18 = "HIJO_MENOR_DE_18"
    HIJO_ESTUDIANTE_18_A_25 = "HIJO_ESTUDIANTE_18_A_25"
    HIJO_CON_DISCAPACIDAD = "HIJO_CON_DISCAPACIDAD"
    PADRES_SIN_CONYUGE_NI_HIJOS = "PADRES_SIN_CONYUGE_NI_HIJOS"
    ADICIONAL_MENOR_DE_12 = "ADICIONAL_MENOR_DE_12"
    ADICIONAL_PARIENTE_HASTA_TERCER_GRADO = "ADICIONAL_PARIENTE_HASTA_TERCER_GRADO"


class Pariente(StrEnum):
    """Relationship of an adicional to the cotizante, with its degree of consanguinity."""

    PADRE = "PADRE"
    MADRE = "MADRE"
    HIJO = "HIJO"
    ABUELO = "ABUELO"
    HERMANO = "HERMANO"
    NIETO = "NIETO"
    BISABUELO = "BISABUELO"
    TIO = "TIO"
    SOBRINO = "SOBRINO"
    BISNIETO = "BISNIETO"
    NINGUNO = "NINGUNO"


class EstadoCivil(StrEnum):
    SOLTERO = "SOLTERO"
    CASADO = "CASADO"
    UNION_LIBRE = "UNION_LIBRE"
    SEPARADO = "SEPARADO"
    DIVORCIADO = "DIVORCIADO"
    VIUDO = "VIUDO"


class Etnia(StrEnum):
    """Self-recognised ethnic group, as DANE asks it; NINGUNO = "Ninguno de los anteriores"."""

    INDIGENA = "INDIGENA"
    ROM = "ROM"
    RAIZAL = "RAIZAL"
    PALENQUERO = "PALENQUERO"
    NEGRO_AFROCOLOMBIANO = "NEGRO_AFROCOLOMBIANO"
    NINGUNO = "NINGUNO"


class Escolaridad(StrEnum):
    NINGUNA = "NINGUNA"
    PREESCOLAR = "PREESCOLAR"
    PRIMARIA = "PRIMARIA"
    SECUNDARIA = "SECUNDARIA"
    MEDIA = "MEDIA"
    TECNICA = "TECNICA"
    TECNOLOGICA = "TECNOLOGICA"
    UNIVERSITARIA = "UNIVERSITARIA"
    ESPECIALIZACION = "ESPECIALIZACION"
    MAESTRIA = "MAESTRIA"
    DOCTORADO = "DOCTORADO"


class MotivoSuspension(StrEnum):
    MORA = "MORA"  # billing's MoraDetectada (DESIGN §3, arrears)
    SALIDA_DEL_PAIS = "SALIDA_DEL_PAIS"  # novedad 7
    DECISION_ADMINISTRATIVA = "DECISION_ADMINISTRATIVA"


class MotivoReactivacion(StrEnum):
    PAGO_DE_MORA = "PAGO_DE_MORA"
    INGRESO_AL_PAIS = "INGRESO_AL_PAIS"  # novedad 8
    REINGRESO = "REINGRESO"  # novedad 19
    DECISION_ADMINISTRATIVA = "DECISION_ADMINISTRATIVA"


class MotivoRetiro(StrEnum):
    PERDIDA_CAPACIDAD_DE_PAGO = "PERDIDA_CAPACIDAD_DE_PAGO"  # novedad 9
    TRASLADO_REGIMEN_EXCEPCION = "TRASLADO_REGIMEN_EXCEPCION"  # novedades 10 and 13
    FALLECIMIENTO = "FALLECIMIENTO"  # novedades 11 and 14
    SEPARACION_O_DIVORCIO = "SEPARACION_O_DIVORCIO"  # novedad 12
    RETIRO_DEL_COTIZANTE = "RETIRO_DEL_COTIZANTE"  # a beneficiary follows its cotizante
    TRASLADO_A_OTRO_COTIZANTE = "TRASLADO_A_OTRO_COTIZANTE"  # novedades 15, 16 and 20
    CAMBIO_A_COTIZANTE = "CAMBIO_A_COTIZANTE"  # novedad 17
    PERDIDA_DE_CONDICION = "PERDIDA_DE_CONDICION"  # e.g. a child who is no longer eligible
    TRASLADO_A_OTRA_EPS = "TRASLADO_A_OTRA_EPS"
    DECISION_ADMINISTRATIVA = "DECISION_ADMINISTRATIVA"


class MotivoCambioIPS(StrEnum):
    """The reasons the "Cambio de IPS" form offers (manual 4.1.3)."""

    CAMBIO_DE_RESIDENCIA = "CAMBIO_DE_RESIDENCIA"
    CERCANIA_AL_TRABAJO = "CERCANIA_AL_TRABAJO"
    INSATISFACCION_CON_EL_SERVICIO = "INSATISFACCION_CON_EL_SERVICIO"
    DIFICULTAD_DE_ACCESO = "DIFICULTAD_DE_ACCESO"
    OTRO = "OTRO"


class FormatoSoporte(StrEnum):
    PDF = "PDF"
    JPG = "JPG"
    PNG = "PNG"


class NivelSisben(StrEnum):
    """Decreto 3047 de 2013: movilidad is for affiliates in Sisbén levels I and II."""

    I = "I"  # noqa: E741 - the level's official name
    II = "II"


CodigoIPS = Annotated[str, Field(pattern=r"^[0-9]{12}$")]
"""An IPS of the catalog: 12 digits, the municipio's DIVIPOLA code first."""

Texto = Annotated[str, Field(min_length=1, max_length=500)]
"""A free text a person wrote (a reason, a detail); never personal identifiers."""

CodigoSoporte = Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9_]{1,60}$")]
"""The kind of support document, e.g. ``REGISTRO_CIVIL_NACIMIENTO`` (open list: new kinds are
added without a new event version)."""


Pesos = Annotated[int, Field(ge=0, le=10_000_000_000)]
"""An amount in whole Colombian pesos (never float)."""

Periodo = Annotated[str, Field(pattern=r"^[0-9]{4}-(0[1-9]|1[0-2])$")]
"""A month of contributions, ``AAAA-MM``."""


class ConceptoCuota(StrEnum):
    """What an affiliate pays for an authorized service (Acuerdo 260 de 2004)."""

    CUOTA_MODERADORA = "CUOTA_MODERADORA"
    COPAGO = "COPAGO"
    NINGUNO = "NINGUNO"  # exempt, or a PAC plan without a fixed cuota


class MedioPago(StrEnum):
    PSE = "PSE"
    TARJETA_CREDITO = "TARJETA_CREDITO"
