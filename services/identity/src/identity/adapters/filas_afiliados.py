"""From a batch of affiliation events to the rows the projection writes (pure, tested alone).

Guarantee: at most one row per affiliate and statement, from the event with the highest
aggregate version in the batch, so a set-based upsert never touches a row twice. That is
enough because the events carry complete data (``DatosContactoActualizados`` carries the
whole contact), so the newest one supersedes the others.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados, DomainEvent
from eps_runtime.consumer import ConsumedEvent

E = TypeVar("E", bound=DomainEvent)


@dataclass(frozen=True)
class Lote:
    """Column arrays (bound to ``unnest``) of registrations and of contact changes."""

    registros: dict[str, list[Any]]
    contactos: dict[str, list[Any]]


def construir_lote(eventos: Sequence[ConsumedEvent]) -> Lote:
    registros: dict[UUID, tuple[int, AfiliadoRegistrado]] = {}
    contactos: dict[UUID, tuple[int, DatosContactoActualizados]] = {}
    for consumido in eventos:
        version = consumido.envelope.aggregate_version
        evento = consumido.event
        if isinstance(evento, AfiliadoRegistrado):
            _mas_nueva(registros, evento.afiliado_id, version, evento)
        elif isinstance(evento, DatosContactoActualizados):
            _mas_nueva(contactos, evento.afiliado_id, version, evento)
    return Lote(_columnas_registro(registros), _columnas_contacto(contactos))


def _mas_nueva(
    por_afiliado: dict[UUID, tuple[int, E]], afiliado_id: UUID, version: int, evento: E
) -> None:
    actual = por_afiliado.get(afiliado_id)
    if actual is None or actual[0] < version:
        por_afiliado[afiliado_id] = (version, evento)


def _columnas_registro(
    registros: dict[UUID, tuple[int, AfiliadoRegistrado]],
) -> dict[str, list[Any]]:
    filas = [(v, e) for v, e in registros.values()]
    return {
        "ids": [e.afiliado_id for _, e in filas],
        "tipos": [e.tipo_documento.value for _, e in filas],
        "numeros": [e.numero_documento for _, e in filas],
        "primeros_nombres": [e.primer_nombre for _, e in filas],
        "segundos_nombres": [e.segundo_nombre for _, e in filas],
        "primeros_apellidos": [e.primer_apellido for _, e in filas],
        "segundos_apellidos": [e.segundo_apellido for _, e in filas],
        "nacimientos": [e.fecha_nacimiento for _, e in filas],
        "estados": [e.estado.value for _, e in filas],
        "tipos_afiliado": [e.tipo_afiliado.value for _, e in filas],
        "cotizantes": [e.cotizante_id for _, e in filas],
        "telefonos": [e.telefono_movil for _, e in filas],
        "direcciones": [e.direccion for _, e in filas],
        "versiones": [v for v, _ in filas],
    }


def _columnas_contacto(
    contactos: dict[UUID, tuple[int, DatosContactoActualizados]],
) -> dict[str, list[Any]]:
    filas = list(contactos.values())
    return {
        "ids": [e.afiliado_id for _, e in filas],
        "telefonos": [e.telefono_movil for _, e in filas],
        "direcciones": [e.direccion for _, e in filas],
        "versiones": [v for v, _ in filas],
    }
