"""The services of the workspace and what runs of each, read from ``[tool.eps]`` of every
``services/<name>/pyproject.toml``.

One description serves ``make up`` and the end-to-end stack (``scripts/stack.py``), the
Containerfile entrypoints and the Kubernetes manifests, so a new service is picked up by all
of them when its folder and its ``[tool.eps]`` table exist — no list to edit elsewhere.

    [tool.eps]
    http_port = 8003          # omitted when the service serves no HTTP
    database = "authorizations"
    archivos = true           # optional: keeps files in <SERVICE>_ARCHIVOS_DIR (a shared volume)
    captcha = "verifica"      # optional: its API checks CAPTCHA tokens ("verifica": the
                              # provider's secret) or renders the widget ("widget": the site key)

    [[tool.eps.process]]
    name = "api"              # unique within the service
    kind = "api"              # api | worker | job | cronjob | dev
    module = "authorizations.entrypoints.api"   # run as `python -m <module> [args...]`
    args = []                 # optional; "{port}" is replaced by the process's port
    schedule = "17 * * * *"   # cronjob only
    port = 8090               # dev only: the port it listens on
    url_env = "BILLING_PASARELA_URL"   # dev only: variable every process gets with its URL
    port_env = "NOTIFICATIONS_SMTP_PORT"  # dev only: variable every process gets with its port

Kinds: ``api`` serves HTTP on ``http_port`` (``<SERVICE>_HTTP_PORT``); ``worker`` runs until
SIGTERM; ``job`` runs once (seed, rebuild); ``cronjob`` runs on ``schedule``; ``dev`` runs in the
local stack and the tests only (SMTP sink, gateway and MIPRES simulators), never deployed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
KINDS = ("api", "worker", "job", "cronjob", "dev")
CAPTCHA_ROLES = ("verifica", "widget")


class DescriptorError(ValueError):
    """A service's ``[tool.eps]`` table is missing or malformed."""


@dataclass(frozen=True)
class Process:
    service: str
    name: str
    kind: str
    module: str
    args: tuple[str, ...] = ()
    schedule: str | None = None
    port: int | None = None
    url_env: str | None = None
    port_env: str | None = None

    @property
    def full_name(self) -> str:
        """``<service>-<name>``: the process's name in the local stack and in Kubernetes."""
        return f"{self.service}-{self.name}"

    @property
    def consumes(self) -> bool:
        """A Kafka consumer process (``<service>.entrypoints.consumer``): a static member of
        its groups when it runs with ``EPS_INSTANCIA`` (ADR 0011)."""
        return self.kind == "worker" and self.module.endswith(".entrypoints.consumer")

    @property
    def runs_always(self) -> bool:
        """Started by ``make up`` and the e2e stack (APIs, workers and dev helpers)."""
        return self.kind in ("api", "worker", "dev")


@dataclass(frozen=True)
class Service:
    name: str
    database: str | None
    http_port: int | None
    processes: tuple[Process, ...] = field(default_factory=tuple)
    path: Path = ROOT
    archivos: bool = False
    captcha: str | None = None
    """``verifica`` | ``widget`` | None: the CAPTCHA settings its API gets (scripts/deploy.py)."""

    @property
    def env_prefix(self) -> str:
        return self.name.upper() + "_"

    def process(self, name: str) -> Process:
        for candidate in self.processes:
            if candidate.name == name:
                return candidate
        raise LookupError(f"{self.name} has no process {name!r}")


def _parse(path: Path) -> Service:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    name = str(data.get("project", {}).get("name", path.parent.name))
    eps = data.get("tool", {}).get("eps")
    if not isinstance(eps, dict):
        raise DescriptorError(f"{path}: no [tool.eps] table")
    processes = []
    for raw in eps.get("process", []):
        kind = raw.get("kind")
        if kind not in KINDS:
            raise DescriptorError(f"{path}: process {raw.get('name')!r} has kind {kind!r}")
        if kind == "cronjob" and not raw.get("schedule"):
            raise DescriptorError(f"{path}: cronjob {raw.get('name')!r} needs a schedule")
        processes.append(
            Process(
                service=name,
                name=str(raw["name"]),
                kind=kind,
                module=str(raw["module"]),
                args=tuple(str(a) for a in raw.get("args", ())),
                schedule=raw.get("schedule"),
                port=int(raw["port"]) if "port" in raw else None,
                url_env=raw.get("url_env"),
                port_env=raw.get("port_env"),
            )
        )
    if len({p.name for p in processes}) != len(processes):
        raise DescriptorError(f"{path}: two processes share a name")
    if any(p.port is not None and p.kind != "dev" for p in processes):
        raise DescriptorError(f"{path}: only dev processes declare a port (APIs use http_port)")
    captcha = eps.get("captcha")
    if captcha not in (None, *CAPTCHA_ROLES):
        raise DescriptorError(f"{path}: captcha is one of {CAPTCHA_ROLES}, not {captcha!r}")
    port = eps.get("http_port")
    if any(p.kind == "api" for p in processes) and port is None:
        raise DescriptorError(f"{path}: an api process needs http_port")
    return Service(
        name=name,
        database=eps.get("database"),
        http_port=int(port) if port is not None else None,
        processes=tuple(processes),
        path=path.parent,
        archivos=bool(eps.get("archivos", False)),
        captcha=captcha,
    )


def services(root: Path = ROOT) -> tuple[Service, ...]:
    """Every service folder with a ``[tool.eps]`` table, sorted by name."""
    found = [_parse(p) for p in sorted((root / "services").glob("*/pyproject.toml"))]
    ports = [s.http_port for s in found if s.http_port is not None]
    ports += [p.port for s in found for p in s.processes if p.port is not None]
    if len(set(ports)) != len(ports):
        raise DescriptorError("two processes share a port")
    return tuple(found)


def service(name: str, root: Path = ROOT) -> Service:
    for candidate in services(root):
        if candidate.name == name:
            return candidate
    raise LookupError(f"no service {name!r}")


if __name__ == "__main__":
    import sys

    # `python scripts/service_descriptors.py names|databases|src` for the Makefile.
    what = sys.argv[1] if len(sys.argv) > 1 else "names"
    if what == "names":
        print(" ".join(s.name for s in services()))
    elif what == "databases":
        print(" ".join(s.database for s in services() if s.database))
    elif what == "migrated":
        print(" ".join(s.name for s in services() if (s.path / "alembic.ini").exists()))
    else:
        raise SystemExit(f"unknown: {what}")
