"""The FUAN novedad codes 1–22 and the support documents of seed 004."""

import pytest

from affiliation.domain.novedades import (
    NOVEDADES,
    CodigoNovedad,
    GrupoNovedad,
    NovedadDesconocida,
    definicion,
    soportes_de_novedad,
)
from affiliation.domain.soportes import (
    SOPORTES_COTIZANTE,
    SOPORTES_POR_CAUSAL,
    SOPORTES_POR_SUBTIPO_COTIZANTE,
    TipoSoporte,
    soportes_de_cotizante,
)
from eps_contracts.types import CausalInclusion, SubtipoCotizante, TipoAfiliado

T = TipoSoporte

# Seed 004, page 12 (FUAN part II), with the seed's wording.
NOMBRES_DEL_MANUAL = {
    1: ("Documento de identidad", "NOVEDADES AFILIADOS"),
    2: ("Nombres y apellidos", "NOVEDADES AFILIADOS"),
    3: ("Estado Civil", "NOVEDADES AFILIADOS"),
    4: ("Beneficiarios Directos", "INCLUSIÓN DE BENEFICIARIOS"),
    5: ("UPC Adicional", "INCLUSIÓN DE BENEFICIARIOS"),
    6: ("Beneficiarios Recién Nacidos", "INCLUSIÓN DE BENEFICIARIOS"),
    7: ("Interrupción de Afiliación por Salida del País", "SALIDA / INGRESO DEL PAÍS"),
    8: ("Activación de Afiliación por Ingreso al País", "SALIDA / INGRESO DEL PAÍS"),
    9: ("Pérdida de capacidad de pago trabajador independiente", "RETIROS DE COTIZANTES"),
    10: ("Traslado al Régimen de Excepción", "RETIROS DE COTIZANTES"),
    11: ("Fallecimiento", "RETIROS DE COTIZANTES"),
    12: ("Separación o Divorcio", "EXCLUSIÓN DE BENEFICIARIOS"),
    13: ("Traslado al Régimen de Excepción", "EXCLUSIÓN DE BENEFICIARIOS"),
    14: ("Fallecimiento", "EXCLUSIÓN DE BENEFICIARIOS"),
    15: ("Beneficiarios entre cotizantes", "CAMBIO DE TIPO DE AFILIADO"),
    16: ("Cotizante a Beneficiario", "CAMBIO DE TIPO DE AFILIADO"),
    17: ("Beneficiario a Cotizante", "CAMBIO DE TIPO DE AFILIADO"),
    18: ("Empleador Adicional", "NOVEDADES COTIZANTE"),
    19: ("Reingreso a la EPS", "NOVEDADES COTIZANTE"),
    20: ("Unificación cónyuges cotizantes", "NOVEDADES COTIZANTE"),
    21: ("Discapacidad Permanente", "NOVEDADES BENEFICIARIOS"),
    22: ("Estudios", "NOVEDADES BENEFICIARIOS"),
}


def test_los_22_codigos_estan_con_los_nombres_del_manual() -> None:
    assert [int(c) for c in CodigoNovedad] == list(range(1, 23))
    assert set(NOVEDADES) == set(CodigoNovedad)
    for numero, (nombre, grupo) in NOMBRES_DEL_MANUAL.items():
        novedad = definicion(numero)
        assert novedad.codigo == numero
        assert (novedad.nombre, novedad.grupo) == (nombre, grupo)


def test_los_grupos_son_los_encabezados_del_formulario() -> None:
    assert {d.grupo for d in NOVEDADES.values()} == set(GrupoNovedad)


@pytest.mark.parametrize("codigo", list(CodigoNovedad))
def test_toda_novedad_lista_al_menos_un_soporte(codigo: CodigoNovedad) -> None:
    novedad = NOVEDADES[codigo]
    assert novedad.soportes
    assert len(set(novedad.soportes)) == len(novedad.soportes)
    assert novedad.aplica_a


@pytest.mark.parametrize("codigo", [0, 23, -1, 100])
def test_codigo_fuera_de_1_a_22_se_rechaza(codigo: int) -> None:
    with pytest.raises(NovedadDesconocida) as error:
        definicion(codigo)
    assert error.value.codigo == "novedad-desconocida"
    assert str(codigo) in error.value.mensaje


def test_definicion_23_se_rechaza() -> None:
    with pytest.raises(NovedadDesconocida):
        definicion(23)


