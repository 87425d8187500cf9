"""The fold of affiliation events onto dashboard rows (pure: no Kafka, no database)."""

import json
import uuid
from datetime import date
from typing import Any

from eps_contracts.events import (
    AfiliacionSuspendida,
    EstadoCivilActualizado,
    IPSPrimariaCambiada,
    PlanComplementarioCancelado,
    PlanComplementarioContratado,
    TipoAfiliadoCambiado,
)
from eps_contracts.examples import afiliado_registrado, datos_contacto_actualizados, example_of
from eps_contracts.types import Parentesco, TipoAfiliado, TipoCotizante
from portal.adapters.tablero_filas import TIPOS_ATENDIDOS, plegar
from portal.adapters.tablero_projection import cargas_de_aviso

Familia = Any  # conftest's ``Familia`` (fixture ``familia``): conftest is not importable


def test_registro_crea_la_fila_con_su_version(familia: Familia) -> None:
    f = familia
    r = plegar({}, {}, [(f.cotizante(), 1)])

    fila = r.personas[f.cotizante_id]
    assert (fila["version"], fila["primer_nombre"], fila["estado"]) == (1, "Ana", "ACTIVO")
    assert r.personas_cambiadas == {f.cotizante_id}


def test_evento_duplicado_o_antiguo_no_cambia_la_fila(familia: Familia) -> None:
    f = familia
    nuevo = datos_contacto_actualizados(afiliado_id=f.cotizante_id, telefono_movil="3000000003")
    viejo = datos_contacto_actualizados(afiliado_id=f.cotizante_id, telefono_movil="3000000002")
    r = plegar({}, {}, [(f.cotizante(), 1), (nuevo, 3)])

    otra_vez = plegar(r.personas, r.grupos, [(f.cotizante(primer_nombre="X"), 1), (viejo, 2)])

    assert otra_vez.personas == r.personas
    assert otra_vez.personas_cambiadas == set()


def test_todo_tipo_de_evento_del_afiliado_avanza_la_version(familia: Familia) -> None:
    f = familia
    estado_civil = example_of(EstadoCivilActualizado).model_copy(
        update={"afiliado_id": f.cotizante_id}
    )
    r = plegar({}, {}, [(f.cotizante(), 1), (estado_civil, 2)])

    assert r.personas[f.cotizante_id]["version"] == 2
    assert EstadoCivilActualizado.ce_type() in TIPOS_ATENDIDOS


def test_estado_ips_y_plan_complementario_se_reflejan(familia: Familia) -> None:
    f = familia
    suspension = example_of(AfiliacionSuspendida).model_copy(update={"afiliado_id": f.cotizante_id})
    ips = IPSPrimariaCambiada(
        afiliado_id=f.cotizante_id,
        ips_primaria_codigo="760010000099",
        ips_primaria_nombre="IPS Salud Norte",
        ips_primaria_direccion="Calle 70 # 5-20",
        ips_primaria_telefono="6024445566",
    )
    pac = PlanComplementarioContratado(
        afiliado_id=f.cotizante_id,
        plan_codigo="PAC-ORO",
        plan_nombre="Plan Oro",
        fecha_inicio=date(2026, 1, 1),
    )
    r = plegar({}, {}, [(f.cotizante(), 1), (suspension, 2), (ips, 3), (pac, 4)])

    fila = r.personas[f.cotizante_id]
    assert (fila["estado"], fila["ips_primaria_codigo"], fila["pac_codigo"]) == (
        "SUSPENDIDO",
        "760010000099",
        "PAC-ORO",
    )
    assert (
        fila["ips_primaria_nombre"],
        fila["ips_primaria_direccion"],
        fila["ips_primaria_telefono"],
    ) == ("IPS Salud Norte", "Calle 70 # 5-20", "6024445566")
    cancelado = PlanComplementarioCancelado(
        afiliado_id=f.cotizante_id, plan_codigo="PAC-ORO", fecha_fin=date(2026, 12, 31)
    )
    r = plegar(r.personas, r.grupos, [(cancelado, 5)])
    assert r.personas[f.cotizante_id]["pac_codigo"] is None


