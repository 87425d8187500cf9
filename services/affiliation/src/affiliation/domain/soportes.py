"""The support documents an affiliation or novedad needs (seed 004, Decreto 1703 de 2002).

Guarantees:
- every ``TipoSoporte`` has a stable slug value and a Spanish ``descripcion`` a person can
  act on;
- ``SOPORTES_POR_CAUSAL`` has an entry for every ``CausalInclusion`` and
  ``SOPORTES_POR_SUBTIPO_COTIZANTE`` one for every ``SubtipoCotizante`` (an empty tuple where
  the seed lists nothing); the tables are read-only and list documents in the seed's order;
- a tuple of soportes means all of them are required.
"""

from collections.abc import Mapping
from enum import StrEnum
from types import MappingProxyType

from eps_contracts.types import CausalInclusion, SubtipoCotizante


class TipoSoporte(StrEnum):
    """A document the cotizante or employer hands in.

    The value (the member's name) is the stable code events carry."""

    # Afiliados and beneficiarios (seed 004, pages 19–23).
    DOCUMENTO_IDENTIDAD = "DOCUMENTO_IDENTIDAD"
    REGISTRO_CIVIL_MATRIMONIO = "REGISTRO_CIVIL_MATRIMONIO"
    DECLARACION_CONVIVENCIA = "DECLARACION_CONVIVENCIA"
    REGISTRO_CIVIL_NACIMIENTO = "REGISTRO_CIVIL_NACIMIENTO"
    REGISTRO_CIVIL_NACIMIENTO_COTIZANTE = "REGISTRO_CIVIL_NACIMIENTO_COTIZANTE"
    DECLARACION_DEPENDENCIA_ECONOMICA = "DECLARACION_DEPENDENCIA_ECONOMICA"
    DECLARACION_BENEFICIARIO_ESTUDIANTE = "DECLARACION_BENEFICIARIO_ESTUDIANTE"
    EXAMEN_CONFIRMATORIO_DISCAPACIDAD = "EXAMEN_CONFIRMATORIO_DISCAPACIDAD"
    HISTORIA_CLINICA_COMPLETA = "HISTORIA_CLINICA_COMPLETA"
    CERTIFICACION_DISCAPACIDAD = "CERTIFICACION_DISCAPACIDAD"
    REGISTROS_CIVILES_PARENTESCO = "REGISTROS_CIVILES_PARENTESCO"
    DECLARACION_PAGO_UPC_ADICIONAL = "DECLARACION_PAGO_UPC_ADICIONAL"
    # Cotizante types (seed 004, pages 25–30).
    PAGO_MES_AFILIACION = "PAGO_MES_AFILIACION"
    DECLARACION_INDEPENDIENTE = "DECLARACION_INDEPENDIENTE"
    DECLARACION_INGRESOS = "DECLARACION_INGRESOS"
    CONTRATO = "CONTRATO"
    DECLARACION_TERCERO = "DECLARACION_TERCERO"
    CERTIFICACION_ICBF = "CERTIFICACION_ICBF"
    CERTIFICACION_ASOCIACION_PADRES = "CERTIFICACION_ASOCIACION_PADRES"
    RESOLUCION_PENSION = "RESOLUCION_PENSION"
    SOPORTE_SUSTITUCION_PENSIONAL = "SOPORTE_SUSTITUCION_PENSIONAL"
    CONTRATO_APRENDIZAJE = "CONTRATO_APRENDIZAJE"
    AFILIACION_ARL = "AFILIACION_ARL"
    # Seed 004, page 29, for cotizante types ``SubtipoCotizante`` does not model yet.
    CONTRATO_AGREMIACION = "CONTRATO_AGREMIACION"
    CERTIFICACION_MUTUAL = "CERTIFICACION_MUTUAL"
    CERTIFICACION_SUBSIDIO_DESEMPLEO = "CERTIFICACION_SUBSIDIO_DESEMPLEO"
    CONVENIO_TRABAJO_ASOCIADO = "CONVENIO_TRABAJO_ASOCIADO"
    # Novedades (FUAN, part II). The seed lists no documents for them: these are our choice.
    DOCUMENTO_IDENTIDAD_NUEVO = "DOCUMENTO_IDENTIDAD_NUEVO"
    SOPORTE_ESTADO_CIVIL = "SOPORTE_ESTADO_CIVIL"
    SOPORTE_UNION = "SOPORTE_UNION"
    CERTIFICADO_NACIDO_VIVO = "CERTIFICADO_NACIDO_VIVO"
    CONSTANCIA_SALIDA_PAIS = "CONSTANCIA_SALIDA_PAIS"
    CONSTANCIA_INGRESO_PAIS = "CONSTANCIA_INGRESO_PAIS"
    DECLARACION_PERDIDA_CAPACIDAD_PAGO = "DECLARACION_PERDIDA_CAPACIDAD_PAGO"
    CERTIFICADO_REGIMEN_EXCEPCION = "CERTIFICADO_REGIMEN_EXCEPCION"
    REGISTRO_CIVIL_DEFUNCION = "REGISTRO_CIVIL_DEFUNCION"
    DOCUMENTO_SEPARACION = "DOCUMENTO_SEPARACION"
    CARTA_LABORAL = "CARTA_LABORAL"
    CERTIFICADO_ESTUDIO = "CERTIFICADO_ESTUDIO"

    @property
    def descripcion(self) -> str:
        """What to hand in, in Spanish, as the FUAN and seed 004 name it."""
        return _DESCRIPCIONES[self]


