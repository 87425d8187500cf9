"""The contacts directory: who an ``afiliado_id`` or ``empleador_id`` is to an e-mail — the
name to greet and the address — folded from affiliation's events (pure, tested alone).

What each event changes:

- ``AfiliadoRegistrado``: the affiliate's whole entry (e-mail and full name);
- ``DatosContactoActualizados``: the e-mail (the event carries the complete contact data,
  so a missing e-mail means none on record; the alternative e-mail stands in for it);
- ``NombresActualizados``: the name;
- ``EmpleadorRegistrado``, ``DatosEmpleadorActualizados``: the employer's e-mail and razón
  social (both complete in either event).

Guarantees:
- an event changes an entry only if its aggregate version is greater than the entry's, so a
  duplicate, a replay or an older event arriving late changes nothing;
- events of one aggregate arrive in version order (one partition), so the entries are the
  same whatever the batch boundaries;
- a change of an affiliate without an entry (his registration was dead-lettered) invents
  nobody: there is no name to greet.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace

from eps_contracts.events import DomainEvent
from eps_contracts.events.affiliation import (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    DatosEmpleadorActualizados,
    EmpleadorRegistrado,
    NombresActualizados,
)
from notifications.domain.correos import Contacto, Persona, afiliado, empleador

EVENTOS_DIRECTORIO: tuple[type[DomainEvent], ...] = (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    NombresActualizados,
    EmpleadorRegistrado,
    DatosEmpleadorActualizados,
)
TIPOS_DIRECTORIO = frozenset(cls.ce_type() for cls in EVENTOS_DIRECTORIO)


@dataclass(frozen=True)
class FichaContacto:
    """One entry of the directory, at the aggregate version of the last event applied."""

    persona: Persona
    version: int
    email: str | None
    nombre: str

    @property
    def contacto(self) -> Contacto:
        return Contacto(self.email, self.nombre)


def persona_de(evento: DomainEvent) -> Persona:
    """The affiliate or employer a directory event is about."""
    if isinstance(evento, EmpleadorRegistrado | DatosEmpleadorActualizados):
        return empleador(evento.empleador_id)
    if isinstance(evento, AfiliadoRegistrado | DatosContactoActualizados | NombresActualizados):
        return afiliado(evento.afiliado_id)
    raise LookupError(f"{evento.ce_type()} no es un evento del directorio")


def nombre_completo(evento: AfiliadoRegistrado | NombresActualizados) -> str:
    """``Ana María Pérez Gómez``: the parts on record, in the order the manual writes them."""
    partes = (
        evento.primer_nombre,
        evento.segundo_nombre,
        evento.primer_apellido,
        evento.segundo_apellido,
    )
    return " ".join(p for p in partes if p)


def plegar(
    fichas: Mapping[Persona, FichaContacto], eventos: Iterable[tuple[DomainEvent, int]]
) -> dict[Persona, FichaContacto]:
    """The entries ``eventos`` (each with its aggregate version) change, as they end up.

    ``fichas`` holds the current entries of the persons concerned (those without one are
    absent); entries nothing changed are not returned.
    """
    actuales = dict(fichas)
    cambiadas: dict[Persona, FichaContacto] = {}
    for evento, version in eventos:
        persona = persona_de(evento)
        ficha = actuales.get(persona)
        if ficha is not None and version <= ficha.version:
            continue
        nueva = _aplicar(persona, ficha, evento, version)
        if nueva is not None:
            actuales[persona] = cambiadas[persona] = nueva
    return cambiadas


def _aplicar(
    persona: Persona, ficha: FichaContacto | None, evento: DomainEvent, version: int
) -> FichaContacto | None:
    if isinstance(evento, AfiliadoRegistrado):
        return FichaContacto(persona, version, evento.email, nombre_completo(evento))
    if isinstance(evento, EmpleadorRegistrado | DatosEmpleadorActualizados):
        return FichaContacto(persona, version, evento.email, evento.razon_social)
    if ficha is None:
        return None
    if isinstance(evento, DatosContactoActualizados):
        return replace(ficha, version=version, email=evento.email or evento.email_alternativo)
    if isinstance(evento, NombresActualizados):
        return replace(ficha, version=version, nombre=nombre_completo(evento))
    return None
