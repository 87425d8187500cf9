"""Every service keeps its layers (scripts/capas.py): checked on the real import graph, and
shown to fail when a backwards import is added."""

from __future__ import annotations

import importlib.util
import shutil
import sys
from pathlib import Path
from types import ModuleType

from eps_runtime.testing.infrastructure import repo_root

ROOT = repo_root()


def _capas() -> ModuleType:
    spec = importlib.util.spec_from_file_location("capas", ROOT / "scripts" / "capas.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["capas"] = module
    spec.loader.exec_module(module)
    return module


capas = _capas()


def test_cada_servicio_respeta_sus_capas_y_nada_en_produccion_importa_testing() -> None:
    resultado = capas.check()
    assert resultado.returncode == 0, resultado.stdout + resultado.stderr
    for servicio in capas.services():
        assert f"{servicio.name}: cada capa importa solo las de abajo KEPT" in resultado.stdout


def test_un_import_hacia_atras_en_el_dominio_rompe_el_contrato(tmp_path: Path) -> None:
    copia = tmp_path / "affiliation"
    shutil.copytree(ROOT / "services" / "affiliation" / "src" / "affiliation", copia)
    edad = copia / "domain" / "edad.py"
    edad.write_text(edad.read_text() + "\nfrom affiliation.entrypoints import api  # noqa\n")

    resultado = capas.check(extra_path=[tmp_path])

    assert resultado.returncode != 0
    assert "affiliation: cada capa importa solo las de abajo BROKEN" in resultado.stdout
    assert "affiliation.domain.edad -> affiliation.entrypoints.api" in resultado.stdout


def test_la_aplicacion_que_usa_sql_rompe_el_contrato(tmp_path: Path) -> None:
    copia = tmp_path / "affiliation"
    shutil.copytree(ROOT / "services" / "affiliation" / "src" / "affiliation", copia)
    handlers = copia / "application" / "handlers.py"
    handlers.write_text(handlers.read_text() + "\nimport sqlalchemy  # noqa\n")

    resultado = capas.check(extra_path=[tmp_path])

    assert "affiliation: ni SQL ni Kafka en domain ni application BROKEN" in resultado.stdout