_DESCRIPCIONES: Mapping[TipoSoporte, str] = MappingProxyType(
    {
        TipoSoporte.DOCUMENTO_IDENTIDAD: "Copia del documento de identificación",
        TipoSoporte.REGISTRO_CIVIL_MATRIMONIO: "Copia del registro civil de matrimonio",
        TipoSoporte.DECLARACION_CONVIVENCIA: "Declaración juramentada de convivencia (FUAN)",
        TipoSoporte.REGISTRO_CIVIL_NACIMIENTO: (
            "Registro civil de nacimiento que acredite el parentesco con el cotizante o cónyuge"
        ),
        TipoSoporte.REGISTRO_CIVIL_NACIMIENTO_COTIZANTE: (
            "Copia del registro civil de nacimiento del cotizante que acredite el parentesco"
        ),
        TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA: (
            "Declaración juramentada de dependencia económica (FUAN, numeral b)"
        ),
        TipoSoporte.DECLARACION_BENEFICIARIO_ESTUDIANTE: (
            "Declaración juramentada de beneficiario estudiante (FUAN, numeral c)"
        ),
        TipoSoporte.EXAMEN_CONFIRMATORIO_DISCAPACIDAD: (
            "Copia del examen confirmatorio de la discapacidad"
        ),
        TipoSoporte.HISTORIA_CLINICA_COMPLETA: "Copia de la historia clínica completa",
        TipoSoporte.CERTIFICACION_DISCAPACIDAD: (
            "Certificación de discapacidad emitida por la EPS (Gestor de Servicios o "
            "Coordinador SIAU y Salud Pública de la Departamental o Regional)"
        ),
        TipoSoporte.REGISTROS_CIVILES_PARENTESCO: (
            "Copia de todos los registros civiles que acrediten el parentesco con el cotizante"
        ),
        TipoSoporte.DECLARACION_PAGO_UPC_ADICIONAL: (
            "Declaraciones de pago y tarifas de UPC adicional (FUAN, numerales 2 y 3)"
        ),
        TipoSoporte.PAGO_MES_AFILIACION: (
            "Copia del pago del mes de afiliación, por planilla asistida o electrónica"
        ),
        TipoSoporte.DECLARACION_INDEPENDIENTE: (
            "Declaración de independiente o contratista (FUAN, ítem f)"
        ),
        TipoSoporte.DECLARACION_INGRESOS: "Declaración de ingresos (FUAN)",
        TipoSoporte.CONTRATO: "Fotocopia del contrato debidamente firmado",
        TipoSoporte.DECLARACION_TERCERO: (
            "Declaración juramentada del tercero que paga los aportes; si es una empresa, "
            "firmada por su representante legal"
        ),
        TipoSoporte.CERTIFICACION_ICBF: (
            "Certificación del ICBF que acredite la pertenencia al programa de hogares comunitarios"
        ),
        TipoSoporte.CERTIFICACION_ASOCIACION_PADRES: (
            "Certificación de la asociación de padres con el valor de la bonificación mensual"
        ),
        TipoSoporte.RESOLUCION_PENSION: (
            "Copia de la resolución de pensión o de los comprobantes de pago de la pensión"
        ),
        TipoSoporte.SOPORTE_SUSTITUCION_PENSIONAL: (
            "Soporte de la sustitución pensional emitido por la entidad pagadora de la pensión"
        ),
        TipoSoporte.CONTRATO_APRENDIZAJE: "Copia del contrato de aprendizaje",
        TipoSoporte.AFILIACION_ARL: (
            "Copia de la afiliación a la ARL (Administradora de Riesgos Laborales)"
        ),
        TipoSoporte.CONTRATO_AGREMIACION: (
            "Copia del contrato de afiliación a la agremiación, firmado por su representante "
            "legal y el afiliado"
        ),
        TipoSoporte.CERTIFICACION_MUTUAL: (
            "Certificación de la mutual en la que conste la calidad de asociado"
        ),
        TipoSoporte.CERTIFICACION_SUBSIDIO_DESEMPLEO: (
            "Certificación del subsidio de desempleo de la Caja de Compensación Familiar"
        ),
        TipoSoporte.CONVENIO_TRABAJO_ASOCIADO: "Copia del convenio de trabajo asociado",
        TipoSoporte.DOCUMENTO_IDENTIDAD_NUEVO: "Copia del nuevo documento de identificación",
        TipoSoporte.SOPORTE_ESTADO_CIVIL: (
            "Documento que acredite el nuevo estado civil: registro civil de matrimonio, "
            "declaración juramentada de convivencia (FUAN), sentencia o escritura de divorcio "
            "o de separación, o registro civil de defunción del cónyuge"
        ),
        TipoSoporte.SOPORTE_UNION: (
            "Copia del registro civil de matrimonio o declaración juramentada de convivencia "
            "(FUAN) de los cónyuges o compañeros cotizantes"
        ),
        TipoSoporte.CERTIFICADO_NACIDO_VIVO: "Copia del certificado de nacido vivo",
        TipoSoporte.CONSTANCIA_SALIDA_PAIS: (
            "Certificado de movimientos migratorios de Migración Colombia que acredite la "
            "salida del país"
        ),
        TipoSoporte.CONSTANCIA_INGRESO_PAIS: (
            "Certificado de movimientos migratorios de Migración Colombia que acredite el "
            "ingreso al país"
        ),
        TipoSoporte.DECLARACION_PERDIDA_CAPACIDAD_PAGO: (
            "Declaración juramentada de pérdida de la capacidad de pago del trabajador "
            "independiente"
        ),
        TipoSoporte.CERTIFICADO_REGIMEN_EXCEPCION: (
            "Certificado de afiliación a un régimen de excepción o especial (Fuerzas Militares "
            "y Policía, magisterio, Ecopetrol, universidades públicas)"
        ),
        TipoSoporte.REGISTRO_CIVIL_DEFUNCION: "Copia del registro civil de defunción",
        TipoSoporte.DOCUMENTO_SEPARACION: (
            "Copia de la sentencia o escritura de divorcio o de separación, o declaración "
            "juramentada de terminación de la unión"
        ),
        TipoSoporte.CARTA_LABORAL: (
            "Certificación laboral del empleador adicional con fecha de ingreso y salario"
        ),
        TipoSoporte.CERTIFICADO_ESTUDIO: (
            "Certificado de estudio de tiempo completo expedido por la institución educativa "
            "para el periodo en curso"
        ),
    }
)

