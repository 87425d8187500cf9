"""Who may act for whom (manual 4.1.1, 4.1.3, 4.3; Ley 1581 de 2012), and what each person
still owes in documents (manual 4.1.2). Pure: aggregates built in memory, dates given."""

from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import pytest

from affiliation.application import acceso
from affiliation.application.consultas_afiliado import soportes_pendientes, soportes_requeridos
from affiliation.application.errores import AfiliadoNoEncontrado
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.grupo_familiar import Candidato
from affiliation.domain.soportes import TipoSoporte
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.types import (
    FormatoSoporte,
    Parentesco,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoDocumento,
)
from eps_contracts.valores import Documento

HOY = date(2026, 11, 22)
CUMPLE_18 = date(2008, 11, 23)  # turns 18 tomorrow


def registrar(**cambios: Any) -> Afiliado:
    campos: dict[str, Any] = {
        "afiliado_id": uuid4(),
        "documento": Documento(TipoDocumento.CC, "1000000001"),
        "nombre": NombreCompleto("Ana", "Pérez", "María", "Gómez"),
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "fecha_afiliacion": date(2015, 2, 1),
        "contacto": DatosContacto("ana@example.com", "3001234567", "Calle 5 # 38-25", "76001"),
        "hoy": HOY,
    }
    return Afiliado.registrar(**(campos | cambios))


def beneficiario(
    cotizante: Afiliado,
    parentesco: Parentesco,
    nacimiento: date,
    documento: Documento,
    *,
    estudiante: bool = False,
) -> Afiliado:
    """A member of ``cotizante``'s group: included in his stream and registered on its own."""
    afiliado_id = uuid4()
    causal = cotizante.incluir_beneficiario(
        beneficiario_id=afiliado_id,
        candidato=Candidato(
            TipoAfiliado.BENEFICIARIO,
            parentesco,
            nacimiento,
            estudiante_tiempo_completo=estudiante,
        ),
        hoy=HOY,
    )
    return registrar(
        afiliado_id=afiliado_id,
        documento=documento,
        nombre=NombreCompleto("Beneficiario", "Pérez"),
        fecha_nacimiento=nacimiento,
        fecha_afiliacion=HOY,
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante.afiliado_id,
        cotizante=cotizante,
        parentesco=parentesco,
        causal_inclusion=causal,
        estudiante_tiempo_completo=estudiante,
    )


@pytest.fixture
def cotizante() -> Afiliado:
    return registrar()


@pytest.fixture
def hijo_menor(cotizante: Afiliado) -> Afiliado:
    return beneficiario(
        cotizante, Parentesco.HIJO, date(2014, 10, 13), Documento(TipoDocumento.TI, "1000000003")
    )


@pytest.fixture
def hijo_mayor(cotizante: Afiliado) -> Afiliado:
    return beneficiario(
        cotizante,
        Parentesco.HIJO,
        date(2005, 3, 1),
        Documento(TipoDocumento.CC, "1000000004"),
        estudiante=True,
    )


@pytest.fixture
def conyuge(cotizante: Afiliado) -> Afiliado:
    return beneficiario(
        cotizante, Parentesco.CONYUGE, date(1988, 1, 2), Documento(TipoDocumento.CC, "1000000002")
    )


@pytest.fixture
def otra_familia() -> tuple[Afiliado, Afiliado]:
    otro = registrar(documento=Documento(TipoDocumento.CC, "2000000001"))
    hija = beneficiario(
        otro, Parentesco.HIJO, date(2016, 2, 1), Documento(TipoDocumento.TI, "2000000003")
    )
    return otro, hija


# -- managing (manual 4.1.1, 4.1.3) ----------------------------------------------------------


def test_cada_afiliado_gestiona_sus_propios_datos(
    cotizante: Afiliado, hijo_mayor: Afiliado, conyuge: Afiliado
) -> None:
    for persona in (cotizante, hijo_mayor, conyuge):
        assert acceso.puede_gestionar(persona, persona, HOY)
        assert acceso.puede_descargar_certificados(persona, persona)


def test_cotizante_gestiona_a_su_hijo_menor(cotizante: Afiliado, hijo_menor: Afiliado) -> None:
    assert acceso.puede_gestionar(cotizante, hijo_menor, HOY)
    acceso.exigir_gestion(cotizante, hijo_menor, HOY)


