"""Who may join a cotizante's family group (Decreto 806 de 1998 as seed 004 states it)."""

from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest
from hypothesis import given
from hypothesis import strategies as st

from affiliation.domain.errores import DatosInvalidos, FechaNacimientoInvalida
from affiliation.domain.grupo_familiar import (
    GRADO_CONSANGUINIDAD,
    Candidato,
    FechaInicioUnionInvalida,
    InclusionNoPermitida,
    MiembroGrupo,
    ReglaInclusion,
    edad_sigue_cumpliendo,
    evaluar_inclusion,
)
from eps_contracts.types import CausalInclusion, Parentesco, Pariente, TipoAfiliado

HOY = date(2026, 11, 22)

B = TipoAfiliado.BENEFICIARIO
A = TipoAfiliado.ADICIONAL


def _hace(anios: int, dias: int = 0) -> date:
    """The date exactly ``anios`` years before HOY, then ``dias`` days earlier."""
    return HOY.replace(year=HOY.year - anios) - timedelta(days=dias)


def _cumple_manana(anios: int) -> date:
    """Born so that the ``anios``-th birthday is tomorrow."""
    return _hace(anios) + timedelta(days=1)


def candidato(parentesco: Parentesco, tipo: TipoAfiliado = B, **cambios: Any) -> Candidato:
    campos: dict[str, Any] = {
        "tipo_afiliado": tipo,
        "parentesco": parentesco,
        "fecha_nacimiento": _hace(30),
    }
    if parentesco is Parentesco.COMPANERO_PERMANENTE:
        campos["fecha_inicio_union"] = _hace(5)
    return Candidato(**(campos | cambios))


def miembro(parentesco: Parentesco, tipo: TipoAfiliado = B) -> MiembroGrupo:
    causales = {
        Parentesco.CONYUGE: CausalInclusion.CONYUGE,
        Parentesco.COMPANERO_PERMANENTE: CausalInclusion.COMPANERO_PERMANENTE,
        Parentesco.HIJO: CausalInclusion.HIJO_MENOR_DE_18,
        Parentesco.HIJASTRO: CausalInclusion.HIJO_MENOR_DE_18,
        Parentesco.PADRE: CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS,
        Parentesco.MADRE: CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS,
        Parentesco.OTRO: CausalInclusion.ADICIONAL_MENOR_DE_12,
    }
    causal = causales[parentesco]
    if tipo is A:
        causal = CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO
    return MiembroGrupo(uuid4(), parentesco, tipo, causal)


def rechazo(
    c: Candidato, regla: ReglaInclusion, grupo: Sequence[MiembroGrupo] = ()
) -> InclusionNoPermitida:
    with pytest.raises(InclusionNoPermitida) as error:
        evaluar_inclusion(c, grupo, HOY)
    assert error.value.regla is regla
    assert error.value.regla == regla.value  # a plain slug for clients
    assert "Decreto 806" in error.value.mensaje
    assert error.value.codigo == "inclusion-no-permitida"
    assert error.value.campo == "parentesco"
    return error.value


# -- cónyuge y compañero permanente ----------------------------------------------------------


def test_conyuge_se_incluye_como_beneficiario() -> None:
    c = candidato(Parentesco.CONYUGE)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.CONYUGE


def test_conyuge_no_necesita_depender_economicamente() -> None:
    c = candidato(Parentesco.CONYUGE, depende_economicamente=False)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.CONYUGE


def test_segundo_conyuge_se_rechaza_nombrando_la_regla() -> None:
    error = rechazo(
        candidato(Parentesco.CONYUGE), ReglaInclusion.CONYUGE_UNICO, [miembro(Parentesco.CONYUGE)]
    )
    assert "ya tiene cónyuge" in error.mensaje


def test_conyuge_se_rechaza_si_ya_hay_companero_permanente() -> None:
    grupo = [miembro(Parentesco.COMPANERO_PERMANENTE)]
    rechazo(candidato(Parentesco.CONYUGE), ReglaInclusion.CONYUGE_UNICO, grupo)


