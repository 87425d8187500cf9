"""The synthetic population: coherent, valid for the domain, deterministic."""

from collections import Counter
from datetime import date, timedelta
from uuid import UUID

import pytest

from affiliation.adapters.memoria import AlmacenEnMemoria
from affiliation.application.comandos import CondicionesBeneficiario, RegistrarAfiliado
from affiliation.application.poblacion_sintetica import (
    DOCUMENTOS_FIJOS,
    ID_COTIZANTE_FIJO,
    ID_EMPLEADOR_FIJO,
    FamiliaSintetica,
    poblacion,
)
from affiliation.bootstrap import bootstrap_en_memoria
from affiliation.domain.cotizacion import rango_salarial, tipo_de
from affiliation.domain.edad import anios_cumplidos, documento_admite_edad, meses_cumplidos
from affiliation.domain.empleador import digito_verificacion_nit
from affiliation.domain.grupo_familiar import Candidato, MiembroGrupo, evaluar_inclusion
from affiliation.domain.novedades import CodigoNovedad, soportes_de_novedad
from affiliation.entrypoints.seed import sembrar
from affiliation.referencia import referencia
from eps_contracts.types import (
    EstadoCivil,
    Parentesco,
    Pariente,
    RangoSalarial,
    Regimen,
    TipoAfiliado,
    TipoCotizante,
    TipoDocumento,
)

HOY = date(2026, 11, 22)
SMLMV = referencia().salarios.smlmv(HOY.year)
PAREJA = {Parentesco.CONYUGE, Parentesco.COMPANERO_PERMANENTE}
HIJOS = {Parentesco.HIJO, Parentesco.HIJASTRO}
PADRES = {Parentesco.PADRE, Parentesco.MADRE}


def personas(familias: list[FamiliaSintetica]) -> list[RegistrarAfiliado]:
    return [p for f in familias for p in f.personas]


@pytest.fixture(scope="module")
def mil() -> list[FamiliaSintetica]:
    return list(poblacion(1000, semilla=7, hoy=HOY))


def test_la_poblacion_tiene_exactamente_el_tamano_pedido(mil: list[FamiliaSintetica]) -> None:
    assert len(personas(mil)) == 1000
    assert len(personas(list(poblacion(1, semilla=7, hoy=HOY)))) == 1
    assert list(poblacion(0, semilla=7, hoy=HOY)) == []


def test_la_primera_familia_es_la_fija_y_documentada() -> None:
    familia, independiente, *_ = poblacion(10, semilla=99, hoy=HOY)
    cotizante, conyuge, hija, hijo = familia.personas

    assert cotizante.afiliado_id == ID_COTIZANTE_FIJO
    assert [p.documento for p in (*familia.personas, independiente.cotizante)] == list(
        DOCUMENTOS_FIJOS
    )
    assert independiente.beneficiarios == ()
    assert (conyuge.parentesco, hija.parentesco, hijo.parentesco) == (
        Parentesco.CONYUGE,
        Parentesco.HIJO,
        Parentesco.HIJO,
    )
    assert hija.documento.tipo is TipoDocumento.TI
    assert anios_cumplidos(hija.fecha_nacimiento, HOY) == 12
    assert hijo.documento.tipo is TipoDocumento.CC
    assert 18 <= anios_cumplidos(hijo.fecha_nacimiento, HOY) <= 25
    assert hijo.condiciones is not None and hijo.condiciones.estudiante_tiempo_completo
    assert cotizante.empleador_id == ID_EMPLEADOR_FIJO
    assert [e.empleador_id for e in familia.empleadores] == [ID_EMPLEADOR_FIJO]
    assert {p.plan_codigo for p in familia.planes} == {"PAC-ORO"}
    assert independiente.cotizante.empleador_id is None
    assert independiente.cotizante.subtipo_cotizante is not None
    assert tipo_de(independiente.cotizante.subtipo_cotizante) is TipoCotizante.INDEPENDIENTE


def test_la_familia_fija_sigue_siendo_valida_en_otros_anios() -> None:
    for hoy in (date(2030, 2, 28), date(2036, 2, 29), date(2040, 12, 31)):
        familia = next(iter(poblacion(4, semilla=1, hoy=hoy)))
        for persona in familia.personas:
            assert documento_admite_edad(persona.documento.tipo, persona.fecha_nacimiento, hoy)


