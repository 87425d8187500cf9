"""The fuzzing gate (issue 17): every service's API against its own OpenAPI document, with
Schemathesis, as an affiliate and as an operator, on the running stack.

It fails on any 5xx, any answer whose status, content type, headers or body the document
does not declare, and any refusal that is not a Spanish problem (``fuzz/ganchos.py``). Time
is bounded per run (``EPS_FUZZ_SEGUNDOS``, default 12 s) so the whole of ``make test`` stays
well under 30 minutes.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import httpx
import pytest

from eps_runtime.auth import Rol

from .conftest import ROOT, SERVICIOS_CON_API, RunningStack

pytestmark = pytest.mark.e2e

SEGUNDOS = int(os.environ.get("EPS_FUZZ_SEGUNDOS", "12"))
CHECKS = ",".join(
    (
        "not_a_server_error",
        "status_code_conformance",
        "content_type_conformance",
        "response_headers_conformance",
        "response_schema_conformance",
        "unsupported_method",
        "allow_header_conformance",
        "problema_en_espanol",
    )
)


@pytest.fixture(scope="module")
async def ana(running_stack: RunningStack) -> str:
    """The seeded cotizante's afiliado_id (the demo family), for an affiliate's token."""
    running_stack.run("-m", "affiliation.entrypoints.seed", "--size", "10")
    async with httpx.AsyncClient(timeout=10) as cliente:
        respuesta = await cliente.get(
            f"{running_stack.affiliation_url}/afiliados",
            params={"tipo_documento": "CC", "numero_documento": "1000000001"},
            headers=running_stack.operador(),
        )
    assert respuesta.status_code == 200, respuesta.text
    afiliado_id: str = respuesta.json()["afiliado_id"]
    return afiliado_id


def _fuzz(url: str, token: str, informe: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            f"{url}/openapi.json",
            "--checks",
            CHECKS,
            "--max-time",
            str(SEGUNDOS),
            "--phases",
            "examples,coverage,fuzzing",
            "--workers",
            "1",
            "--seed",
            "17",
            "--header",
            f"Authorization: Bearer {token}",
            "--report",
            "junit",
            "--report-dir",
            str(informe),
        ],
        cwd=ROOT,
        env={**os.environ, "SCHEMATHESIS_HOOKS": "tests.e2e.fuzz.ganchos", "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=SEGUNDOS * 4 + 120,
        check=False,
    )


@pytest.mark.parametrize("servicio", SERVICIOS_CON_API)
@pytest.mark.parametrize("rol", [Rol.AFILIADO, Rol.OPERADOR])
async def test_la_api_responde_lo_que_su_openapi_dice_ante_entradas_arbitrarias(
    running_stack: RunningStack, ana: str, servicio: str, rol: Rol, tmp_path: Path
) -> None:
    afiliado = ana if rol is Rol.AFILIADO else None
    token = running_stack.emisor.emitir(rol=rol, afiliado_id=afiliado)
    resultado = _fuzz(running_stack.urls[servicio], token, tmp_path)
    informe = ROOT / "artifacts" / "fuzz" / f"{servicio}-{rol.value}.txt"
    informe.parent.mkdir(parents=True, exist_ok=True)
    informe.write_text(resultado.stdout + resultado.stderr)
    assert resultado.returncode == 0, resultado.stdout[-20000:] + resultado.stderr[-5000:]