def test_companero_se_rechaza_a_falta_de_conyuge_no_cumplida() -> None:
    grupo = [miembro(Parentesco.CONYUGE)]
    rechazo(candidato(Parentesco.COMPANERO_PERMANENTE), ReglaInclusion.CONYUGE_UNICO, grupo)


def test_companero_con_union_de_mas_de_dos_anios_se_incluye() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=_hace(3))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.COMPANERO_PERMANENTE


def test_companero_con_union_de_exactamente_dos_anios_se_rechaza() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=_hace(2))
    error = rechazo(c, ReglaInclusion.UNION_MAYOR_DOS_ANIOS)
    assert "superior a dos años" in error.mensaje
    assert "23/11/2026" in error.mensaje  # the first day it will be accepted


def test_companero_con_union_de_dos_anios_y_un_dia_se_incluye() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=_hace(2, dias=1))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.COMPANERO_PERMANENTE


def test_companero_con_union_de_un_anio_se_rechaza() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=_hace(1))
    rechazo(c, ReglaInclusion.UNION_MAYOR_DOS_ANIOS)


def test_union_iniciada_un_29_de_febrero_cumple_dos_anios_el_1_de_marzo() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=date(2024, 2, 29))
    with pytest.raises(InclusionNoPermitida):
        evaluar_inclusion(c, [], date(2026, 3, 1))
    assert evaluar_inclusion(c, [], date(2026, 3, 2)) is CausalInclusion.COMPANERO_PERMANENTE


def test_companero_sin_fecha_de_inicio_de_union_es_un_dato_invalido() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=None)
    with pytest.raises(FechaInicioUnionInvalida) as error:
        evaluar_inclusion(c, [], HOY)
    assert isinstance(error.value, DatosInvalidos)
    assert error.value.codigo == "datos-invalidos"
    assert error.value.campo == "fecha_inicio_union"


def test_companero_con_union_futura_se_rechaza() -> None:
    c = candidato(Parentesco.COMPANERO_PERMANENTE, fecha_inicio_union=HOY + timedelta(days=1))
    with pytest.raises(FechaInicioUnionInvalida):
        evaluar_inclusion(c, [], HOY)


# -- hijos -----------------------------------------------------------------------------------


def test_hijo_menor_de_18_se_incluye() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(5))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_MENOR_DE_18


def test_hijo_recien_nacido_hoy_se_incluye() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=HOY)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_MENOR_DE_18


def test_hijo_de_17_anios_y_364_dias_se_incluye() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_cumple_manana(18))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_MENOR_DE_18


def test_hijo_que_cumple_18_hoy_sin_estudiar_se_rechaza() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(18))
    error = rechazo(c, ReglaInclusion.HIJO_MAYOR_SIN_ESTUDIO)
    assert error.mensaje.startswith(
        "El hijo tiene 18 años: entre los 18 y los 25 años solo puede ser beneficiario si es "
        "estudiante de tiempo completo (Decreto 806 de 1998)."
    )
    assert "adicional" in error.mensaje


def test_hijo_de_19_sin_estudiar_se_rechaza_con_el_mensaje_del_manual() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(19, dias=100))
    error = rechazo(c, ReglaInclusion.HIJO_MAYOR_SIN_ESTUDIO)
    assert error.mensaje.startswith(
        "El hijo tiene 19 años: entre los 18 y los 25 años solo puede ser beneficiario si es "
        "estudiante de tiempo completo (Decreto 806 de 1998)."
    )


def test_hijo_de_exactamente_18_estudiante_se_incluye() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(18), estudiante_tiempo_completo=True)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_ESTUDIANTE_18_A_25


def test_hijo_de_exactamente_25_estudiante_se_incluye() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(25), estudiante_tiempo_completo=True)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_ESTUDIANTE_18_A_25


def test_hijo_estudiante_la_vispera_de_cumplir_26_se_incluye() -> None:
    c = candidato(
        Parentesco.HIJO, fecha_nacimiento=_cumple_manana(26), estudiante_tiempo_completo=True
    )
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_ESTUDIANTE_18_A_25


