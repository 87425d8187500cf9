"""The novedad codes 1–22 of the FUAN, part II (seed 004), and the documents each one needs.

Guarantees:
- ``NOVEDADES`` has exactly one read-only ``DefinicionNovedad`` per ``CodigoNovedad``, with the
  seed's name and heading (the seed's typos corrected), and at least one support document;
- ``definicion`` accepts exactly the codes 1 to 22 and refuses any other with
  ``NovedadDesconocida``;
- ``soportes_de_novedad`` never repeats a document and keeps the novedad's own documents first.

The seed lists documents for inclusions only (pages 19–30). Every other list is our choice of
what an EPS asks, marked as such where it is defined.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import IntEnum, StrEnum
from types import MappingProxyType

from affiliation.domain.errores import ErrorDeDominio
from affiliation.domain.soportes import (
    SOPORTES_POR_CAUSAL,
    SOPORTES_POR_SUBTIPO_COTIZANTE,
    TipoSoporte,
)
from eps_contracts.types import CausalInclusion, SubtipoCotizante, TipoAfiliado


class CodigoNovedad(IntEnum):
    """The number of each novedad on the FUAN, part II."""

    DOCUMENTO_IDENTIDAD = 1
    NOMBRES_Y_APELLIDOS = 2
    ESTADO_CIVIL = 3
    BENEFICIARIOS_DIRECTOS = 4
    UPC_ADICIONAL = 5
    BENEFICIARIOS_RECIEN_NACIDOS = 6
    INTERRUPCION_SALIDA_DEL_PAIS = 7
    ACTIVACION_INGRESO_AL_PAIS = 8
    PERDIDA_CAPACIDAD_DE_PAGO = 9
    RETIRO_TRASLADO_REGIMEN_EXCEPCION = 10
    RETIRO_FALLECIMIENTO = 11
    EXCLUSION_SEPARACION_O_DIVORCIO = 12
    EXCLUSION_TRASLADO_REGIMEN_EXCEPCION = 13
    EXCLUSION_FALLECIMIENTO = 14
    BENEFICIARIOS_ENTRE_COTIZANTES = 15
    COTIZANTE_A_BENEFICIARIO = 16
    BENEFICIARIO_A_COTIZANTE = 17
    EMPLEADOR_ADICIONAL = 18
    REINGRESO = 19
    UNIFICACION_CONYUGES_COTIZANTES = 20
    DISCAPACIDAD_PERMANENTE = 21
    ESTUDIOS = 22


class GrupoNovedad(StrEnum):
    """The headings of the FUAN, part II, as the seed prints them (typos corrected)."""

    NOVEDADES_AFILIADOS = "NOVEDADES AFILIADOS"
    INCLUSION_DE_BENEFICIARIOS = "INCLUSIÓN DE BENEFICIARIOS"
    SALIDA_INGRESO_DEL_PAIS = "SALIDA / INGRESO DEL PAÍS"
    RETIROS_DE_COTIZANTES = "RETIROS DE COTIZANTES"
    EXCLUSION_DE_BENEFICIARIOS = "EXCLUSIÓN DE BENEFICIARIOS"
    CAMBIO_DE_TIPO_DE_AFILIADO = "CAMBIO DE TIPO DE AFILIADO"
    NOVEDADES_COTIZANTE = "NOVEDADES COTIZANTE"
    NOVEDADES_BENEFICIARIOS = "NOVEDADES BENEFICIARIOS"


class NovedadDesconocida(ErrorDeDominio):
    """The code is not one of the FUAN's novedades (1 to 22)."""

    codigo = "novedad-desconocida"
    campo = "codigo_novedad"


@dataclass(frozen=True)
class DefinicionNovedad:
    """One novedad of the FUAN.

    ``aplica_a`` is the type of the affiliate the novedad is reported on. ``soportes`` are the
    documents always required. When ``causales`` is not empty the novedad places someone in a
    family group and also needs the documents of the causal they join under; when
    ``depende_del_subtipo`` it makes someone a cotizante and also needs the documents of their
    cotizante type (see ``soportes_de_novedad``).
    """

    codigo: CodigoNovedad
    nombre: str
    grupo: GrupoNovedad
    aplica_a: frozenset[TipoAfiliado]
    soportes: tuple[TipoSoporte, ...]
    causales: frozenset[CausalInclusion] = frozenset()
    depende_del_subtipo: bool = False


