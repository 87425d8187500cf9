"""The projection's definition and the rows it builds from a batch (pure)."""

import uuid
from datetime import UTC, datetime

from eps_contracts.codec import to_envelope
from eps_contracts.events import DomainEvent
from eps_contracts.examples import AFILIADO_ID, afiliado_registrado, datos_contacto_actualizados
from eps_runtime.consumer import ConsumedEvent
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.adapters.filas_afiliados import construir_lote


def consumido(evento: DomainEvent, version: int, offset: int = 0) -> ConsumedEvent:
    sobre = to_envelope(
        evento, event_id=uuid.uuid4(), time=datetime.now(UTC), aggregate_version=version
    )
    return ConsumedEvent(sobre, evento, "eps.affiliation.afiliados", 0, offset)


def test_la_proyeccion_usa_el_grupo_del_catalogo_y_el_prefijo_del_topico() -> None:
    proyeccion = AfiliadosValidablesProjection(topic_prefix="test.x.")
    assert proyeccion.name == "identity.afiliados"
    assert proyeccion.topics == ("test.x.eps.affiliation.afiliados",)


def test_la_proyeccion_atiende_registros_y_cambios_de_contacto() -> None:
    proyeccion = AfiliadosValidablesProjection()
    assert proyeccion.handles("co.eps.affiliation.AfiliadoRegistrado.v1")
    assert proyeccion.handles("co.eps.affiliation.DatosContactoActualizados.v1")
    assert not proyeccion.handles("co.eps.affiliation.AfiliadoRegistrado.v2")


def test_la_proyeccion_atiende_documento_nombres_estado_y_tipo_de_afiliado() -> None:
    proyeccion = AfiliadosValidablesProjection()
    for nombre in (
        "DocumentoIdentidadActualizado",
        "NombresActualizados",
        "AfiliacionSuspendida",
        "AfiliacionReactivada",
        "AfiliacionRetirada",
        "TipoAfiliadoCambiado",
    ):
        assert proyeccion.handles(f"co.eps.affiliation.{nombre}.v1"), nombre


def test_la_proyeccion_no_atiende_los_eventos_que_identidad_no_necesita() -> None:
    proyeccion = AfiliadosValidablesProjection()
    for nombre in (
        "CambioIPSSolicitado",
        "NovedadRegistrada",
        "BeneficiarioIncluido",
        "BeneficiarioExcluido",
        "EstadoCivilActualizado",
        "CotizacionActualizada",
        "PlanComplementarioContratado",
    ):
        assert not proyeccion.handles(f"co.eps.affiliation.{nombre}.v1"), nombre


def test_un_registro_da_una_fila_con_su_version() -> None:
    lote = construir_lote([consumido(afiliado_registrado(), 1)])

    assert lote.registros["ids"] == [AFILIADO_ID]
    assert lote.registros["tipos"] == ["CC"]
    assert lote.registros["numeros"] == ["1000000001"]
    assert lote.registros["primeros_nombres"] == ["Ana"]
    assert lote.registros["versiones"] == [1]
    assert lote.cambios["ids"] == []
    # Todas las columnas tienen una fila: unnest las recorre en paralelo.
    assert {len(columna) for columna in lote.registros.values()} == {1}


def test_de_varios_eventos_del_mismo_afiliado_queda_el_de_mayor_version() -> None:
    lote = construir_lote(
        [
            consumido(datos_contacto_actualizados(telefono_movil="3000000003"), 3),
            consumido(datos_contacto_actualizados(telefono_movil="3000000002"), 2),
            consumido(datos_contacto_actualizados(telefono_movil="3000000004"), 4, offset=2),
        ]
    )
    assert lote.cambios["ids"] == [AFILIADO_ID]
    assert lote.cambios["telefonos"] == ["3000000004"]
    assert lote.cambios["direcciones"] == ["Carrera 100 # 11-60"]
    assert lote.cambios["versiones_contacto"] == [4]
    assert lote.cambios["versiones"] == [4]


def test_un_lote_con_registro_y_contacto_produce_ambas_escrituras() -> None:
    otro = uuid.uuid4()
    lote = construir_lote(
        [
            consumido(afiliado_registrado(), 1),
            consumido(afiliado_registrado(afiliado_id=otro, numero_documento="1000000002"), 1),
            consumido(datos_contacto_actualizados(direccion=None), 2),
        ]
    )
    assert lote.registros["ids"] == [AFILIADO_ID, otro]
    assert lote.cambios["ids"] == [AFILIADO_ID]
    assert lote.cambios["direcciones"] == [None]