def test_hijo_de_26_estudiante_se_rechaza() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(26), estudiante_tiempo_completo=True)
    error = rechazo(c, ReglaInclusion.HIJO_MAYOR_DE_25)
    assert "26 años" in error.mensaje
    assert "adicional" in error.mensaje


def test_hijo_de_30_sin_estudiar_se_rechaza_por_la_edad() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(30))
    rechazo(c, ReglaInclusion.HIJO_MAYOR_DE_25)


@pytest.mark.parametrize("anios", [18, 26, 40, 70])
def test_hijo_con_discapacidad_de_cualquier_edad_se_incluye(anios: int) -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(anios), discapacidad_permanente=True)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_CON_DISCAPACIDAD


def test_hijo_menor_de_18_con_discapacidad_entra_como_menor() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(10), discapacidad_permanente=True)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_MENOR_DE_18


def test_hijo_estudiante_con_discapacidad_entra_por_discapacidad() -> None:
    c = candidato(
        Parentesco.HIJO,
        fecha_nacimiento=_hace(20),
        estudiante_tiempo_completo=True,
        discapacidad_permanente=True,
    )
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.HIJO_CON_DISCAPACIDAD


def test_hijo_que_no_depende_economicamente_se_rechaza() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(10), depende_economicamente=False)
    rechazo(c, ReglaInclusion.DEPENDENCIA_ECONOMICA)


def test_hijo_con_discapacidad_que_no_depende_economicamente_se_rechaza() -> None:
    c = candidato(
        Parentesco.HIJO,
        fecha_nacimiento=_hace(40),
        discapacidad_permanente=True,
        depende_economicamente=False,
    )
    rechazo(c, ReglaInclusion.DEPENDENCIA_ECONOMICA)


@pytest.mark.parametrize(
    ("nacimiento", "estudiante", "discapacidad", "esperado"),
    [
        (_cumple_manana(18), False, False, CausalInclusion.HIJO_MENOR_DE_18),
        (_hace(18), False, False, None),
        (_hace(25), True, False, CausalInclusion.HIJO_ESTUDIANTE_18_A_25),
        (_hace(26), True, False, None),
        (_hace(50), False, True, CausalInclusion.HIJO_CON_DISCAPACIDAD),
    ],
)
def test_hijastro_sigue_las_reglas_de_los_hijos(
    nacimiento: date, estudiante: bool, discapacidad: bool, esperado: CausalInclusion | None
) -> None:
    c = candidato(
        Parentesco.HIJASTRO,
        fecha_nacimiento=nacimiento,
        estudiante_tiempo_completo=estudiante,
        discapacidad_permanente=discapacidad,
    )
    if esperado is None:
        with pytest.raises(InclusionNoPermitida) as error:
            evaluar_inclusion(c, [], HOY)
        assert "Decreto 806" in error.value.mensaje
        # No consanguinity with the cotizante: the adicional route is not suggested.
        assert "adicional" not in error.value.mensaje
    else:
        assert evaluar_inclusion(c, [], HOY) is esperado


def test_varios_hijos_se_incluyen() -> None:
    grupo = [miembro(Parentesco.CONYUGE), miembro(Parentesco.HIJO), miembro(Parentesco.HIJASTRO)]
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(3))
    assert evaluar_inclusion(c, grupo, HOY) is CausalInclusion.HIJO_MENOR_DE_18


@given(
    st.dates(min_value=date(1900, 1, 1), max_value=HOY),
    st.dates(min_value=date(1990, 1, 1), max_value=date(2100, 12, 31)),
)
def test_hijo_sin_condiciones_se_incluye_si_y_solo_si_es_menor_de_18(
    nacimiento: date, hoy: date
) -> None:
    if nacimiento > hoy:
        return
    edad = hoy.year - nacimiento.year - ((hoy.month, hoy.day) < (nacimiento.month, nacimiento.day))
    c = Candidato(B, Parentesco.HIJO, nacimiento)
    try:
        causal: CausalInclusion | None = evaluar_inclusion(c, [], hoy)
    except InclusionNoPermitida:
        causal = None
    assert (causal is CausalInclusion.HIJO_MENOR_DE_18) == (edad < 18)
    assert causal is None or causal is CausalInclusion.HIJO_MENOR_DE_18