_TODOS = frozenset(TipoAfiliado)
_COTIZANTE = frozenset({TipoAfiliado.COTIZANTE})
_BENEFICIARIO = frozenset({TipoAfiliado.BENEFICIARIO})
_ADICIONAL = frozenset({TipoAfiliado.ADICIONAL})
_MIEMBRO_DEL_GRUPO = frozenset({TipoAfiliado.BENEFICIARIO, TipoAfiliado.ADICIONAL})

_CAUSALES_ADICIONAL = frozenset(
    {CausalInclusion.ADICIONAL_MENOR_DE_12, CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO}
)
_CAUSALES_BENEFICIARIO = frozenset(CausalInclusion) - _CAUSALES_ADICIONAL


def _comunes(causales: Iterable[CausalInclusion]) -> tuple[TipoSoporte, ...]:
    """The documents every one of ``causales`` asks for, in the seed's order."""
    listas = [SOPORTES_POR_CAUSAL[c] for c in sorted(causales)]
    return tuple(s for s in listas[0] if all(s in lista for lista in listas[1:]))


def _definir(*definiciones: DefinicionNovedad) -> Mapping[CodigoNovedad, DefinicionNovedad]:
    return MappingProxyType({d.codigo: d for d in definiciones})


NOVEDADES: Mapping[CodigoNovedad, DefinicionNovedad] = _definir(
    # -- NOVEDADES AFILIADOS. Documents: our choice.
    DefinicionNovedad(
        CodigoNovedad.DOCUMENTO_IDENTIDAD,
        "Documento de identidad",
        GrupoNovedad.NOVEDADES_AFILIADOS,
        _TODOS,
        (TipoSoporte.DOCUMENTO_IDENTIDAD_NUEVO,),
    ),
    DefinicionNovedad(
        CodigoNovedad.NOMBRES_Y_APELLIDOS,
        "Nombres y apellidos",
        GrupoNovedad.NOVEDADES_AFILIADOS,
        _TODOS,
        # The identity document is where the names are accredited.
        (TipoSoporte.DOCUMENTO_IDENTIDAD,),
    ),
    DefinicionNovedad(
        CodigoNovedad.ESTADO_CIVIL,
        "Estado Civil",
        GrupoNovedad.NOVEDADES_AFILIADOS,
        _TODOS,
        (TipoSoporte.SOPORTE_ESTADO_CIVIL,),
    ),
    # -- INCLUSIÓN DE BENEFICIARIOS. Documents: the seed's, by causal (pages 19–23). Without a
    # causal, only what every admitted causal asks.
    DefinicionNovedad(
        CodigoNovedad.BENEFICIARIOS_DIRECTOS,
        "Beneficiarios Directos",
        GrupoNovedad.INCLUSION_DE_BENEFICIARIOS,
        _BENEFICIARIO,
        _comunes(_CAUSALES_BENEFICIARIO),
        _CAUSALES_BENEFICIARIO,
    ),
    DefinicionNovedad(
        CodigoNovedad.UPC_ADICIONAL,
        "UPC Adicional",
        GrupoNovedad.INCLUSION_DE_BENEFICIARIOS,
        _ADICIONAL,
        _comunes(_CAUSALES_ADICIONAL),
        _CAUSALES_ADICIONAL,
    ),
    DefinicionNovedad(
        CodigoNovedad.BENEFICIARIOS_RECIEN_NACIDOS,
        "Beneficiarios Recién Nacidos",
        GrupoNovedad.INCLUSION_DE_BENEFICIARIOS,
        _BENEFICIARIO,
        # The seed's list for hijos menores de 18 (page 20), with the certificado de nacido
        # vivo as the identity document: a newborn's document in its first three months
        # (Decreto 780 de 2016, art. 2.1.3.5; see ``edad.EDAD_POR_DOCUMENTO``). Our reading.
        (TipoSoporte.REGISTRO_CIVIL_NACIMIENTO, TipoSoporte.CERTIFICADO_NACIDO_VIVO),
        frozenset({CausalInclusion.HIJO_MENOR_DE_18}),
    ),
    # -- SALIDA / INGRESO DEL PAÍS. Documents: our choice.
    DefinicionNovedad(
        CodigoNovedad.INTERRUPCION_SALIDA_DEL_PAIS,
        "Interrupción de Afiliación por Salida del País",
        GrupoNovedad.SALIDA_INGRESO_DEL_PAIS,
        _TODOS,
        (TipoSoporte.CONSTANCIA_SALIDA_PAIS,),
    ),
    DefinicionNovedad(
        CodigoNovedad.ACTIVACION_INGRESO_AL_PAIS,
        "Activación de Afiliación por Ingreso al País",
        GrupoNovedad.SALIDA_INGRESO_DEL_PAIS,
        _TODOS,
        (TipoSoporte.CONSTANCIA_INGRESO_PAIS,),
    ),
    # -- RETIROS DE COTIZANTES. Documents: our choice.
    DefinicionNovedad(
        CodigoNovedad.PERDIDA_CAPACIDAD_DE_PAGO,
        "Pérdida de capacidad de pago trabajador independiente",
        GrupoNovedad.RETIROS_DE_COTIZANTES,
        _COTIZANTE,
        (TipoSoporte.DECLARACION_PERDIDA_CAPACIDAD_PAGO,),
    ),
    DefinicionNovedad(
        CodigoNovedad.RETIRO_TRASLADO_REGIMEN_EXCEPCION,
        "Traslado al Régimen de Excepción",
        GrupoNovedad.RETIROS_DE_COTIZANTES,
        _COTIZANTE,
        (TipoSoporte.CERTIFICADO_REGIMEN_EXCEPCION,),
    ),
    DefinicionNovedad(
        CodigoNovedad.RETIRO_FALLECIMIENTO,
        "Fallecimiento",
        GrupoNovedad.RETIROS_DE_COTIZANTES,
        _COTIZANTE,
        (TipoSoporte.REGISTRO_CIVIL_DEFUNCION,),
    ),
    # -- EXCLUSIÓN DE BENEFICIARIOS. Documents: our choice. Only a cónyuge or compañero
    # separates; an adicional also leaves the group on a transfer or death.
    DefinicionNovedad(
        CodigoNovedad.EXCLUSION_SEPARACION_O_DIVORCIO,
        "Separación o Divorcio",
        GrupoNovedad.EXCLUSION_DE_BENEFICIARIOS,
        _BENEFICIARIO,
        (TipoSoporte.DOCUMENTO_SEPARACION,),
    ),
    DefinicionNovedad(
        CodigoNovedad.EXCLUSION_TRASLADO_REGIMEN_EXCEPCION,
        "Traslado al Régimen de Excepción",
        GrupoNovedad.EXCLUSION_DE_BENEFICIARIOS,
        _MIEMBRO_DEL_GRUPO,
        (TipoSoporte.CERTIFICADO_REGIMEN_EXCEPCION,),
    ),
    DefinicionNovedad(
        CodigoNovedad.EXCLUSION_FALLECIMIENTO,
        "Fallecimiento",
        GrupoNovedad.EXCLUSION_DE_BENEFICIARIOS,
        _MIEMBRO_DEL_GRUPO,
        (TipoSoporte.REGISTRO_CIVIL_DEFUNCION,),
    ),
    # -- CAMBIO DE TIPO DE AFILIADO. Documents: our choice, plus the seed's for the causal or
    # cotizante type the person takes.
    DefinicionNovedad(
        CodigoNovedad.BENEFICIARIOS_ENTRE_COTIZANTES,
        "Beneficiarios entre cotizantes",
        GrupoNovedad.CAMBIO_DE_TIPO_DE_AFILIADO,
        _MIEMBRO_DEL_GRUPO,
        (TipoSoporte.DOCUMENTO_IDENTIDAD,),
        frozenset(CausalInclusion),
    ),
    DefinicionNovedad(
        CodigoNovedad.COTIZANTE_A_BENEFICIARIO,
        "Cotizante a Beneficiario",
        GrupoNovedad.CAMBIO_DE_TIPO_DE_AFILIADO,
        _COTIZANTE,
        (TipoSoporte.DOCUMENTO_IDENTIDAD,),
        _CAUSALES_BENEFICIARIO,
    ),
    DefinicionNovedad(
        CodigoNovedad.BENEFICIARIO_A_COTIZANTE,
        "Beneficiario a Cotizante",
        GrupoNovedad.CAMBIO_DE_TIPO_DE_AFILIADO,
        _MIEMBRO_DEL_GRUPO,
        (TipoSoporte.DOCUMENTO_IDENTIDAD,),
        depende_del_subtipo=True,
    ),
    # -- NOVEDADES COTIZANTE. Documents: our choice (plus the seed's for the cotizante type on
    # a reingreso).
    DefinicionNovedad(
        CodigoNovedad.EMPLEADOR_ADICIONAL,
        "Empleador Adicional",
        GrupoNovedad.NOVEDADES_COTIZANTE,
        _COTIZANTE,
        (TipoSoporte.CARTA_LABORAL,),
    ),
    DefinicionNovedad(
        CodigoNovedad.REINGRESO,
        "Reingreso a la EPS",
        GrupoNovedad.NOVEDADES_COTIZANTE,
        _COTIZANTE,
        (TipoSoporte.DOCUMENTO_IDENTIDAD,),
        depende_del_subtipo=True,
    ),
    DefinicionNovedad(
        CodigoNovedad.UNIFICACION_CONYUGES_COTIZANTES,
        "Unificación cónyuges cotizantes",
        GrupoNovedad.NOVEDADES_COTIZANTE,
        _COTIZANTE,
        (TipoSoporte.SOPORTE_UNION,),
    ),
    # -- NOVEDADES BENEFICIARIOS. The seed's documents for the causal (pages 20–21) minus the
    # identity and kinship ones already on file; the certificado de estudio is our choice.
    DefinicionNovedad(
        CodigoNovedad.DISCAPACIDAD_PERMANENTE,
        "Discapacidad Permanente",
        GrupoNovedad.NOVEDADES_BENEFICIARIOS,
        _BENEFICIARIO,
        (
            TipoSoporte.EXAMEN_CONFIRMATORIO_DISCAPACIDAD,
            TipoSoporte.HISTORIA_CLINICA_COMPLETA,
            TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA,
            TipoSoporte.CERTIFICACION_DISCAPACIDAD,
        ),
    ),
    DefinicionNovedad(
        CodigoNovedad.ESTUDIOS,
        "Estudios",
        GrupoNovedad.NOVEDADES_BENEFICIARIOS,
        _BENEFICIARIO,
        (TipoSoporte.DECLARACION_BENEFICIARIO_ESTUDIANTE, TipoSoporte.CERTIFICADO_ESTUDIO),
    ),
)
"""Every novedad of the FUAN, part II, by code."""