def test_cotizante_no_gestiona_a_su_hijo_mayor_ni_a_su_conyuge(
    cotizante: Afiliado, hijo_mayor: Afiliado, conyuge: Afiliado
) -> None:
    """Adults act for themselves (Ley 1581 de 2012)."""
    for adulto in (hijo_mayor, conyuge):
        assert not acceso.puede_gestionar(cotizante, adulto, HOY)
        with pytest.raises(AfiliadoNoEncontrado):
            acceso.exigir_gestion(cotizante, adulto, HOY)


def test_la_mayoria_de_edad_se_cuenta_el_dia_de_la_solicitud(cotizante: Afiliado) -> None:
    hija = beneficiario(
        cotizante, Parentesco.HIJO, CUMPLE_18, Documento(TipoDocumento.TI, "1000000005")
    )

    assert acceso.puede_gestionar(cotizante, hija, HOY)
    assert not acceso.puede_gestionar(cotizante, hija, HOY + timedelta(days=1))


def test_cotizante_descarga_certificados_de_todo_su_grupo(
    cotizante: Afiliado, hijo_menor: Afiliado, hijo_mayor: Afiliado, conyuge: Afiliado
) -> None:
    """Manual 4.3: "tanto del cotizante como sus beneficiarios mayores y menores de edad"."""
    for miembro in (hijo_menor, hijo_mayor, conyuge):
        assert acceso.puede_descargar_certificados(cotizante, miembro)
        acceso.exigir_certificados(cotizante, miembro)


def test_beneficiario_no_actua_por_su_cotizante_ni_por_sus_hermanos(
    cotizante: Afiliado, hijo_menor: Afiliado, hijo_mayor: Afiliado, conyuge: Afiliado
) -> None:
    for beneficiario_ in (hijo_mayor, conyuge):
        for otro in (cotizante, hijo_menor):
            assert not acceso.puede_gestionar(beneficiario_, otro, HOY)
            assert not acceso.puede_descargar_certificados(beneficiario_, otro)


def test_nadie_actua_por_otra_familia(
    cotizante: Afiliado, otra_familia: tuple[Afiliado, Afiliado]
) -> None:
    otro, su_hija = otra_familia
    for ajeno in (otro, su_hija):
        assert not acceso.puede_gestionar(cotizante, ajeno, HOY)
        with pytest.raises(AfiliadoNoEncontrado):
            acceso.exigir_certificados(cotizante, ajeno)


def test_pertenecer_al_grupo_exige_que_ambos_lados_coincidan(
    cotizante: Afiliado, otra_familia: tuple[Afiliado, Afiliado]
) -> None:
    """A member of the caller's group whose own stream names another cotizante (or one who
    names the caller but is not in his group) is not his to manage."""
    otro, su_hija = otra_familia
    cotizante.grupo[su_hija.afiliado_id] = otro.grupo[su_hija.afiliado_id]
    assert not acceso.es_de_su_grupo(cotizante, su_hija)

    hijo = beneficiario(
        cotizante, Parentesco.HIJO, date(2015, 1, 1), Documento(TipoDocumento.TI, "1000000006")
    )
    del cotizante.grupo[hijo.afiliado_id]
    assert not acceso.puede_gestionar(cotizante, hijo, HOY)


def test_la_negativa_es_la_misma_que_la_de_un_afiliado_inexistente(
    cotizante: Afiliado, hijo_mayor: Afiliado
) -> None:
    with pytest.raises(AfiliadoNoEncontrado) as negado:
        acceso.exigir_gestion(cotizante, hijo_mayor, HOY)

    assert str(negado.value) == str(AfiliadoNoEncontrado(uuid4()))


# -- pending support documents (manual 4.1.2) ------------------------------------------------


def _cargar(afiliado: Afiliado, tipo: TipoSoporte) -> Any:
    soporte_id = uuid4()
    afiliado.cargar_soporte(
        soporte_id=soporte_id,
        tipo_soporte=tipo.value,
        formato=FormatoSoporte.PDF,
        tamano_bytes=1000,
        sha256="0" * 64,
        cargado_por=None,
    )
    return soporte_id