def test_inclusion_antes_del_registro_del_beneficiario_se_guarda_en_el_grupo(
    familia: Familia,
) -> None:
    f = familia
    r = plegar({}, {}, [(f.inclusion(f.hijo_id, Parentesco.HIJO), 2)])

    assert r.grupos[(f.cotizante_id, f.hijo_id)]["activo"] is True
    assert r.personas == {}
    assert r.cotizantes_afectados == {f.cotizante_id}


def test_exclusion_marca_inactivo_y_una_inclusion_vieja_no_lo_revive(familia: Familia) -> None:
    f = familia
    incluido = plegar({}, {}, [(f.inclusion(f.esposa_id, Parentesco.CONYUGE), 2)])
    excluido = plegar(incluido.personas, incluido.grupos, [(f.exclusion(f.esposa_id), 3)])
    repetido = plegar(
        excluido.personas, excluido.grupos, [(f.inclusion(f.esposa_id, Parentesco.CONYUGE), 2)]
    )

    assert repetido.grupos[(f.cotizante_id, f.esposa_id)]["activo"] is False
    assert repetido.grupos_cambiados == set()


def test_cambio_de_cotizante_avisa_al_anterior_y_al_nuevo(familia: Familia) -> None:
    f = familia
    otro = uuid.uuid4()
    cambio = TipoAfiliadoCambiado(
        afiliado_id=f.esposa_id,
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=otro,
        parentesco=Parentesco.CONYUGE,
    )
    registrada = plegar({}, {}, [(f.esposa(), 1)])
    r = plegar(registrada.personas, {}, [(cambio, 2)])

    assert r.cotizantes_afectados == {f.cotizante_id, otro}
    assert r.personas[f.esposa_id]["cotizante_id"] == otro


def test_beneficiaria_que_pasa_a_cotizante_queda_sin_cotizante_ni_parentesco(
    familia: Familia,
) -> None:
    f = familia
    a_cotizante = TipoAfiliadoCambiado(
        afiliado_id=f.esposa_id,
        tipo_afiliado=TipoAfiliado.COTIZANTE,
        tipo_cotizante=TipoCotizante.INDEPENDIENTE,
        ibc=2_000_000,
    )
    r = plegar({}, {}, [(f.esposa(), 1), (a_cotizante, 2)])

    fila = r.personas[f.esposa_id]
    assert (fila["tipo_afiliado"], fila["cotizante_id"], fila["parentesco"]) == (
        "COTIZANTE",
        None,
        None,
    )


def test_los_avisos_grandes_se_parten_bajo_el_limite_de_postgresql() -> None:
    registros = [
        (afiliado_registrado(afiliado_id=uuid.uuid4(), numero_documento=f"{10**9 + n}"), 1)
        for n in range(250)
    ]
    r = plegar({}, {}, registros)

    cargas = list(cargas_de_aviso(r))

    assert len(cargas) == 3
    assert all(len(c.encode()) < 8000 for c in cargas)
    assert sum(len(json.loads(c)["afiliados"]) for c in cargas) == 250


def test_aviso_con_muchos_afiliados_y_muchos_cotizantes_cabe_en_postgresql() -> None:
    # 300 beneficiaries, each of a different cotizante: both lists of the notice are full.
    registros = [
        (
            afiliado_registrado(
                afiliado_id=uuid.uuid4(),
                numero_documento=f"{10**9 + n}",
                tipo_afiliado=TipoAfiliado.BENEFICIARIO,
                cotizante_id=uuid.uuid4(),
                parentesco=Parentesco.CONYUGE,
            ),
            1,
        )
        for n in range(300)
    ]
    r = plegar({}, {}, registros)
    assert len(r.cotizantes_afectados) == 300

    cargas = [json.loads(c) for c in cargas_de_aviso(r)]

    assert all(len(json.dumps(c, separators=(",", ":"))) < 8000 for c in cargas)
    assert sum(len(c["afiliados"]) for c in cargas) == 300
    assert {x for c in cargas for x in c["cotizantes"]} == {str(i) for i in r.cotizantes_afectados}
