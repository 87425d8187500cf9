"""The exported JSON Schemas work for consumers outside Python (checked with jsonschema)."""

import json
from typing import Any

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from eps_contracts.events import DomainEvent, all_event_classes
from eps_contracts.examples import example_of
from eps_contracts.paths import SCHEMAS_DIR


def validator(cls: type[DomainEvent]) -> Draft202012Validator:
    schema = json.loads((SCHEMAS_DIR / f"{cls.ce_type()}.json").read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


@pytest.mark.parametrize("cls", all_event_classes(), ids=lambda c: c.ce_type())
def test_what_a_producer_emits_is_valid_against_the_committed_schema(
    cls: type[DomainEvent],
) -> None:
    emitted = json.loads(example_of(cls).model_dump_json())

    assert list(validator(cls).iter_errors(emitted)) == []


@pytest.mark.parametrize("cls", all_event_classes(), ids=lambda c: c.ce_type())
def test_the_schema_tolerates_unknown_fields(cls: type[DomainEvent]) -> None:
    emitted = json.loads(example_of(cls).model_dump_json()) | {"campo_futuro": 1}

    assert list(validator(cls).iter_errors(emitted)) == []


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("afiliado_id", "no-es-uuid"),
        ("tipo_documento", "XX"),
        ("fecha_nacimiento", "17/05/1990"),
        ("telefono_movil", "12345"),
        ("municipio_divipola", "760"),
    ],
)
def test_the_schema_rejects_what_the_model_rejects(field: str, value: Any) -> None:
    [cls] = [c for c in all_event_classes() if c.name == "AfiliadoRegistrado"]
    emitted = json.loads(example_of(cls).model_dump_json()) | {field: value}

    assert list(validator(cls).iter_errors(emitted)) != []