def test_hijo_menor_debe_los_soportes_de_su_causal(hijo_menor: Afiliado) -> None:
    pendientes = soportes_pendientes(hijo_menor)

    assert [p.tipo_soporte for p in pendientes] == [
        TipoSoporte.REGISTRO_CIVIL_NACIMIENTO,
        TipoSoporte.DOCUMENTO_IDENTIDAD,
    ]
    assert pendientes[0].descripcion == TipoSoporte.REGISTRO_CIVIL_NACIMIENTO.descripcion
    assert pendientes[0].nombre == "Beneficiario Pérez"
    assert pendientes[0].motivo_rechazo is None


def test_cotizante_debe_los_soportes_de_su_tipo_de_cotizante() -> None:
    contratista = registrar(
        subtipo_cotizante=SubtipoCotizante.CONTRATISTA,
    )

    assert soportes_requeridos(contratista) == (
        TipoSoporte.DOCUMENTO_IDENTIDAD,
        TipoSoporte.PAGO_MES_AFILIACION,
        TipoSoporte.CONTRATO,
        TipoSoporte.DECLARACION_INDEPENDIENTE,
    )


def test_cotizante_sin_tipo_debe_su_documento_de_identidad(cotizante: Afiliado) -> None:
    assert soportes_requeridos(cotizante) == (TipoSoporte.DOCUMENTO_IDENTIDAD,)


def test_soportes_de_novedades_se_suman_sin_repetir(cotizante: Afiliado) -> None:
    cotizante.registrar_novedad(
        radicado="NOV-20261122-0000000A",
        codigo=2,
        nombre_novedad="Nombres y apellidos",
        fecha_novedad=HOY,
        soportes_requeridos=[TipoSoporte.DOCUMENTO_IDENTIDAD, TipoSoporte.SOPORTE_ESTADO_CIVIL],
        reportada_por_afiliado=True,
    )

    assert soportes_requeridos(cotizante) == (
        TipoSoporte.DOCUMENTO_IDENTIDAD,
        TipoSoporte.SOPORTE_ESTADO_CIVIL,
    )


def test_soporte_en_revision_o_aprobado_deja_de_estar_pendiente(hijo_menor: Afiliado) -> None:
    aprobado = _cargar(hijo_menor, TipoSoporte.REGISTRO_CIVIL_NACIMIENTO)
    hijo_menor.aprobar_soporte(aprobado)
    _cargar(hijo_menor, TipoSoporte.DOCUMENTO_IDENTIDAD)

    assert soportes_pendientes(hijo_menor) == []


def test_soporte_rechazado_sigue_pendiente_con_el_motivo_del_ultimo_rechazo(
    hijo_menor: Afiliado,
) -> None:
    primero = _cargar(hijo_menor, TipoSoporte.DOCUMENTO_IDENTIDAD)
    hijo_menor.rechazar_soporte(primero, "Ilegible")
    segundo = _cargar(hijo_menor, TipoSoporte.DOCUMENTO_IDENTIDAD)
    hijo_menor.rechazar_soporte(segundo, "Documento vencido")

    [_, identidad] = soportes_pendientes(hijo_menor)

    assert identidad.tipo_soporte == TipoSoporte.DOCUMENTO_IDENTIDAD
    assert identidad.motivo_rechazo == "Documento vencido"


def test_rechazo_seguido_de_un_envio_nuevo_queda_en_revision(hijo_menor: Afiliado) -> None:
    rechazado = _cargar(hijo_menor, TipoSoporte.DOCUMENTO_IDENTIDAD)
    hijo_menor.rechazar_soporte(rechazado, "Ilegible")
    _cargar(hijo_menor, TipoSoporte.DOCUMENTO_IDENTIDAD)

    assert [p.tipo_soporte for p in soportes_pendientes(hijo_menor)] == [
        TipoSoporte.REGISTRO_CIVIL_NACIMIENTO
    ]


def test_soporte_de_codigo_desconocido_se_muestra_con_su_codigo(cotizante: Afiliado) -> None:
    cotizante.registrar_novedad(
        radicado="NOV-20261122-0000000B",
        codigo=3,
        nombre_novedad="Estado Civil",
        fecha_novedad=HOY,
        soportes_requeridos=["SOPORTE_NUEVO"],
        reportada_por_afiliado=False,
    )

    [_, nuevo] = soportes_pendientes(cotizante)

    assert (nuevo.tipo_soporte, nuevo.descripcion) == ("SOPORTE_NUEVO", "SOPORTE_NUEVO")