def test_cada_documento_corresponde_a_la_edad_de_la_persona(mil: list[FamiliaSintetica]) -> None:
    for persona in personas(mil):
        assert documento_admite_edad(persona.documento.tipo, persona.fecha_nacimiento, HOY), (
            persona.documento.tipo,
            persona.fecha_nacimiento,
        )


def test_hay_menores_con_ti_y_rc_y_adultos_con_cc(mil: list[FamiliaSintetica]) -> None:
    tipos = {p.documento.tipo for p in personas(mil)}
    assert {TipoDocumento.CC, TipoDocumento.TI, TipoDocumento.RC} <= tipos


def test_documentos_e_identificadores_no_se_repiten(mil: list[FamiliaSintetica]) -> None:
    todas = personas(mil)
    assert len({p.documento for p in todas}) == len(todas)
    assert len({p.documento.numero for p in todas}) == len(todas)
    assert len({p.afiliado_id for p in todas}) == len(todas)


def condiciones(persona: RegistrarAfiliado) -> CondicionesBeneficiario:
    return persona.condiciones or CondicionesBeneficiario()


def test_los_grupos_familiares_son_coherentes(mil: list[FamiliaSintetica]) -> None:
    for familia in mil:
        cotizante = familia.cotizante
        assert cotizante.tipo_afiliado is TipoAfiliado.COTIZANTE
        assert anios_cumplidos(cotizante.fecha_nacimiento, HOY) >= 18
        beneficiarios = [
            b for b in familia.beneficiarios if b.tipo_afiliado is TipoAfiliado.BENEFICIARIO
        ]
        parentescos = Counter(b.parentesco for b in beneficiarios)
        for miembro in familia.beneficiarios:
            assert miembro.cotizante_id == cotizante.afiliado_id
            assert miembro.regimen is cotizante.regimen
            assert miembro.contacto.municipio_divipola is not None
        for beneficiario in beneficiarios:
            edad = anios_cumplidos(beneficiario.fecha_nacimiento, HOY)
            cond = condiciones(beneficiario)
            if beneficiario.parentesco in HIJOS:
                assert beneficiario.fecha_nacimiento > cotizante.fecha_nacimiento
                # Decreto 806: under 18; 18 to 25 studying full time; or a permanent disability.
                assert (
                    edad < 18
                    or (edad <= 25 and cond.estudiante_tiempo_completo)
                    or cond.discapacidad_permanente
                ), (edad, cond)
            if beneficiario.parentesco is Parentesco.COMPANERO_PERMANENTE:
                inicio = cond.fecha_inicio_union
                assert inicio is not None and anios_cumplidos(inicio, HOY - timedelta(days=1)) >= 2
            if beneficiario.parentesco in PADRES:
                assert cond.depende_economicamente and not cond.pensionado
        assert sum(parentescos[p] for p in PAREJA) <= 1
        if any(parentescos[p] for p in PADRES):
            # Padres solo si no hay cónyuge, compañero(a) ni hijos (Decreto 806 de 1998).
            assert set(parentescos) <= PADRES
            assert all(parentescos[p] <= 1 for p in PADRES)


def test_los_adicionales_declaran_un_pariente_coherente(mil: list[FamiliaSintetica]) -> None:
    adicionales = [
        (f.cotizante, a)
        for f in mil
        for a in f.beneficiarios
        if a.tipo_afiliado is TipoAfiliado.ADICIONAL
    ]
    assert adicionales
    for cotizante, adicional in adicionales:
        assert cotizante.regimen is Regimen.CONTRIBUTIVO  # la UPC adicional es contributiva
        pariente = condiciones(adicional).pariente
        assert pariente is not None
        esperado = {
            Pariente.PADRE: Parentesco.PADRE,
            Pariente.MADRE: Parentesco.MADRE,
            Pariente.HIJO: Parentesco.HIJO,
        }.get(pariente, Parentesco.OTRO)
        assert adicional.parentesco is esperado
        if pariente is Pariente.NINGUNO:
            assert anios_cumplidos(adicional.fecha_nacimiento, HOY) < 12


