"""The rows built from affiliation's novedades: document, names, estado, tipo (pure)."""

import uuid
from datetime import UTC, datetime, timedelta

from eps_contracts.codec import to_envelope
from eps_contracts.events import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    AfiliacionSuspendida,
    DocumentoIdentidadActualizado,
    DomainEvent,
    NombresActualizados,
    TipoAfiliadoCambiado,
)
from eps_contracts.events.affiliation import AFILIADO_EVENTS
from eps_contracts.examples import (
    AFILIADO_ID,
    afiliado_registrado,
    datos_contacto_actualizados,
    example_of,
)
from eps_contracts.types import Parentesco, TipoAfiliado, TipoDocumento
from eps_runtime.consumer import ConsumedEvent
from identity.adapters.filas_afiliados import EVENTOS_ATENDIDOS, construir_lote

AHORA = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)


def consumido(evento: DomainEvent, version: int, time: datetime = AHORA) -> ConsumedEvent:
    sobre = to_envelope(evento, event_id=uuid.uuid4(), time=time, aggregate_version=version)
    return ConsumedEvent(sobre, evento, "eps.affiliation.afiliados", 0, version)


def de_ana(cls: type[DomainEvent], **cambios: object) -> DomainEvent:
    """The contract's example of ``cls``, about the example affiliate (Ana)."""
    return example_of(cls).model_copy(update={"afiliado_id": AFILIADO_ID, **cambios})


def nuevo_documento(numero: str, tipo: TipoDocumento = TipoDocumento.CC) -> DomainEvent:
    return DocumentoIdentidadActualizado(
        afiliado_id=AFILIADO_ID, tipo_documento=tipo, numero_documento=numero
    )


def test_un_cambio_de_documento_lleva_el_nuevo_tipo_y_numero_y_cuando_se_registro() -> None:
    lote = construir_lote([consumido(nuevo_documento("1000000009"), 2)])

    assert lote.registros["ids"] == []
    assert lote.cambios["ids"] == [AFILIADO_ID]
    assert (lote.cambios["tipos"], lote.cambios["numeros"]) == (["CC"], ["1000000009"])
    assert lote.cambios["documentos_desde"] == [AHORA]
    assert lote.cambios["versiones_documento"] == [2]


def test_el_registro_lleva_cuando_se_registro_como_desde_cuando_tiene_el_documento() -> None:
    lote = construir_lote([consumido(afiliado_registrado(), 1, AHORA - timedelta(days=9))])
    assert lote.registros["documentos_desde"] == [AHORA - timedelta(days=9)]


def test_de_dos_cambios_de_documento_queda_el_mas_reciente() -> None:
    lote = construir_lote(
        [
            consumido(nuevo_documento("1000000009", TipoDocumento.TI), 2),
            consumido(nuevo_documento("1000000010"), 3, AHORA + timedelta(minutes=1)),
        ]
    )
    assert (lote.cambios["tipos"], lote.cambios["numeros"]) == (["CC"], ["1000000010"])
    assert lote.cambios["documentos_desde"] == [AHORA + timedelta(minutes=1)]


def test_nombres_actualizados_llevan_el_nombre_completo() -> None:
    evento = NombresActualizados(
        afiliado_id=AFILIADO_ID, primer_nombre="Anna", primer_apellido="Peres"
    )
    lote = construir_lote([consumido(evento, 2)])

    assert lote.cambios["primeros_nombres"] == ["Anna"]
    assert lote.cambios["segundos_nombres"] == [None]
    assert lote.cambios["primeros_apellidos"] == ["Peres"]
    assert lote.cambios["segundos_apellidos"] == [None]
    assert lote.cambios["versiones_nombres"] == [2]


def test_retiro_suspension_y_reactivacion_dan_el_estado_del_mas_reciente() -> None:
    assert construir_lote([consumido(de_ana(AfiliacionRetirada), 2)]).cambios["estados"] == [
        "RETIRADO"
    ]
    assert construir_lote([consumido(de_ana(AfiliacionSuspendida), 2)]).cambios["estados"] == [
        "SUSPENDIDO"
    ]
    lote = construir_lote(
        [consumido(de_ana(AfiliacionRetirada), 2), consumido(de_ana(AfiliacionReactivada), 3)]
    )
    assert (lote.cambios["estados"], lote.cambios["versiones_estado"]) == (["ACTIVO"], [3])


def test_un_evento_de_estado_anterior_no_reemplaza_al_mas_reciente_del_lote() -> None:
    lote = construir_lote(
        [consumido(de_ana(AfiliacionRetirada), 4), consumido(de_ana(AfiliacionReactivada), 3)]
    )
    assert (lote.cambios["estados"], lote.cambios["versiones_estado"]) == (["RETIRADO"], [4])


def test_tipo_afiliado_cambiado_lleva_el_tipo_y_el_cotizante() -> None:
    cotizante = uuid.uuid4()
    evento = TipoAfiliadoCambiado(
        afiliado_id=AFILIADO_ID,
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante,
        parentesco=Parentesco.CONYUGE,
    )
    lote = construir_lote([consumido(evento, 5)])

    assert lote.cambios["tipos_afiliado"] == ["BENEFICIARIO"]
    assert lote.cambios["cotizantes"] == [cotizante]
    assert lote.cambios["versiones_tipo"] == [5]


def test_cada_grupo_de_columnas_guarda_la_version_de_su_evento() -> None:
    lote = construir_lote(
        [
            consumido(de_ana(NombresActualizados), 2),
            consumido(datos_contacto_actualizados(), 3),
            consumido(nuevo_documento("1000000009"), 4),
        ]
    )

    assert lote.cambios["versiones_nombres"] == [2]
    assert lote.cambios["versiones_contacto"] == [3]
    assert lote.cambios["versiones_documento"] == [4]
    # Groups absent from the batch: null version and values, so the row keeps its own.
    assert lote.cambios["versiones_estado"] == [None]
    assert lote.cambios["estados"] == [None]
    assert lote.cambios["versiones_tipo"] == [None]
    assert lote.cambios["tipos_afiliado"] == [None]
    # The row ends at the newest version of the batch.
    assert lote.cambios["versiones"] == [4]


def test_una_fila_de_cambios_por_afiliado_y_todas_las_columnas_alineadas() -> None:
    otro = uuid.uuid4()
    lote = construir_lote(
        [
            consumido(nuevo_documento("1000000009"), 2),
            consumido(de_ana(AfiliacionSuspendida, afiliado_id=otro), 7),
            consumido(de_ana(NombresActualizados), 3),
        ]
    )

    assert lote.cambios["ids"] == [AFILIADO_ID, otro]
    assert lote.cambios["versiones"] == [3, 7]
    assert {len(columna) for columna in lote.cambios.values()} == {2}


def test_los_eventos_que_identidad_no_necesita_no_producen_escrituras() -> None:
    ajenos = [cls for cls in AFILIADO_EVENTS if cls not in EVENTOS_ATENDIDOS]
    assert ajenos, "el tópico trae eventos que identidad no necesita"

    lote = construir_lote([consumido(de_ana(cls), n + 2) for n, cls in enumerate(ajenos)])

    assert lote.registros["ids"] == []
    assert lote.cambios["ids"] == []


def test_los_eventos_atendidos_son_todos_del_topico_de_afiliados() -> None:
    assert set(EVENTOS_ATENDIDOS) <= set(AFILIADO_EVENTS)
