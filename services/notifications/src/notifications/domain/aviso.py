"""The shape of one entry of the e-mail registry: which e-mail an event causes.

An ``Aviso`` is declared in the producing domain's module of ``notifications.application.
avisos`` and says everything about the e-mail except its wording (the templates):

- ``evento``: the event class that causes it;
- ``plantilla``: the template's name (``plantillas/<dominio>/<plantilla>.txt`` and
  ``.html``); with the event id it is the e-mail's identity, so it never changes once sent;
- ``asunto``: the subject, fixed or computed from the event;
- ``para``: who receives it, from the event: ``ParaCorreo(email, nombre)`` when the payload
  carries the address, ``afiliado(id)`` or ``empleador(id)`` when the directory knows it;
- ``contexto``: what the templates show, from the event (``nombre`` of the recipient, the
  national line ``linea`` and the site ``sitio`` are always there); wrap an encrypted link
  in ``Enlace``;
- ``adjuntos``: files attached, from the event (``Adjunto``: bytes, file name, MIME type).

Every function is pure and deterministic: composing the same event again gives the same
e-mail, whenever and wherever it runs.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from eps_contracts.events import DomainEvent
from notifications.domain.correos import Adjunto, Destinatario

E = TypeVar("E", bound=DomainEvent)

_PLANTILLA = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
CLAVES_COMUNES = frozenset({"nombre", "linea", "sitio"})
"""Template variables every e-mail has; an entry's ``contexto`` may not redefine them."""


def sin_contexto(_evento: DomainEvent) -> Mapping[str, Any]:
    return {}


def sin_adjuntos(_evento: DomainEvent) -> Sequence[Adjunto]:
    return ()


@dataclass(frozen=True, kw_only=True)
class Aviso(Generic[E]):
    evento: type[E]
    plantilla: str
    asunto: str | Callable[[E], str]
    para: Callable[[E], Destinatario]
    contexto: Callable[[E], Mapping[str, Any]] = sin_contexto
    adjuntos: Callable[[E], Sequence[Adjunto]] = sin_adjuntos
    dominio: str = ""
    """The registry module that declared it (the template folder); filled by the registry."""

    def __post_init__(self) -> None:
        if not _PLANTILLA.fullmatch(self.plantilla):
            raise ValueError(f"plantilla {self.plantilla!r}: minúsculas, dígitos y guiones")

    @property
    def ce_type(self) -> str:
        return self.evento.ce_type()

    def asunto_de(self, evento: E) -> str:
        return self.asunto if isinstance(self.asunto, str) else self.asunto(evento)