SOPORTES_COTIZANTE: tuple[TipoSoporte, ...] = (TipoSoporte.DOCUMENTO_IDENTIDAD,)
"""Seed 004, page 19: every cotizante hands in "Copia del documento de identificación"."""

_SOPORTES_UPC_ADICIONAL = (
    TipoSoporte.REGISTROS_CIVILES_PARENTESCO,
    TipoSoporte.DOCUMENTO_IDENTIDAD,
    TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA,
    TipoSoporte.DECLARACION_PAGO_UPC_ADICIONAL,
)

SOPORTES_POR_CAUSAL: Mapping[CausalInclusion, tuple[TipoSoporte, ...]] = MappingProxyType(
    {
        # Seed 004, page 19.
        CausalInclusion.CONYUGE: (
            TipoSoporte.REGISTRO_CIVIL_MATRIMONIO,
            TipoSoporte.DOCUMENTO_IDENTIDAD,
        ),
        # Seed 004, page 19. For a same-sex couple the seed (page 24, Decreto 019 de 2012)
        # accepts a written statement of cohabitation in place of a sworn one; the FUAN
        # declaration serves both, so there is no separate document.
        CausalInclusion.COMPANERO_PERMANENTE: (
            TipoSoporte.DOCUMENTO_IDENTIDAD,
            TipoSoporte.DECLARACION_CONVIVENCIA,
        ),
        # Seed 004, page 20.
        CausalInclusion.HIJO_MENOR_DE_18: (
            TipoSoporte.REGISTRO_CIVIL_NACIMIENTO,
            TipoSoporte.DOCUMENTO_IDENTIDAD,
        ),
        # Seed 004, page 20: one FUAN declaration covers numerals b (dependency) and c
        # (student); they are two documents here because novedad 22 asks only for the second.
        CausalInclusion.HIJO_ESTUDIANTE_18_A_25: (
            TipoSoporte.REGISTRO_CIVIL_NACIMIENTO,
            TipoSoporte.DOCUMENTO_IDENTIDAD,
            TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA,
            TipoSoporte.DECLARACION_BENEFICIARIO_ESTUDIANTE,
        ),
        # Seed 004, page 21: the certification is issued by the EPS from the other documents
        # and "debe anexarse al formulario de afiliación".
        CausalInclusion.HIJO_CON_DISCAPACIDAD: (
            TipoSoporte.REGISTRO_CIVIL_NACIMIENTO,
            TipoSoporte.DOCUMENTO_IDENTIDAD,
            TipoSoporte.EXAMEN_CONFIRMATORIO_DISCAPACIDAD,
            TipoSoporte.HISTORIA_CLINICA_COMPLETA,
            TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA,
            TipoSoporte.CERTIFICACION_DISCAPACIDAD,
        ),
        # Seed 004, page 22.
        CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS: (
            TipoSoporte.REGISTRO_CIVIL_NACIMIENTO_COTIZANTE,
            TipoSoporte.DOCUMENTO_IDENTIDAD,
            TipoSoporte.DECLARACION_DEPENDENCIA_ECONOMICA,
        ),
        # Seed 004, page 23: one list for every UPC adicional. For a child under 12 with no
        # kinship the registros civiles identify the child rather than prove a kinship.
        CausalInclusion.ADICIONAL_MENOR_DE_12: _SOPORTES_UPC_ADICIONAL,
        CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO: _SOPORTES_UPC_ADICIONAL,
    }
)
"""What accredits each member of the family group, besides the cotizante's own documents."""

