"""The synthetic population: coherent, valid for the domain, deterministic."""

from datetime import date

import pytest

from affiliation.adapters.memoria import AlmacenEnMemoria
from affiliation.application.comandos import RegistrarAfiliado
from affiliation.application.poblacion_sintetica import (
    DOCUMENTOS_FIJOS,
    ID_COTIZANTE_FIJO,
    FamiliaSintetica,
    poblacion,
)
from affiliation.bootstrap import bootstrap_en_memoria
from affiliation.domain.edad import anios_cumplidos, documento_admite_edad
from eps_contracts.types import Parentesco, TipoAfiliado, TipoDocumento

HOY = date(2026, 11, 22)


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


def test_los_grupos_familiares_son_coherentes(mil: list[FamiliaSintetica]) -> None:
    for familia in mil:
        cotizante = familia.cotizante
        assert cotizante.tipo_afiliado is TipoAfiliado.COTIZANTE
        assert anios_cumplidos(cotizante.fecha_nacimiento, HOY) >= 18
        parentescos = {b.parentesco for b in familia.beneficiarios}
        for beneficiario in familia.beneficiarios:
            assert beneficiario.tipo_afiliado in (TipoAfiliado.BENEFICIARIO, TipoAfiliado.ADICIONAL)
            assert beneficiario.cotizante_id == cotizante.afiliado_id
            assert beneficiario.regimen is cotizante.regimen
            if beneficiario.parentesco in (Parentesco.HIJO, Parentesco.HIJASTRO):
                assert beneficiario.fecha_nacimiento > cotizante.fecha_nacimiento
                assert anios_cumplidos(beneficiario.fecha_nacimiento, HOY) <= 25
            if beneficiario.tipo_afiliado is TipoAfiliado.ADICIONAL:
                assert anios_cumplidos(beneficiario.fecha_nacimiento, HOY) < 12
        if parentescos & {Parentesco.PADRE, Parentesco.MADRE}:
            # Padres solo si no hay cónyuge, compañero(a) ni hijos (Decreto 806 de 1998).
            assert parentescos <= {Parentesco.PADRE, Parentesco.MADRE}


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
    almacen = AlmacenEnMemoria()
    aplicacion = bootstrap_en_memoria(almacen, hoy=lambda: HOY)

    for persona in personas(mil):
        await aplicacion.ejecutar(persona)

    assert len(almacen.streams) == 1000
