"""The layers of every service, checked on the import graph with import-linter.

Contracts are generated for every service ``scripts/service_descriptors.py`` finds, so a new
service is held to them from its first commit:

- layers, top to bottom: ``entrypoints`` → ``bootstrap`` → ``settings`` → ``adapters`` →
  ``application`` → ``domain``; a module may import those below it, never those above;
- no web framework below ``entrypoints``: ``domain`` and ``application`` reach neither FastAPI,
  Starlette nor the runtime's HTTP modules, directly or through another module;
- no SQL, Kafka or file parsing in ``domain``, and no SQL or Kafka in ``application``
  (adapters hold it behind ports);
- nothing in production imports ``eps_runtime.testing`` (the test token issuer, fixtures).

    python scripts/capas.py            # exit 1 and the broken contract on a violation
    python scripts/capas.py --config   # print the generated import-linter configuration
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from service_descriptors import Service, services

LAYERS = ("entrypoints", "bootstrap", "settings", "adapters", "application", "domain")
WEB = ("fastapi", "starlette", "uvicorn", "eps_runtime.http", "eps_runtime.http_auth")
SQL_Y_KAFKA = (
    "sqlalchemy",
    "asyncpg",
    "aiokafka",
    "eps_runtime.db",
    "eps_runtime.eventstore",
    "eps_runtime.repositorio",
    "eps_runtime.consumer",
    "eps_runtime.relay",
)
ARCHIVOS = ("PIL", "pypdf", "fpdf", "httpx", "eps_runtime.archivos")


def _runtime_modules() -> list[str]:
    import eps_runtime

    return sorted(
        f"eps_runtime.{m.name}"
        for m in pkgutil.iter_modules(eps_runtime.__path__)
        if m.name != "testing"
    )


def _lista(nombres: Iterable[str]) -> str:
    return "\n" + "\n".join(f"    {n}" for n in nombres)


def _packages(svc: Service) -> list[str]:
    return [p.name for p in (svc.path / "src").iterdir() if (p / "__init__.py").exists()]


def configuration(servicios: Sequence[Service]) -> str:
    """The import-linter INI for ``servicios``."""
    paquetes = [p for s in servicios for p in _packages(s)]
    root = ["eps_contracts", "eps_runtime", *paquetes]
    secciones = [
        "[importlinter]\nroot_packages =" + _lista(root) + "\ninclude_external_packages = True"
    ]
    for paquete in paquetes:
        capas = [
            capa
            if (_ruta(servicios, paquete) / capa).exists() or _modulo(servicios, paquete, capa)
            else f"({capa})"
            for capa in LAYERS
        ]
        secciones.append(
            f"[importlinter:contract:{paquete}-capas]\n"
            f"name = {paquete}: cada capa importa solo las de abajo\n"
            "type = layers\n"
            f"containers = {paquete}\n"
            "layers =" + _lista(capas)
        )
        abajo = [
            f"{paquete}.{c}" for c in ("domain", "application") if _existe(servicios, paquete, c)
        ]
        if abajo:
            secciones.append(
                f"[importlinter:contract:{paquete}-sin-web]\n"
                f"name = {paquete}: ni HTTP ni FastAPI debajo de entrypoints\n"
                "type = forbidden\n"
                "source_modules =" + _lista(abajo) + "\n"
                "forbidden_modules =" + _lista(WEB)
            )
            secciones.append(
                f"[importlinter:contract:{paquete}-sin-sql]\n"
                f"name = {paquete}: ni SQL ni Kafka en domain ni application\n"
                "type = forbidden\n"
                "source_modules =" + _lista(abajo) + "\n"
                "forbidden_modules =" + _lista(SQL_Y_KAFKA)
            )
        if _existe(servicios, paquete, "domain"):
            secciones.append(
                f"[importlinter:contract:{paquete}-dominio-puro]\n"
                f"name = {paquete}: el dominio no analiza archivos ni llama a la red\n"
                "type = forbidden\n"
                f"source_modules = {paquete}.domain\n"
                "forbidden_modules =" + _lista(ARCHIVOS)
            )
    secciones.append(
        "[importlinter:contract:produccion-sin-testing]\n"
        "name = nada en producción importa eps_runtime.testing\n"
        "type = forbidden\n"
        "source_modules =" + _lista(["eps_contracts", *_runtime_modules(), *paquetes]) + "\n"
        "forbidden_modules = eps_runtime.testing"
    )
    return "\n\n".join(secciones) + "\n"


def _ruta(servicios: Sequence[Service], paquete: str) -> Path:
    for s in servicios:
        if paquete in _packages(s):
            return s.path / "src" / paquete
    raise LookupError(paquete)


def _modulo(servicios: Sequence[Service], paquete: str, capa: str) -> bool:
    return (_ruta(servicios, paquete) / f"{capa}.py").exists()


def _existe(servicios: Sequence[Service], paquete: str, capa: str) -> bool:
    return (_ruta(servicios, paquete) / capa).is_dir() or _modulo(servicios, paquete, capa)


def check(
    root: Path | None = None, extra_path: Sequence[Path] = ()
) -> subprocess.CompletedProcess[str]:
    """Runs import-linter over the services under ``root``; ``extra_path`` goes first on
    PYTHONPATH (a test puts a modified copy of a service there)."""
    servicios = services(root) if root is not None else services()
    with tempfile.NamedTemporaryFile("w", suffix=".ini", delete=False) as config:
        config.write(configuration(servicios))
    env_path = ":".join(str(p) for p in extra_path)
    env = dict(os.environ)
    if env_path:
        env["PYTHONPATH"] = env_path + (":" + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    lint = Path(sys.executable).with_name("lint-imports")
    try:
        return subprocess.run(
            [str(lint), "--no-cache", config.name],
            capture_output=True,
            text=True,
            env=env,
            check=False,
        )
    finally:
        Path(config.name).unlink(missing_ok=True)


def main(argv: Sequence[str]) -> int:
    if "--config" in argv:
        print(configuration(services()), end="")
        return 0
    result = check()
    print(result.stdout, end="")
    print(result.stderr, end="", file=sys.stderr)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