# -- padres ----------------------------------------------------------------------------------


@pytest.mark.parametrize("parentesco", [Parentesco.PADRE, Parentesco.MADRE])
def test_padres_se_incluyen_sin_conyuge_ni_hijos(parentesco: Parentesco) -> None:
    c = candidato(parentesco, fecha_nacimiento=_hace(60))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS


def test_padre_y_madre_se_incluyen_juntos() -> None:
    c = candidato(Parentesco.MADRE, fecha_nacimiento=_hace(58))
    grupo = [miembro(Parentesco.PADRE)]
    assert evaluar_inclusion(c, grupo, HOY) is CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS


@pytest.mark.parametrize(
    "existente",
    [
        Parentesco.HIJO,
        Parentesco.HIJASTRO,
        Parentesco.CONYUGE,
        Parentesco.COMPANERO_PERMANENTE,
    ],
)
def test_padres_se_rechazan_cuando_existe_un_hijo(existente: Parentesco) -> None:
    error = rechazo(
        candidato(Parentesco.MADRE, fecha_nacimiento=_hace(60)),
        ReglaInclusion.PADRES_CON_CONYUGE_O_HIJOS,
        [miembro(existente)],
    )
    assert "Puede incluirse como adicional pagando la UPC adicional" in error.mensaje


def test_padres_se_rechazan_nombrando_conyuge_e_hijos() -> None:
    error = rechazo(
        candidato(Parentesco.PADRE, fecha_nacimiento=_hace(60)),
        ReglaInclusion.PADRES_CON_CONYUGE_O_HIJOS,
        [miembro(Parentesco.CONYUGE), miembro(Parentesco.HIJO)],
    )
    assert "ya tiene cónyuge e hijos como beneficiarios" in error.mensaje


def test_padres_se_incluyen_si_el_hijo_es_adicional() -> None:
    c = candidato(Parentesco.PADRE, fecha_nacimiento=_hace(60))
    grupo = [miembro(Parentesco.HIJO, A)]
    assert evaluar_inclusion(c, grupo, HOY) is CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS


def test_padres_pensionados_se_rechazan() -> None:
    c = candidato(Parentesco.PADRE, fecha_nacimiento=_hace(65), pensionado=True)
    error = rechazo(c, ReglaInclusion.PADRES_PENSIONADOS)
    assert "cotizantes" in error.mensaje


def test_padres_que_no_dependen_economicamente_se_rechazan() -> None:
    c = candidato(Parentesco.MADRE, fecha_nacimiento=_hace(65), depende_economicamente=False)
    rechazo(c, ReglaInclusion.DEPENDENCIA_ECONOMICA)


@pytest.mark.parametrize("tipo", [B, A])
def test_segundo_padre_se_rechaza(tipo: TipoAfiliado) -> None:
    c = candidato(Parentesco.PADRE, fecha_nacimiento=_hace(60))
    rechazo(c, ReglaInclusion.PADRE_O_MADRE_REPETIDO, [miembro(Parentesco.PADRE, tipo)])


def test_segunda_madre_como_adicional_se_rechaza() -> None:
    c = candidato(Parentesco.MADRE, A, fecha_nacimiento=_hace(60), pariente=Pariente.MADRE)
    grupo = [miembro(Parentesco.MADRE)]
    rechazo(c, ReglaInclusion.PADRE_O_MADRE_REPETIDO, grupo)


@pytest.mark.parametrize(
    "parentesco",
    [
        Parentesco.HIJO,
        Parentesco.HIJASTRO,
        Parentesco.CONYUGE,
        Parentesco.COMPANERO_PERMANENTE,
    ],
)
def test_hijo_se_rechaza_si_los_padres_son_beneficiarios(parentesco: Parentesco) -> None:
    c = candidato(parentesco, fecha_nacimiento=_hace(2))
    error = rechazo(
        c,
        ReglaInclusion.CONYUGE_O_HIJOS_CON_PADRES_EN_EL_GRUPO,
        [miembro(Parentesco.PADRE), miembro(Parentesco.MADRE)],
    )
    assert "al padre y a la madre" in error.mensaje
    assert "excluya a los padres" in error.mensaje