def test_cada_familia_pasa_el_decreto_806_en_su_orden_de_registro(
    mil: list[FamiliaSintetica],
) -> None:
    """The domain's own rule, beneficiary by beneficiary, against the group so far."""
    causales: Counter[str] = Counter()
    for familia in mil:
        grupo: list[MiembroGrupo] = []
        for persona in familia.beneficiarios:
            assert persona.parentesco is not None
            cond = condiciones(persona)
            candidato = Candidato(
                tipo_afiliado=persona.tipo_afiliado,
                parentesco=persona.parentesco,
                fecha_nacimiento=persona.fecha_nacimiento,
                pariente=cond.pariente,
                depende_economicamente=cond.depende_economicamente,
                estudiante_tiempo_completo=cond.estudiante_tiempo_completo,
                discapacidad_permanente=cond.discapacidad_permanente,
                pensionado=cond.pensionado,
                fecha_inicio_union=cond.fecha_inicio_union,
            )
            causal = evaluar_inclusion(candidato, grupo, HOY)
            causales[causal.value] += 1
            # The novedad the registration records (as the handler picks it) must admit the
            # causal: 5 for an adicional, 6 when affiliated in its first three months, else 4.
            assert persona.fecha_afiliacion is not None
            codigo = CodigoNovedad.BENEFICIARIOS_DIRECTOS
            if persona.tipo_afiliado is TipoAfiliado.ADICIONAL:
                codigo = CodigoNovedad.UPC_ADICIONAL
            elif meses_cumplidos(persona.fecha_nacimiento, persona.fecha_afiliacion) < 3:
                codigo = CodigoNovedad.BENEFICIARIOS_RECIEN_NACIDOS
            soportes_de_novedad(codigo, causal)
            grupo.append(
                MiembroGrupo(persona.afiliado_id, persona.parentesco, persona.tipo_afiliado, causal)
            )
    # Every rule of the decree is exercised by a population of this size.
    assert set(causales) == {
        "CONYUGE",
        "COMPANERO_PERMANENTE",
        "HIJO_MENOR_DE_18",
        "HIJO_ESTUDIANTE_18_A_25",
        "HIJO_CON_DISCAPACIDAD",
        "PADRES_SIN_CONYUGE_NI_HIJOS",
        "ADICIONAL_MENOR_DE_12",
        "ADICIONAL_PARIENTE_HASTA_TERCER_GRADO",
    }, causales


def test_el_estado_civil_corresponde_a_la_pareja(mil: list[FamiliaSintetica]) -> None:
    for familia in mil:
        pareja = [b for b in familia.beneficiarios if b.parentesco in PAREJA]
        for persona in familia.personas:
            if anios_cumplidos(persona.fecha_nacimiento, HOY) >= 18:
                assert persona.estado_civil is not None
            assert persona.etnia is not None and persona.escolaridad is not None
        if not pareja:
            assert familia.cotizante.estado_civil not in (
                EstadoCivil.CASADO,
                EstadoCivil.UNION_LIBRE,
            )
            continue
        esperado = (
            EstadoCivil.CASADO
            if pareja[0].parentesco is Parentesco.CONYUGE
            else EstadoCivil.UNION_LIBRE
        )
        assert familia.cotizante.estado_civil is esperado
        assert pareja[0].estado_civil is esperado


def test_los_cotizantes_contributivos_cotizan_entre_1_y_25_smlmv(
    mil: list[FamiliaSintetica],
) -> None:
    rangos: Counter[RangoSalarial] = Counter()
    tipos: Counter[TipoCotizante] = Counter()
    for familia in mil:
        cotizante = familia.cotizante
        if cotizante.regimen is Regimen.SUBSIDIADO:
            assert cotizante.ibc is None and cotizante.subtipo_cotizante is None
            assert cotizante.nivel_sisben is not None
            continue
        assert cotizante.subtipo_cotizante is not None and cotizante.ibc is not None
        assert SMLMV <= cotizante.ibc <= 25 * SMLMV
        rangos[rango_salarial(cotizante.ibc, SMLMV)] += 1
        tipo = tipo_de(cotizante.subtipo_cotizante)
        tipos[tipo] += 1
        assert (cotizante.empleador_id is not None) == (tipo is TipoCotizante.DEPENDIENTE)
    assert set(rangos) == set(RangoSalarial)
    assert rangos[RangoSalarial.A] > rangos[RangoSalarial.B] > rangos[RangoSalarial.C]
    # Mostly dependent employees; some independent workers and some pensioners.
    assert tipos[TipoCotizante.DEPENDIENTE] > tipos[TipoCotizante.INDEPENDIENTE] > 0
    assert tipos[TipoCotizante.DEPENDIENTE] > tipos[TipoCotizante.PENSIONADO] > 0


