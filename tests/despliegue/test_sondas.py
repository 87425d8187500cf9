"""The probes of the processes that serve no HTTP (eps_runtime.sonda, run by the workers'
exec probes in deploy/k8s): liveness from the heartbeat run_worker writes, readiness from the
real database and Kafka. Run as Kubernetes runs them: ``python -m eps_runtime.sonda ...``."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

SONDA = [sys.executable, "-m", "eps_runtime.sonda"]


def _correr(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*SONDA, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_worker_sin_latido_o_con_latido_viejo_se_declara_muerto(tmp_path: Path) -> None:
    latido = tmp_path / "latido"
    assert _correr("vivo", "--archivo", str(latido)).returncode == 1
    latido.write_text("1\n", encoding="ascii")
    assert _correr("vivo", "--archivo", str(latido), "--max-edad", "60").returncode == 0
    viejo = time.time() - 120
    os.utime(latido, (viejo, viejo))
    resultado = _correr("vivo", "--archivo", str(latido), "--max-edad", "60")
    assert resultado.returncode == 1
    assert "latido" in resultado.stderr


def test_un_worker_escribe_su_latido_mientras_su_bucle_gira(tmp_path: Path) -> None:
    latido = tmp_path / "latido"
    programa = (
        "import asyncio, os, sys\n"
        "from pathlib import Path\n"
        "from eps_runtime.process import run_worker\n"
        "async def main(stop):\n"
        "    archivo = Path(os.environ['EPS_LATIDO_ARCHIVO'])\n"
        "    for _ in range(200):\n"
        "        if archivo.exists():\n"
        "            return\n"
        "        await asyncio.sleep(0.05)\n"
        "    sys.exit(3)\n"
        "run_worker(main)\n"
    )
    worker = subprocess.run(
        [sys.executable, "-c", programa],
        env={**os.environ, "EPS_LATIDO_ARCHIVO": str(latido), "EPS_LATIDO_SEGUNDOS": "0.1"},
        timeout=60,
        check=False,
    )
    assert worker.returncode == 0
    assert _correr("vivo", "--archivo", str(latido)).returncode == 0


def test_sin_la_variable_un_worker_no_escribe_latido(tmp_path: Path) -> None:
    programa = (
        "from eps_runtime.process import run_worker\n"
        "async def main(stop):\n"
        "    return\n"
        "run_worker(main)\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "EPS_LATIDO_ARCHIVO"}
    subprocess.run([sys.executable, "-c", programa], env=env, cwd=tmp_path, timeout=60, check=True)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.integration
async def test_worker_listo_cuando_su_base_y_kafka_responden(
    database_url: str, kafka_bootstrap: str
) -> None:
    resultado = _correr(
        "listo",
        "--servicio",
        "affiliation",
        env={"AFFILIATION_DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
    )
    assert resultado.returncode == 0, resultado.stderr


@pytest.mark.integration
async def test_worker_no_listo_si_su_base_no_responde_y_no_muestra_la_url(
    kafka_bootstrap: str,
) -> None:
    url = "postgresql+asyncpg://eps:clave-secreta@127.0.0.1:1/affiliation"
    resultado = _correr(
        "listo",
        "--servicio",
        "affiliation",
        env={"AFFILIATION_DATABASE_URL": url, "KAFKA_BOOTSTRAP_SERVERS": kafka_bootstrap},
    )
    assert resultado.returncode == 1
    assert resultado.stderr.startswith("database: ")
    assert "kafka" not in resultado.stderr
    assert "clave-secreta" not in resultado.stderr and "127.0.0.1" not in resultado.stderr


@pytest.mark.integration
async def test_worker_no_listo_si_kafka_no_responde(database_url: str) -> None:
    resultado = _correr(
        "listo",
        "--servicio",
        "affiliation",
        env={"AFFILIATION_DATABASE_URL": database_url, "KAFKA_BOOTSTRAP_SERVERS": "127.0.0.1:1"},
    )
    assert resultado.returncode == 1
    assert resultado.stderr == "kafka: KafkaConnectionError\n"
