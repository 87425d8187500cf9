"""The breaking-change rules, on pairs of synthetic models (old → new)."""

from enum import StrEnum
from typing import Any
from uuid import UUID

from pydantic import BaseModel, Field

from eps_contracts.compatibility import breaking_changes


def changes(old: type[BaseModel], new: type[BaseModel]) -> list[str]:
    return breaking_changes(old.model_json_schema(), new.model_json_schema())


class Base(BaseModel):
    afiliado_id: UUID
    nombre: str
    email: str | None = None


def test_identical_models_are_compatible() -> None:
    assert changes(Base, Base) == []


def test_adding_an_optional_field_is_allowed() -> None:
    class New(Base):
        telefono: str | None = None

    assert changes(Base, New) == []


def test_documentation_changes_are_allowed() -> None:
    class New(BaseModel):
        """Now with a description."""

        afiliado_id: UUID = Field(description="El afiliado.", title="Id")
        nombre: str = Field(examples=["Ana"])
        email: str | None = None

    assert changes(Base, New) == []


def test_removing_a_field_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str

    assert changes(Base, New) == ["field 'email' was removed"]


def test_retyping_a_field_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: int
        email: str | None = None

    [problem] = changes(Base, New)
    assert "field 'nombre'" in problem and "type changed" in problem


def test_changing_a_format_breaks() -> None:
    class New(BaseModel):
        afiliado_id: str
        nombre: str
        email: str | None = None

    [problem] = changes(Base, New)
    assert "afiliado_id" in problem


def test_tightening_a_constraint_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str = Field(max_length=10)
        email: str | None = None

    assert len(changes(Base, New)) == 1


def test_making_an_optional_field_required_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str
        email: str | None

    assert changes(Base, New) == ["field 'email' changed from optional to required"]


def test_making_a_required_field_optional_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str = "sin nombre"
        email: str | None = None

    assert changes(Base, New) == ["field 'nombre' changed from required to optional"]


def test_making_a_field_nullable_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str | None
        email: str | None = None

    assert any("field 'nombre'" in p for p in changes(Base, New))


def test_adding_a_required_field_breaks() -> None:
    class New(Base):
        telefono: str

    assert changes(Base, New) == ["field 'telefono' was added as required (old events lack it)"]


class EstadoV1(StrEnum):
    ACTIVO = "ACTIVO"
    RETIRADO = "RETIRADO"


class EstadoMas(StrEnum):
    ACTIVO = "ACTIVO"
    RETIRADO = "RETIRADO"
    SUSPENDIDO = "SUSPENDIDO"


class EstadoMenos(StrEnum):
    ACTIVO = "ACTIVO"


class ConEstado(BaseModel):
    estado: EstadoV1


def _with_enum(enum: type[StrEnum]) -> type[BaseModel]:
    class New(BaseModel):
        estado: enum  # type: ignore[valid-type]

    return New


def test_adding_an_enum_value_breaks() -> None:
    [problem] = changes(ConEstado, _with_enum(EstadoMas))
    assert "enum values added ['SUSPENDIDO']" in problem


def test_removing_an_enum_value_breaks() -> None:
    [problem] = changes(ConEstado, _with_enum(EstadoMenos))
    assert "enum values removed ['RETIRADO']" in problem


def test_renaming_an_enum_class_with_the_same_values_is_allowed() -> None:
    class Estado(StrEnum):
        ACTIVO = "ACTIVO"
        RETIRADO = "RETIRADO"

    assert changes(ConEstado, _with_enum(Estado)) == []


class DireccionV1(BaseModel):
    calle: str


class DireccionMas(BaseModel):
    calle: str
    barrio: str | None = None


class DireccionSinCalle(BaseModel):
    barrio: str | None = None


def _with_nested(model: type[BaseModel], optional: bool = False) -> type[BaseModel]:
    if optional:

        class NewOptional(BaseModel):
            direccion: model | None = None  # type: ignore[valid-type]

        return NewOptional

    class New(BaseModel):
        direccion: model  # type: ignore[valid-type]

    return New


def test_nested_models_follow_the_same_rules() -> None:
    old = _with_nested(DireccionV1)

    assert changes(old, _with_nested(DireccionMas)) == []
    assert changes(old, _with_nested(DireccionSinCalle)) == ["field 'direccion.calle' was removed"]


def test_nested_optional_models_follow_the_same_rules() -> None:
    old = _with_nested(DireccionV1, optional=True)

    assert changes(old, _with_nested(DireccionMas, optional=True)) == []
    assert changes(old, _with_nested(DireccionSinCalle, optional=True)) == [
        "field 'direccion[anyOf 0].calle' was removed"
    ]


def test_lists_compare_their_items() -> None:
    class Old(BaseModel):
        telefonos: list[str]

    class New(BaseModel):
        telefonos: list[int]

    [problem] = changes(Old, New)
    assert "telefonos[]" in problem


def test_recursive_schemas_terminate() -> None:
    class Nodo(BaseModel):
        valor: int
        hijos: list["Nodo"] = []

    schema: dict[str, Any] = Nodo.model_json_schema()
    assert breaking_changes(schema, schema) == []


def test_changing_a_default_breaks() -> None:
    class New(BaseModel):
        afiliado_id: UUID
        nombre: str
        email: str | None = "nadie@example.com"

    [problem] = changes(Base, New)
    assert "default changed" in problem