def test_a_quien_se_reporta_cada_novedad() -> None:
    cotizante = frozenset({TipoAfiliado.COTIZANTE})
    beneficiario = frozenset({TipoAfiliado.BENEFICIARIO})
    for codigo in (1, 2, 3):
        assert definicion(codigo).aplica_a == frozenset(TipoAfiliado)
    for codigo in (9, 10, 11, 16, 18, 19, 20):
        assert definicion(codigo).aplica_a == cotizante
    for codigo in (12, 21, 22):
        assert definicion(codigo).aplica_a == beneficiario
    for codigo in (13, 14):
        assert TipoAfiliado.BENEFICIARIO in definicion(codigo).aplica_a
        assert TipoAfiliado.COTIZANTE not in definicion(codigo).aplica_a
    assert definicion(5).aplica_a == frozenset({TipoAfiliado.ADICIONAL})


def test_soportes_de_cada_causal_segun_el_manual() -> None:
    assert set(SOPORTES_POR_CAUSAL) == set(CausalInclusion)
    assert SOPORTES_POR_CAUSAL[CausalInclusion.CONYUGE] == (
        T.REGISTRO_CIVIL_MATRIMONIO,
        T.DOCUMENTO_IDENTIDAD,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.COMPANERO_PERMANENTE] == (
        T.DOCUMENTO_IDENTIDAD,
        T.DECLARACION_CONVIVENCIA,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.HIJO_MENOR_DE_18] == (
        T.REGISTRO_CIVIL_NACIMIENTO,
        T.DOCUMENTO_IDENTIDAD,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.HIJO_ESTUDIANTE_18_A_25] == (
        T.REGISTRO_CIVIL_NACIMIENTO,
        T.DOCUMENTO_IDENTIDAD,
        T.DECLARACION_DEPENDENCIA_ECONOMICA,
        T.DECLARACION_BENEFICIARIO_ESTUDIANTE,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.HIJO_CON_DISCAPACIDAD] == (
        T.REGISTRO_CIVIL_NACIMIENTO,
        T.DOCUMENTO_IDENTIDAD,
        T.EXAMEN_CONFIRMATORIO_DISCAPACIDAD,
        T.HISTORIA_CLINICA_COMPLETA,
        T.DECLARACION_DEPENDENCIA_ECONOMICA,
        T.CERTIFICACION_DISCAPACIDAD,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS] == (
        T.REGISTRO_CIVIL_NACIMIENTO_COTIZANTE,
        T.DOCUMENTO_IDENTIDAD,
        T.DECLARACION_DEPENDENCIA_ECONOMICA,
    )
    upc = (
        T.REGISTROS_CIVILES_PARENTESCO,
        T.DOCUMENTO_IDENTIDAD,
        T.DECLARACION_DEPENDENCIA_ECONOMICA,
        T.DECLARACION_PAGO_UPC_ADICIONAL,
    )
    assert SOPORTES_POR_CAUSAL[CausalInclusion.ADICIONAL_MENOR_DE_12] == upc
    assert SOPORTES_POR_CAUSAL[CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO] == upc


def test_soportes_de_cada_tipo_de_cotizante_segun_el_manual() -> None:
    assert SOPORTES_COTIZANTE == (T.DOCUMENTO_IDENTIDAD,)
    assert set(SOPORTES_POR_SUBTIPO_COTIZANTE) == set(SubtipoCotizante)
    s = SOPORTES_POR_SUBTIPO_COTIZANTE
    assert s[SubtipoCotizante.PERSONA_NATURAL] == (
        T.PAGO_MES_AFILIACION,
        T.DECLARACION_INDEPENDIENTE,
        T.DECLARACION_INGRESOS,
    )
    assert s[SubtipoCotizante.CONTRATISTA] == (
        T.PAGO_MES_AFILIACION,
        T.CONTRATO,
        T.DECLARACION_INDEPENDIENTE,
    )
    assert s[SubtipoCotizante.PAGO_POR_TERCEROS] == (
        T.PAGO_MES_AFILIACION,
        T.DECLARACION_TERCERO,
        T.DECLARACION_INGRESOS,
    )
    assert s[SubtipoCotizante.PAGO_SOLO_SALUD] == (
        T.DECLARACION_INDEPENDIENTE,
        T.DECLARACION_INGRESOS,
    )
    assert s[SubtipoCotizante.MADRE_COMUNITARIA] == (
        T.CERTIFICACION_ICBF,
        T.CERTIFICACION_ASOCIACION_PADRES,
    )
    assert s[SubtipoCotizante.JUBILADO] == (T.RESOLUCION_PENSION,)
    assert s[SubtipoCotizante.SUSTITUCION_PENSIONAL] == (T.SOPORTE_SUSTITUCION_PENSIONAL,)
    assert s[SubtipoCotizante.APRENDIZ_UNIVERSITARIO] == (T.CONTRATO_APRENDIZAJE,)
    assert s[SubtipoCotizante.APRENDIZ_SENA_PRODUCTIVA] == (T.CONTRATO_APRENDIZAJE,)
    assert s[SubtipoCotizante.SERVICIO_DOMESTICO] == (T.AFILIACION_ARL, T.DECLARACION_INGRESOS)
    assert s[SubtipoCotizante.EMPLEADO] == ()


