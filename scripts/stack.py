"""Starts and stops the services of the local stack as background processes.

Used by ``make up``/``make down`` and by the end-to-end tests (with their own databases,
ports and topic prefix), so both run the services exactly the same way.

    python scripts/stack.py start|stop|status|urls|seed [--size N]

What runs comes from each service's ``[tool.eps]`` (``scripts/service_descriptors.py``).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_descriptors import services

ROOT = Path(__file__).resolve().parent.parent
RUN_DIR = ROOT / ".cache" / "run"
# Development signing key and key set: the services trust them until identity publishes its
# own (never used outside the local stack).
DEV_AUTH = ROOT / ".cache" / "dev-auth"


@dataclass(frozen=True)
class ServiceProcess:
    name: str
    args: list[str]
    health_url: str | None = None
    env: dict[str, str] = field(default_factory=dict)
    cwd: Path = ROOT


StackPorts = dict[str, int]
"""Process full name (``affiliation-api``, ``notifications-smtp-sink``) → its port."""


def default_ports() -> StackPorts:
    """The ports of ``make up``: each API's ``http_port``, each dev process's ``port``."""
    ports: StackPorts = {}
    for service in services():
        for proc in service.processes:
            if proc.kind == "api" and service.http_port is not None:
                ports[proc.full_name] = service.http_port
            elif proc.kind == "dev" and proc.port is not None:
                ports[proc.full_name] = proc.port
    return ports


def dev_auth_env() -> dict[str, str]:
    """Creates the development key (once) and returns the variables that make services
    trust it; tokens come from ``python -m eps_runtime.testing.tokens emitir``."""
    clave, jwks = DEV_AUTH / "clave.pem", DEV_AUTH / "jwks.json"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "eps_runtime.testing.tokens",
            "jwks",
            "--clave",
            str(clave),
            "--guardar",
            str(jwks),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    return {"AUTH_JWKS_FILE": str(jwks)}


def urls(ports: StackPorts | None = None) -> dict[str, str]:
    """Service name → the base URL of its API."""
    ports = ports if ports is not None else default_ports()
    return {
        service.name: f"http://127.0.0.1:{ports[service.process(p.name).full_name]}"
        for service in services()
        for p in service.processes
        if p.kind == "api"
    }


def stack_env(ports: StackPorts) -> dict[str, str]:
    """What every process of the stack is told about the others: each API's port
    (``<SERVICE>_HTTP_PORT``) and the portal's map of APIs, each dev process's URL or port
    (its ``url_env`` / ``port_env``), where the portal is (links in e-mails, CSRF origin),
    and that it is a development environment (``EPS_ENTORNO``)."""
    base = urls(ports)
    # The local stack is development: the fixed-token CAPTCHA (X-Captcha: no-soy-un-robot)
    # and the portal's checkbox may run; without this they refuse to start.
    env: dict[str, str] = {"PORTAL_SERVICIOS": json.dumps(base), "EPS_ENTORNO": "desarrollo"}
    for service in services():
        for proc in service.processes:
            port = ports.get(proc.full_name)
            if port is None:
                continue
            if proc.kind == "api":
                env[f"{service.env_prefix}HTTP_PORT"] = str(port)
            if proc.url_env:
                env[proc.url_env] = f"http://127.0.0.1:{port}"
            if proc.port_env:
                env[proc.port_env] = str(port)
    portal = base["portal"]
    # E-mailed links (set/reset password, activation) open the web portal's pages.
    env |= {"IDENTITY_PORTAL_URL": portal, "PORTAL_URL_PUBLICA": portal}
    return env


def processes(
    ports: StackPorts | None = None, env: dict[str, str] | None = None
) -> list[ServiceProcess]:
    """Every process of the stack that runs all the time (APIs, workers, dev helpers), as
    the services describe them in ``[tool.eps]``; ``env`` overrides (databases, ports…)."""
    ports = ports if ports is not None else default_ports()
    extra = {"AFFILIATION_SOPORTES_DIR": str(ROOT / ".cache" / "affiliation" / "soportes")}
    extra |= stack_env(ports) | (env or {})
    found = []
    # Dev helpers first (the SMTP sink, simulators): the services expect them to answer.
    ordered = sorted((p for s in services() for p in s.processes), key=lambda p: p.kind != "dev")
    for proc in ordered:
        if not proc.runs_always:
            continue
        port = ports.get(proc.full_name)
        args = [a.replace("{port}", str(port)) for a in proc.args]
        health = None
        if proc.kind == "api":
            health = f"http://127.0.0.1:{port}/healthz"
        env_proc = extra
        if proc.consumes:
            # One replica of each consumer here: its stable name makes it a static member of
            # its groups, so a restart resumes its partitions at once (ADR 0011).
            env_proc = {**extra, "EPS_INSTANCIA": f"{proc.full_name}-0"}
        found.append(
            ServiceProcess(
                proc.full_name,
                [sys.executable, "-m", proc.module, *args],
                health_url=health,
                env=env_proc,
            )
        )
    return found


def _pid_file(run_dir: Path, name: str) -> Path:
    return run_dir / f"{name}.pid"


def _alive(pid: int) -> bool:
    """True while ``pid`` runs; a finished child of ours is reaped, a zombie counts as dead."""
    try:
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass  # not our child (started by another `make up`)
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    try:
        return Path(f"/proc/{pid}/stat").read_text().split(") ", 1)[1][0] != "Z"
    except (OSError, IndexError):
        return True


def _running_pid(run_dir: Path, name: str) -> int | None:
    path = _pid_file(run_dir, name)
    if not path.exists():
        return None
    pid = int(path.read_text().strip() or 0)
    return pid if pid and _alive(pid) else None


def start(procs: list[ServiceProcess], run_dir: Path = RUN_DIR, timeout: float = 60.0) -> None:
    """Starts what is not running yet and waits until every API answers /healthz."""
    run_dir.mkdir(parents=True, exist_ok=True)
    for proc in procs:
        if _running_pid(run_dir, proc.name):
            print(f"[stack] {proc.name} already running")
            continue
        log = (run_dir / f"{proc.name}.log").open("ab")
        child = subprocess.Popen(
            proc.args,
            cwd=proc.cwd,
            env={**os.environ, **proc.env},
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        _pid_file(run_dir, proc.name).write_text(str(child.pid))
        print(f"[stack] {proc.name} started (pid {child.pid}, log {run_dir / proc.name}.log)")
    deadline = time.monotonic() + timeout
    for proc in procs:
        if proc.health_url is None:
            continue
        while True:
            if not _running_pid(run_dir, proc.name):
                raise SystemExit(f"[stack] {proc.name} exited; see {run_dir / proc.name}.log")
            try:
                with urllib.request.urlopen(proc.health_url, timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise SystemExit(f"[stack] {proc.name} not healthy after {timeout} s")
            time.sleep(0.3)


def stop(procs: list[ServiceProcess], run_dir: Path = RUN_DIR, timeout: float = 20.0) -> None:
    """SIGTERM (graceful: in-flight work finishes), then SIGKILL after ``timeout``."""
    for proc in reversed(procs):
        pid = _running_pid(run_dir, proc.name)
        if pid is None:
            continue
        os.killpg(pid, signal.SIGTERM)
        deadline = time.monotonic() + timeout
        while _alive(pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        if _alive(pid):
            os.killpg(pid, signal.SIGKILL)
        _pid_file(run_dir, proc.name).unlink(missing_ok=True)
        print(f"[stack] {proc.name} stopped")


def seed_jobs() -> list[list[str]]:
    """The command of every service's ``seed`` job: affiliation's first (everyone else learns
    the demo people from its events), then the others by name."""
    jobs = [
        [sys.executable, "-m", p.module, *p.args]
        for s in sorted(services(), key=lambda s: (s.name != "affiliation", s.name))
        for p in s.processes
        if p.kind == "job" and p.name == "seed"
    ]
    return jobs


def seed(size: int) -> None:
    """Seeds the demo population: ``size`` affiliates, then each service's own demo data.
    Every seed is idempotent (``make up`` twice changes nothing)."""
    env = {**os.environ, **stack_env(default_ports())}
    for job in seed_jobs():
        extra = ["--size", str(size)] if job[2] == "affiliation.entrypoints.seed" else []
        print(f"[stack] seeding: {' '.join(job[2:] + extra)}")
        subprocess.run(job + extra, cwd=ROOT, env=env, check=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status", "urls", "seed"])
    parser.add_argument("--size", type=int, default=100, help="seed: affiliates to create")
    arguments = parser.parse_args()
    command = arguments.command
    if command == "seed":
        seed(arguments.size)
        return
    procs = processes(env=dev_auth_env() if command == "start" else None)
    if command == "start":
        start(procs)
    elif command == "stop":
        stop(procs)
    elif command == "status":
        for proc in procs:
            pid = _running_pid(RUN_DIR, proc.name)
            print(f"{proc.name:20} {f'running (pid {pid})' if pid else 'stopped'}")
    else:
        print("\nOficina Virtual EPS — stack local en marcha:")
        print(f"  PORTAL WEB   {urls()['portal']}/   (regístrese con CC 1000000001)")
        for service, url in urls().items():
            print(f"  {service:12} {url}   (OpenAPI: {url}/docs)")
        print("  kafka        127.0.0.1:9092")
        print("  postgresql   postgresql://eps:eps@127.0.0.1:55432/<servicio>")
        print(
            "\nPrueba: curl -s -X POST http://127.0.0.1:8002/registro/validacion "
            "-H 'content-type: application/json' -H 'X-Captcha: no-soy-un-robot' "
            '-d \'{"tipo_documento":"CC","numero_documento":"1000000001"}\''
        )
        print(
            "\nToken de operador (desarrollo): TOKEN=$(uv run python -m "
            "eps_runtime.testing.tokens emitir --rol operador --clave .cache/dev-auth/clave.pem)"
            '\n  curl -s -H "Authorization: Bearer $TOKEN" '
            "'http://127.0.0.1:8001/afiliados?tipo_documento=CC&numero_documento=1000000001'"
        )
        print(
            "\nCorreos (servidor SMTP local en 127.0.0.1:1025, guardados en .cache/smtp): "
            "uv run python -m notifications.sink ver --ultimo"
        )


if __name__ == "__main__":
    main()