def definicion(codigo: int) -> DefinicionNovedad:
    """The novedad numbered ``codigo``; ``NovedadDesconocida`` outside 1 to 22."""
    # A bool is an int to Python, but never a novedad number.
    if isinstance(codigo, bool) or codigo not in CodigoNovedad.__members__.values():
        raise NovedadDesconocida(
            f"La novedad {codigo} no existe: los códigos de novedad del formulario único de "
            "afiliación y novedades (FUAN) van del 1 al 22."
        )
    return NOVEDADES[CodigoNovedad(codigo)]


def soportes_de_novedad(
    codigo: int,
    causal: CausalInclusion | None = None,
    subtipo: SubtipoCotizante | None = None,
) -> tuple[TipoSoporte, ...]:
    """The documents novedad ``codigo`` needs, without repetitions, its own first.

    With ``causal`` (novedades 4, 5, 6, 15 and 16) the documents of that causal are added; with
    ``subtipo`` (novedades 17 and 19) those of that cotizante type. Without them, only the
    novedad's own. Raises ``NovedadDesconocida`` for an unknown code and ``ValueError`` for a
    causal or subtipo the novedad does not take (a programming error).
    """
    novedad = definicion(codigo)
    soportes = list(novedad.soportes)
    if causal is not None:
        if causal not in novedad.causales:
            raise ValueError(f"la novedad {novedad.codigo} no admite la causal {causal}")
        soportes += SOPORTES_POR_CAUSAL[causal]
    if subtipo is not None:
        if not novedad.depende_del_subtipo:
            raise ValueError(f"la novedad {novedad.codigo} no depende del tipo de cotizante")
        soportes += SOPORTES_POR_SUBTIPO_COTIZANTE[subtipo]
    if novedad.codigo is CodigoNovedad.BENEFICIARIOS_RECIEN_NACIDOS:
        # The certificado de nacido vivo is the newborn's identity document (see above).
        soportes = [s for s in soportes if s is not TipoSoporte.DOCUMENTO_IDENTIDAD]
    return tuple(dict.fromkeys(soportes))