def test_hijo_se_incluye_si_los_padres_son_adicionales() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=_hace(2))
    grupo = [miembro(Parentesco.PADRE, A), miembro(Parentesco.MADRE, A)]
    assert evaluar_inclusion(c, grupo, HOY) is CausalInclusion.HIJO_MENOR_DE_18


def test_otro_como_beneficiario_se_rechaza_sugiriendo_adicional() -> None:
    error = rechazo(candidato(Parentesco.OTRO), ReglaInclusion.PARENTESCO_FUERA_DEL_GRUPO_FAMILIAR)
    assert "adicional" in error.mensaje


# -- adicionales -----------------------------------------------------------------------------


def test_adicional_menor_de_12_sin_parentesco_se_incluye() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_cumple_manana(12))
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.ADICIONAL_MENOR_DE_12


def test_adicional_menor_de_12_con_pariente_ninguno_se_incluye() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(4), pariente=Pariente.NINGUNO)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.ADICIONAL_MENOR_DE_12


def test_adicional_de_exactamente_12_sin_parentesco_se_rechaza() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(12))
    error = rechazo(c, ReglaInclusion.ADICIONAL_SIN_PARENTESCO_MAYOR_DE_12)
    assert "12 años" in error.mensaje


def test_tio_de_60_anios_se_incluye_como_adicional_tercer_grado() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(60), pariente=Pariente.TIO)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO


def test_primo_cuarto_grado_se_rechaza() -> None:
    # A cousin is fourth degree: outside the seed's table, so no kinship for this rule.
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(30), pariente=Pariente.NINGUNO)
    rechazo(c, ReglaInclusion.ADICIONAL_SIN_PARENTESCO_MAYOR_DE_12)


def test_nieto_menor_de_12_entra_por_parentesco() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(3), pariente=Pariente.NIETO)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO


@pytest.mark.parametrize(
    ("parentesco", "pariente"),
    [
        (Parentesco.PADRE, Pariente.PADRE),
        (Parentesco.MADRE, Pariente.MADRE),
        (Parentesco.HIJO, Pariente.HIJO),
        (Parentesco.OTRO, Pariente.HERMANO),
        (Parentesco.OTRO, Pariente.BISNIETO),
    ],
)
def test_pariente_hasta_tercer_grado_se_incluye_como_adicional(
    parentesco: Parentesco, pariente: Pariente
) -> None:
    c = candidato(parentesco, A, fecha_nacimiento=_hace(40), pariente=pariente)
    assert evaluar_inclusion(c, [], HOY) is CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO


def test_padre_pensionado_puede_ser_adicional_si_depende() -> None:
    # The pension rule is the beneficiarios' one; the adicional route is the one offered.
    c = candidato(
        Parentesco.PADRE, A, fecha_nacimiento=_hace(70), pariente=Pariente.PADRE, pensionado=True
    )
    grupo = [miembro(Parentesco.HIJO)]
    assert evaluar_inclusion(c, grupo, HOY) is CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO


def test_adicional_que_no_depende_economicamente_se_rechaza() -> None:
    c = candidato(Parentesco.OTRO, A, fecha_nacimiento=_hace(5), depende_economicamente=False)
    rechazo(c, ReglaInclusion.DEPENDENCIA_ECONOMICA)


@pytest.mark.parametrize(
    ("parentesco", "pariente"),
    [
        (Parentesco.OTRO, Pariente.PADRE),
        (Parentesco.PADRE, Pariente.MADRE),
        (Parentesco.HIJO, Pariente.NIETO),
        (Parentesco.PADRE, None),
        (Parentesco.HIJO, Pariente.NINGUNO),
        (Parentesco.CONYUGE, Pariente.NINGUNO),
        (Parentesco.COMPANERO_PERMANENTE, None),
        (Parentesco.HIJASTRO, Pariente.NINGUNO),
    ],
)
def test_parentesco_adicional_incoherente_se_rechaza(
    parentesco: Parentesco, pariente: Pariente | None
) -> None:
    c = candidato(parentesco, A, fecha_nacimiento=_hace(5), pariente=pariente)
    rechazo(c, ReglaInclusion.PARENTESCO_ADICIONAL_INCOHERENTE)