_INDEPENDIENTE = (
    TipoSoporte.PAGO_MES_AFILIACION,
    TipoSoporte.DECLARACION_INDEPENDIENTE,
    TipoSoporte.DECLARACION_INGRESOS,
)

SOPORTES_POR_SUBTIPO_COTIZANTE: Mapping[SubtipoCotizante, tuple[TipoSoporte, ...]] = (
    MappingProxyType(
        {
            # Dependientes: the employer fills in part IV of the FUAN; the seed asks nothing
            # else except for the cases below.
            SubtipoCotizante.EMPLEADO: (),
            SubtipoCotizante.SERVIDOR_PUBLICO: (),
            # Seed 004, page 30 (it cites "ítem e" of the FUAN for this declaration).
            SubtipoCotizante.SERVICIO_DOMESTICO: (
                TipoSoporte.AFILIACION_ARL,
                TipoSoporte.DECLARACION_INGRESOS,
            ),
            # Seed 004, page 30: "Cotizante Aprendiz Sena" covers both stages.
            SubtipoCotizante.APRENDIZ_SENA_LECTIVA: (TipoSoporte.CONTRATO_APRENDIZAJE,),
            SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA: (TipoSoporte.CONTRATO_APRENDIZAJE,),
            SubtipoCotizante.APRENDIZ_UNIVERSITARIO: (TipoSoporte.CONTRATO_APRENDIZAJE,),
            SubtipoCotizante.PRACTICANTE: (),
            SubtipoCotizante.EMPLEO_EMERGENCIA_MAS_DE_UN_MES: (),
            SubtipoCotizante.EMPLEO_EMERGENCIA_HASTA_UN_MES: (),
            SubtipoCotizante.APORTANTE_SGP: (),
            # Seed 004, page 25: "Cotizante Independiente".
            SubtipoCotizante.PERSONA_NATURAL: _INDEPENDIENTE,
            # Seed 004, page 26.
            SubtipoCotizante.CONTRATISTA: (
                TipoSoporte.PAGO_MES_AFILIACION,
                TipoSoporte.CONTRATO,
                TipoSoporte.DECLARACION_INDEPENDIENTE,
            ),
            # Seed 004, page 26: "Independientes Tipo 41".
            SubtipoCotizante.PAGO_POR_TERCEROS: (
                TipoSoporte.PAGO_MES_AFILIACION,
                TipoSoporte.DECLARACION_TERCERO,
                TipoSoporte.DECLARACION_INGRESOS,
            ),
            # Seed 004, page 27: "Independientes tipo 42". The EPS also checks the Ministry's
            # list of low-income independientes; that is a verification, not a document.
            SubtipoCotizante.PAGO_SOLO_SALUD: (
                TipoSoporte.DECLARACION_INDEPENDIENTE,
                TipoSoporte.DECLARACION_INGRESOS,
            ),
            # Seed 004, page 28.
            SubtipoCotizante.MADRE_COMUNITARIA: (
                TipoSoporte.CERTIFICACION_ICBF,
                TipoSoporte.CERTIFICACION_ASOCIACION_PADRES,
            ),
            # Seed 004, page 29: "Cotizante Pensionado" covers every pensioner but the
            # sustitución, which has its own support.
            SubtipoCotizante.JUBILADO: (TipoSoporte.RESOLUCION_PENSION,),
            SubtipoCotizante.SUSTITUCION_PENSIONAL: (TipoSoporte.SOPORTE_SUSTITUCION_PENSIONAL,),
            SubtipoCotizante.PENSION_COMPARTIDA: (TipoSoporte.RESOLUCION_PENSION,),
        }
    )
)
"""What accredits the cotizante's type, besides ``SOPORTES_COTIZANTE``."""


def soportes_de_cotizante(subtipo: SubtipoCotizante) -> tuple[TipoSoporte, ...]:
    """Every document a cotizante of ``subtipo`` hands in: identity first, then the type's."""
    return SOPORTES_COTIZANTE + tuple(
        s for s in SOPORTES_POR_SUBTIPO_COTIZANTE[subtipo] if s not in SOPORTES_COTIZANTE
    )
