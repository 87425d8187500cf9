"""The committed JSON Schemas are the contract: the models may only evolve compatibly."""

import json
import shutil
from pathlib import Path

from eps_contracts import schemas
from eps_contracts.events import AfiliadoRegistrado, all_event_classes
from eps_contracts.paths import SCHEMAS_DIR


def test_no_change_breaks_a_consumer_of_the_committed_schemas() -> None:
    assert schemas.compatibility_problems(SCHEMAS_DIR) == []


def test_committed_schemas_are_up_to_date() -> None:
    assert schemas.stale_files(SCHEMAS_DIR) == []


def test_every_committed_schema_file_is_an_event_type() -> None:
    committed = {p.stem for p in SCHEMAS_DIR.glob("*.json")}

    assert committed == {cls.ce_type() for cls in all_event_classes()}


def _copy(tmp_path: Path) -> Path:
    directory = tmp_path / "schemas"
    shutil.copytree(SCHEMAS_DIR, directory)
    return directory


def _edit(directory: Path, ce_type: str, edit: str) -> None:
    path = directory / f"{ce_type}.json"
    schema = json.loads(path.read_text())
    if edit == "add field":
        schema["properties"]["numero_carnet"] = {"type": "string"}
    elif edit == "add enum value":
        schema["$defs"]["TipoDocumento"]["enum"].remove("MS")
    path.write_text(json.dumps(schema))


def test_a_committed_field_the_model_lacks_is_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory, AfiliadoRegistrado.ce_type(), "add field")

    assert schemas.compatibility_problems(directory) == [
        "co.eps.affiliation.AfiliadoRegistrado.v1: field 'numero_carnet' was removed"
    ]


def test_an_enum_value_the_committed_schema_lacks_is_reported(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory, AfiliadoRegistrado.ce_type(), "add enum value")

    [problem] = schemas.compatibility_problems(directory)
    assert "enum values added ['MS']" in problem


def test_a_committed_type_without_model_is_breaking(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / "co.eps.affiliation.AfiliadoRetirado.v1.json").write_text("{}")

    assert schemas.compatibility_problems(directory) == [
        "co.eps.affiliation.AfiliadoRetirado.v1: committed schema has no model "
        "(removing a type breaks)"
    ]


def test_a_model_without_committed_schema_asks_for_an_export(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    (directory / f"{AfiliadoRegistrado.ce_type()}.json").unlink()

    [problem] = schemas.compatibility_problems(directory)
    assert "no committed schema" in problem and "make docs" in problem


def test_export_writes_every_schema_and_then_check_passes(tmp_path: Path) -> None:
    directory = tmp_path / "schemas"

    assert schemas.main(["export", "--dir", str(directory)]) == 0
    assert schemas.main(["check", "--dir", str(directory)]) == 0
    assert sorted(p.name for p in directory.iterdir()) == sorted(
        p.name for p in SCHEMAS_DIR.glob("*.json")
    )
    text = (directory / f"{AfiliadoRegistrado.ce_type()}.json").read_text()
    assert text.endswith("}\n") and text.startswith('{\n  "$defs"')


def test_export_refuses_a_breaking_change_unless_allowed(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    _edit(directory, AfiliadoRegistrado.ce_type(), "add field")
    before = (directory / f"{AfiliadoRegistrado.ce_type()}.json").read_text()

    assert schemas.main(["export", "--dir", str(directory)]) == 1
    assert (directory / f"{AfiliadoRegistrado.ce_type()}.json").read_text() == before

    assert schemas.main(["export", "--dir", str(directory), "--allow-breaking"]) == 0
    assert schemas.main(["check", "--dir", str(directory)]) == 0


def test_check_fails_on_a_stale_file(tmp_path: Path) -> None:
    directory = _copy(tmp_path)
    path = directory / f"{AfiliadoRegistrado.ce_type()}.json"
    path.write_text(path.read_text().replace('"description"', '"description" ', 1))

    assert schemas.compatibility_problems(directory) == []
    assert schemas.main(["check", "--dir", str(directory)]) == 1