def test_grados_de_consanguinidad_del_manual() -> None:
    assert {p for p, g in GRADO_CONSANGUINIDAD.items() if g == 1} == {
        Pariente.PADRE,
        Pariente.MADRE,
        Pariente.HIJO,
    }
    assert {p for p, g in GRADO_CONSANGUINIDAD.items() if g == 2} == {
        Pariente.ABUELO,
        Pariente.HERMANO,
        Pariente.NIETO,
    }
    assert {p for p, g in GRADO_CONSANGUINIDAD.items() if g == 3} == {
        Pariente.BISABUELO,
        Pariente.TIO,
        Pariente.SOBRINO,
        Pariente.BISNIETO,
    }
    assert GRADO_CONSANGUINIDAD[Pariente.NINGUNO] is None
    assert set(GRADO_CONSANGUINIDAD) == set(Pariente)


# -- datos -----------------------------------------------------------------------------------


def test_cotizante_como_candidato_es_un_error_de_programacion() -> None:
    with pytest.raises(ValueError):
        Candidato(TipoAfiliado.COTIZANTE, Parentesco.OTRO, _hace(30))


def test_cotizante_como_miembro_es_un_error_de_programacion() -> None:
    with pytest.raises(ValueError):
        MiembroGrupo(uuid4(), Parentesco.OTRO, TipoAfiliado.COTIZANTE, CausalInclusion.CONYUGE)


def test_nacimiento_futuro_se_rechaza() -> None:
    c = candidato(Parentesco.HIJO, fecha_nacimiento=HOY + timedelta(days=1))
    with pytest.raises(FechaNacimientoInvalida):
        evaluar_inclusion(c, [], HOY)


# -- revisión periódica ----------------------------------------------------------------------


def test_hijo_menor_que_cumple_18_sin_estudios_deja_de_cumplir() -> None:
    causal = CausalInclusion.HIJO_MENOR_DE_18
    assert edad_sigue_cumpliendo(causal, _cumple_manana(18), HOY, False, False)
    assert not edad_sigue_cumpliendo(causal, _hace(18), HOY, False, False)


def test_hijo_menor_que_cumple_18_estudiando_sigue_cumpliendo() -> None:
    assert edad_sigue_cumpliendo(CausalInclusion.HIJO_MENOR_DE_18, _hace(18), HOY, True, False)


def test_hijo_estudiante_deja_de_cumplir_a_los_26() -> None:
    causal = CausalInclusion.HIJO_ESTUDIANTE_18_A_25
    assert edad_sigue_cumpliendo(causal, _cumple_manana(26), HOY, True, False)
    assert not edad_sigue_cumpliendo(causal, _hace(26), HOY, True, False)


def test_hijo_con_discapacidad_sigue_cumpliendo_a_cualquier_edad() -> None:
    causal = CausalInclusion.HIJO_CON_DISCAPACIDAD
    assert edad_sigue_cumpliendo(causal, _hace(60), HOY, False, True)
    assert not edad_sigue_cumpliendo(causal, _hace(60), HOY, False, False)


def test_adicional_menor_de_12_deja_de_cumplir_a_los_12() -> None:
    causal = CausalInclusion.ADICIONAL_MENOR_DE_12
    assert edad_sigue_cumpliendo(causal, _cumple_manana(12), HOY, False, False)
    assert not edad_sigue_cumpliendo(causal, _hace(12), HOY, False, False)


@pytest.mark.parametrize(
    "causal",
    [
        CausalInclusion.CONYUGE,
        CausalInclusion.COMPANERO_PERMANENTE,
        CausalInclusion.PADRES_SIN_CONYUGE_NI_HIJOS,
        CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO,
    ],
)
def test_causales_sin_condicion_de_edad_siempre_cumplen(causal: CausalInclusion) -> None:
    assert edad_sigue_cumpliendo(causal, _hace(95), HOY, False, False)