def test_soportes_de_cotizante_empiezan_por_el_documento() -> None:
    assert soportes_de_cotizante(SubtipoCotizante.EMPLEADO) == (T.DOCUMENTO_IDENTIDAD,)
    assert soportes_de_cotizante(SubtipoCotizante.CONTRATISTA) == (
        T.DOCUMENTO_IDENTIDAD,
        T.PAGO_MES_AFILIACION,
        T.CONTRATO,
        T.DECLARACION_INDEPENDIENTE,
    )


def test_todo_soporte_tiene_descripcion_en_espanol() -> None:
    for soporte in TipoSoporte:
        assert soporte.descripcion
        assert soporte.value == soporte.name  # the code events carry
    assert T.DOCUMENTO_IDENTIDAD.descripcion == "Copia del documento de identificación"
    assert T.DECLARACION_CONVIVENCIA.descripcion == "Declaración juramentada de convivencia (FUAN)"
    assert T.REGISTRO_CIVIL_NACIMIENTO.descripcion == (
        "Registro civil de nacimiento que acredite el parentesco con el cotizante o cónyuge"
    )
    assert T.REGISTROS_CIVILES_PARENTESCO.descripcion.startswith(
        "Copia de todos los registros civiles que acrediten el parentesco"
    )


def test_inclusion_de_beneficiarios_pide_los_soportes_de_la_causal() -> None:
    assert soportes_de_novedad(4) == (T.DOCUMENTO_IDENTIDAD,)
    conyuge = soportes_de_novedad(4, CausalInclusion.CONYUGE)
    assert set(conyuge) == set(SOPORTES_POR_CAUSAL[CausalInclusion.CONYUGE])
    for causal in CausalInclusion:
        if causal in NOVEDADES[CodigoNovedad.BENEFICIARIOS_DIRECTOS].causales:
            soportes = soportes_de_novedad(4, causal)
            assert set(SOPORTES_POR_CAUSAL[causal]) <= set(soportes)
            assert len(set(soportes)) == len(soportes)
    assert soportes_de_novedad(5) == SOPORTES_POR_CAUSAL[CausalInclusion.ADICIONAL_MENOR_DE_12]


def test_recien_nacido_presenta_registro_civil_y_certificado_de_nacido_vivo() -> None:
    esperado = (T.REGISTRO_CIVIL_NACIMIENTO, T.CERTIFICADO_NACIDO_VIVO)
    assert soportes_de_novedad(6) == esperado
    assert soportes_de_novedad(6, CausalInclusion.HIJO_MENOR_DE_18) == esperado


def test_causal_que_la_novedad_no_admite_es_un_error_de_programacion() -> None:
    with pytest.raises(ValueError):
        soportes_de_novedad(5, CausalInclusion.CONYUGE)
    with pytest.raises(ValueError):
        soportes_de_novedad(11, CausalInclusion.CONYUGE)
    with pytest.raises(ValueError):
        soportes_de_novedad(4, subtipo=SubtipoCotizante.EMPLEADO)


def test_beneficiario_a_cotizante_pide_los_soportes_del_tipo_de_cotizante() -> None:
    assert soportes_de_novedad(17, subtipo=SubtipoCotizante.CONTRATISTA) == soportes_de_cotizante(
        SubtipoCotizante.CONTRATISTA
    )


def test_novedades_de_beneficiarios_piden_lo_del_manual_para_la_causal() -> None:
    discapacidad = set(soportes_de_novedad(21))
    assert {
        T.EXAMEN_CONFIRMATORIO_DISCAPACIDAD,
        T.HISTORIA_CLINICA_COMPLETA,
        T.DECLARACION_DEPENDENCIA_ECONOMICA,
    } <= discapacidad
    assert T.DECLARACION_BENEFICIARIO_ESTUDIANTE in soportes_de_novedad(22)


def test_soportes_de_novedad_desconocida_se_rechaza() -> None:
    with pytest.raises(NovedadDesconocida):
        soportes_de_novedad(23)