def test_cada_empleador_se_registra_antes_que_sus_trabajadores_con_nit_valido(
    mil: list[FamiliaSintetica],
) -> None:
    registrados: set[UUID] = set()
    nits: set[str] = set()
    for familia in mil:
        for empleador in familia.empleadores:
            assert empleador.tipo_documento == "NIT"
            assert empleador.digito_verificacion == digito_verificacion_nit(
                empleador.numero_documento
            )
            assert empleador.numero_documento not in nits
            assert empleador.empleador_id not in registrados
            nits.add(empleador.numero_documento)
            registrados.add(empleador.empleador_id)
        if familia.cotizante.empleador_id is not None:
            assert familia.cotizante.empleador_id in registrados
    assert ID_EMPLEADOR_FIJO in registrados
    assert len(registrados) > 10


def test_los_planes_pac_son_de_personas_de_la_familia(mil: list[FamiliaSintetica]) -> None:
    con_plan = [f for f in mil if f.planes]
    assert len(con_plan) > 5
    for familia in con_plan:
        assert familia.cotizante.regimen is Regimen.CONTRIBUTIVO
        fechas = {p.afiliado_id: p.fecha_afiliacion for p in familia.personas}
        for plan in familia.planes:
            afiliacion = fechas[plan.afiliado_id]
            assert afiliacion is not None and afiliacion <= plan.fecha_inicio <= HOY
    (recortada,) = poblacion(3, semilla=7, hoy=HOY)  # the fixed family, cut short
    assert {p.afiliado_id for p in recortada.planes} == {p.afiliado_id for p in recortada.personas}


def test_la_misma_semilla_da_la_misma_poblacion() -> None:
    assert list(poblacion(300, semilla=5, hoy=HOY)) == list(poblacion(300, semilla=5, hoy=HOY))


def test_otra_semilla_da_otra_poblacion() -> None:
    una = personas(list(poblacion(300, semilla=5, hoy=HOY)))
    otra = personas(list(poblacion(300, semilla=6, hoy=HOY)))
    assert una[:5] == otra[:5]  # las familias fijas
    assert una[5:] != otra[5:]


def test_una_poblacion_mas_grande_extiende_la_mas_pequena() -> None:
    pequena = personas(list(poblacion(200, semilla=5, hoy=HOY)))
    grande = personas(list(poblacion(500, semilla=5, hoy=HOY)))
    assert grande[:200] == pequena


async def test_toda_la_poblacion_pasa_las_reglas_del_dominio(
    mil: list[FamiliaSintetica],
) -> None:
    """Every command of every family succeeds, in the order the seed runs them."""
    almacen = AlmacenEnMemoria()
    aplicacion = bootstrap_en_memoria(almacen, hoy=lambda: HOY)

    for familia in mil:
        for empleador in familia.empleadores:
            await aplicacion.ejecutar(empleador)
        for persona in familia.personas:
            resultado = await aplicacion.ejecutar(persona)
            plan = familia.plan_de(persona.afiliado_id)
            if plan is not None:
                await aplicacion.ejecutar(plan.contratar(resultado.version))

    afiliados = [s for s in almacen.streams.values() if s[0].aggregate_type == "Afiliado"]
    assert len(afiliados) == 1000
    assert len(almacen.streams) == 1000 + sum(len(f.empleadores) for f in mil)


async def test_sembrar_en_memoria_registra_a_todos_y_repetir_no_rechaza_a_nadie(
    mil: list[FamiliaSintetica],
) -> None:
    aplicacion = bootstrap_en_memoria(AlmacenEnMemoria(), hoy=lambda: HOY)

    primera = await sembrar(aplicacion, mil, trabajadores=4)
    segunda = await sembrar(aplicacion, mil, trabajadores=4)

    assert (primera.registrados, primera.rechazados, primera.omitidos) == (1000, 0, 0)
    assert primera.empleadores == sum(len(f.empleadores) for f in mil)
    assert primera.planes_pac == sum(len(f.planes) for f in mil)
    assert (segunda.registrados, segunda.ya_existian, segunda.rechazados) == (0, 1000, 0)
    assert (segunda.empleadores, segunda.planes_pac) == (0, 0)
