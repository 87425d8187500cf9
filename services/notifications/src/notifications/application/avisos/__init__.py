"""The registry of e-mails: one module per producing domain, found, not listed.

Each module here (``identity.py``, later ``authorizations.py``, ``billing.py``…) exposes
``AVISOS: tuple[Aviso, ...]`` (``notifications.domain.aviso``), and its templates live in
``plantillas/<module>/``. Adding a domain's e-mails is adding its module and its templates;
no shared list is edited. (The registry sits in ``application``, not ``domain``: an
attachment such as a PDF certificate may need a library the domain layer may not import.)

Guarantee: the registry is checked when built: each (event type, template) pair is declared
once, so an e-mail's identity (event id, template) names one entry. The templates' presence
is checked at start (``notifications.application.redaccion.Redactor.verificar``).
"""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import replace
from typing import Any

from notifications.domain.aviso import Aviso


class RegistroInvalido(RuntimeError):
    """Two entries share (event type, template), or an entry names no domain."""


class RegistroAvisos:
    """The entries by CloudEvents type, in declaration order."""

    def __init__(self, avisos: Iterable[Aviso[Any]]) -> None:
        por_tipo: dict[str, list[Aviso[Any]]] = {}
        for aviso in avisos:
            if not aviso.dominio:
                raise RegistroInvalido(f"{aviso.plantilla}: falta el dominio (carpeta)")
            mismos = por_tipo.setdefault(aviso.ce_type, [])
            if any(a.plantilla == aviso.plantilla for a in mismos):
                raise RegistroInvalido(f"{aviso.ce_type}: plantilla {aviso.plantilla!r} repetida")
            mismos.append(aviso)
        self._por_tipo: Mapping[str, tuple[Aviso[Any], ...]] = {
            tipo: tuple(lista) for tipo, lista in por_tipo.items()
        }

    @classmethod
    def descubrir(cls) -> RegistroAvisos:
        """Every module of this package, each entry's ``dominio`` set to its module's name."""
        nombres = sorted(
            m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")
        )
        return cls(
            replace(aviso, dominio=nombre)
            for nombre in nombres
            for aviso in importlib.import_module(f"{__name__}.{nombre}").AVISOS
        )

    def con(self, *avisos: Aviso[Any]) -> RegistroAvisos:
        """This registry plus ``avisos`` (tests register an entry for an event of their own)."""
        return RegistroAvisos([*self, *avisos])

    def de(self, ce_type: str) -> tuple[Aviso[Any], ...]:
        """The e-mails an event type causes (none for most types)."""
        return self._por_tipo.get(ce_type, ())

    def atiende(self, ce_type: str) -> bool:
        return ce_type in self._por_tipo

    def aviso(self, ce_type: str, plantilla: str) -> Aviso[Any]:
        """The entry of a recorded e-mail; ``LookupError`` if it is no longer declared."""
        for aviso in self.de(ce_type):
            if aviso.plantilla == plantilla:
                return aviso
        raise LookupError(f"ningún aviso {plantilla!r} para {ce_type}")

    def __iter__(self) -> Iterator[Aviso[Any]]:
        return (aviso for avisos in self._por_tipo.values() for aviso in avisos)
