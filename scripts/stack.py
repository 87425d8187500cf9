"""Starts and stops the services of the local stack as background processes.

Used by ``make up``/``make down`` and by the end-to-end tests (with their own databases,
ports and topic prefix), so both run the services exactly the same way.

    python scripts/stack.py start|stop|status|urls
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

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


@dataclass(frozen=True)
class StackPorts:
    affiliation: int = 8001
    identity: int = 8002
    smtp: int = 1025  # the local SMTP sink every e-mail goes to
    portal: int = 8080  # the one origin of front ends: web portal and /api/<service>/…


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


def processes(
    ports: StackPorts = StackPorts(), env: dict[str, str] | None = None
) -> list[ServiceProcess]:
    """Every process of the stack that exists today (one per service role)."""
    extra = {"AFFILIATION_SOPORTES_DIR": str(ROOT / ".cache" / "affiliation" / "soportes")}
    portal_url = f"http://127.0.0.1:{ports.portal}"
    extra |= {
        # E-mailed links (set/reset password, activation) open the web portal's pages.
        "IDENTITY_PORTAL_URL": portal_url,
        "PORTAL_HTTP_PORT": str(ports.portal),
        "PORTAL_URL_PUBLICA": portal_url,
        "PORTAL_AFFILIATION_URL": f"http://127.0.0.1:{ports.affiliation}",
        "PORTAL_IDENTITY_URL": f"http://127.0.0.1:{ports.identity}",
    }
    extra |= env or {}
    python = sys.executable

    def api(service: str, port: int) -> ServiceProcess:
        return ServiceProcess(
            f"{service}-api",
            [
                python,
                "-m",
                "uvicorn",
                f"{service}.entrypoints.api:app",
                "--host",
                "127.0.0.1",
                "--port",
                str(port),
                "--no-access-log",
                "--timeout-graceful-shutdown",
                "10",
            ],
            health_url=f"http://127.0.0.1:{port}/healthz",
            env=extra,
        )

    return [
        api("affiliation", ports.affiliation),
        ServiceProcess(
            "affiliation-relay", [python, "-m", "affiliation.entrypoints.relay"], env=extra
        ),
        api("identity", ports.identity),
        ServiceProcess(
            "identity-consumer", [python, "-m", "identity.entrypoints.consumer"], env=extra
        ),
        ServiceProcess("identity-relay", [python, "-m", "identity.entrypoints.relay"], env=extra),
        *notifications(ports, extra),
        ServiceProcess(
            "portal-api",
            [python, "-m", "portal.entrypoints.api"],
            health_url=f"{portal_url}/healthz",
            env=extra,
        ),
        ServiceProcess("portal-consumer", [python, "-m", "portal.entrypoints.consumer"], env=extra),
    ]


def notifications(ports: StackPorts, env: dict[str, str]) -> list[ServiceProcess]:
    """The SMTP sink (mail lands in .cache/smtp, or NOTIFICATIONS_SINK_DIR) and the
    notifications workers pointed at it."""
    python = sys.executable
    extra = env | {
        "NOTIFICATIONS_SMTP_HOST": "127.0.0.1",
        "NOTIFICATIONS_SMTP_PORT": str(ports.smtp),
    }
    return [
        ServiceProcess(
            "smtp-sink",
            [python, "-m", "notifications.sink", "servir", "--puerto", str(ports.smtp)],
            env=extra,
        ),
        ServiceProcess(
            "notifications-consumer",
            [python, "-m", "notifications.entrypoints.consumer"],
            env=extra,
        ),
        ServiceProcess(
            "notifications-enviador",
            [python, "-m", "notifications.entrypoints.enviador"],
            env=extra,
        ),
        ServiceProcess(
            "notifications-relay", [python, "-m", "notifications.entrypoints.relay"], env=extra
        ),
    ]


def urls(ports: StackPorts = StackPorts()) -> dict[str, str]:
    return {
        "affiliation": f"http://127.0.0.1:{ports.affiliation}",
        "identity": f"http://127.0.0.1:{ports.identity}",
        "portal": f"http://127.0.0.1:{ports.portal}",
    }


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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("command", choices=["start", "stop", "status", "urls"])
    command = parser.parse_args().command
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
