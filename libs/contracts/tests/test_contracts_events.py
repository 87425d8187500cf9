from typing import Any
from uuid import uuid4

import pytest
from pydantic import ValidationError

from eps_contracts.events import (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    UnknownEventType,
    all_event_classes,
    event_class,
)
from eps_contracts.examples import AFILIADO_ID, afiliado_registrado, example_of
from eps_contracts.types import Parentesco, TipoAfiliado, TipoDocumento


def test_el_tipo_cloudevents_nombra_servicio_evento_y_version() -> None:
    assert AfiliadoRegistrado.ce_type() == "co.eps.affiliation.AfiliadoRegistrado.v1"
    assert DatosContactoActualizados.ce_type() == (
        "co.eps.affiliation.DatosContactoActualizados.v1"
    )


def test_el_id_del_agregado_es_el_afiliado() -> None:
    evento = afiliado_registrado()

    assert AfiliadoRegistrado.aggregate_type == "Afiliado"
    assert evento.aggregate_id() == str(AFILIADO_ID)


def test_un_evento_no_se_puede_modificar() -> None:
    evento = afiliado_registrado()

    with pytest.raises(ValidationError):
        evento.primer_nombre = "Otra"  # type: ignore[misc]


def test_un_consumidor_ignora_campos_que_no_conoce() -> None:
    datos = afiliado_registrado().model_dump(mode="json") | {"campo_nuevo_v1": "x"}

    evento = AfiliadoRegistrado.model_validate(datos)

    assert evento == afiliado_registrado()
    assert "campo_nuevo_v1" not in evento.model_dump()


@pytest.mark.parametrize(
    ("tipo", "numero"),
    [
        (TipoDocumento.CC, "12"),
        (TipoDocumento.CC, "12345678901234567"),
        (TipoDocumento.CC, "12345A"),
        (TipoDocumento.TI, "1000-2"),
        (TipoDocumento.RC, "R123456"),
        (TipoDocumento.CN, "CN9999"),
        (TipoDocumento.PA, "AB 12345"),
        (TipoDocumento.CE, "ÑA12345"),
    ],
)
def test_numero_de_documento_invalido_para_su_tipo_se_rechaza(
    tipo: TipoDocumento, numero: str
) -> None:
    with pytest.raises(ValidationError):
        afiliado_registrado(tipo_documento=tipo, numero_documento=numero)


@pytest.mark.parametrize(
    ("tipo", "numero"),
    [
        (TipoDocumento.CC, "123"),
        (TipoDocumento.CC, "1234567890123456"),
        (TipoDocumento.PA, "AB123456"),
        (TipoDocumento.CE, "e12345"),
        (TipoDocumento.PT, "4567890"),
    ],
)
def test_numero_de_documento_valido_se_acepta(tipo: TipoDocumento, numero: str) -> None:
    assert afiliado_registrado(tipo_documento=tipo, numero_documento=numero).numero_documento == (
        numero
    )


def test_un_beneficiario_indica_su_cotizante_y_parentesco() -> None:
    cotizante_id = uuid4()

    beneficiario = afiliado_registrado(
        afiliado_id=uuid4(),
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante_id,
        parentesco=Parentesco.HIJO,
    )

    assert beneficiario.cotizante_id == cotizante_id


@pytest.mark.parametrize(
    "cambios",
    [
        {"tipo_afiliado": TipoAfiliado.BENEFICIARIO},
        {"tipo_afiliado": TipoAfiliado.ADICIONAL, "cotizante_id": uuid4()},
        {"tipo_afiliado": TipoAfiliado.BENEFICIARIO, "parentesco": Parentesco.HIJO},
        {"cotizante_id": uuid4()},
        {"parentesco": Parentesco.CONYUGE},
        {
            "tipo_afiliado": TipoAfiliado.BENEFICIARIO,
            "cotizante_id": AFILIADO_ID,
            "parentesco": Parentesco.HIJO,
        },
    ],
)
def test_grupo_familiar_incoherente_se_rechaza(cambios: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        afiliado_registrado(**cambios)


@pytest.mark.parametrize(
    ("campo", "valor"),
    [
        ("email", "sin-arroba"),
        ("telefono_movil", "6012345678"),
        ("telefono_movil", "300123456"),
        ("municipio_divipola", "7600"),
        ("primer_nombre", ""),
    ],
)
def test_datos_de_contacto_con_formato_invalido_se_rechazan(campo: str, valor: str) -> None:
    with pytest.raises(ValidationError):
        afiliado_registrado(**{campo: valor})


def test_datos_de_contacto_llevan_todo_el_contacto_y_solo_el_afiliado_es_obligatorio() -> None:
    evento = DatosContactoActualizados(afiliado_id=AFILIADO_ID)

    assert evento.email is None
    datos = evento.model_dump(mode="json")
    assert datos.pop("afiliado_id") == str(AFILIADO_ID)
    assert set(datos) >= {"email", "telefono_movil", "direccion", "municipio_divipola"}
    assert all(valor is None for valor in datos.values())


def test_registry_finds_every_class_by_its_type() -> None:
    classes = all_event_classes()

    assert {AfiliadoRegistrado, DatosContactoActualizados} <= set(classes)
    assert len(classes) == len(set(classes))
    for cls in classes:
        assert event_class(cls.ce_type()) is cls


def test_registry_rejects_an_unknown_type() -> None:
    with pytest.raises(UnknownEventType, match=r"AfiliadoRegistrado\.v9"):
        event_class("co.eps.affiliation.AfiliadoRegistrado.v9")


@pytest.mark.parametrize("cls", all_event_classes(), ids=lambda c: c.ce_type())
def test_every_event_has_a_valid_example(cls: type[AfiliadoRegistrado]) -> None:
    example = example_of(cls)

    assert type(example) is cls
    assert cls.model_validate_json(example.model_dump_json()) == example
