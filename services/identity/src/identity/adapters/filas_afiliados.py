"""From a batch of affiliation events to the rows the projection writes (pure, tested alone).

What identity keeps of an affiliate, and the only events that change it:

- ``AfiliadoRegistrado``: the whole row;
- ``DocumentoIdentidadActualizado`` (novedad 1): tipo and número; the row moves to the new
  document, so the old one no longer validates;
- ``NombresActualizados`` (novedad 2): the four names;
- ``AfiliacionSuspendida`` / ``AfiliacionReactivada`` / ``AfiliacionRetirada``: the estado
  (SUSPENDIDO / ACTIVO / RETIRADO);
- ``TipoAfiliadoCambiado`` (novedades 15–17): tipo de afiliado and cotizante;
- ``DatosContactoActualizados``: mobile and address (what the security questions ask; the
  other contact fields are not kept).

Every other event type of the topic is not identity's business: ``EVENTOS_ATENDIDOS`` leaves
it out, so the projection does not handle it and ``construir_lote`` ignores it. Family-group
events (``BeneficiarioIncluido``/``Excluido``) live on the cotizante's stream; what they mean
for the beneficiary arrives on the beneficiary's own stream (``AfiliadoRegistrado``,
``TipoAfiliadoCambiado``, ``AfiliacionRetirada``), which is what is kept.

Guarantees:
- at most one row per affiliate and statement, so a set-based statement never touches a row
  twice: one upsert row from the newest registration, one update row with, per group of
  columns (documento, nombres, estado, tipo, contacto), the newest event of that group;
- every event carries its group complete (the whole name, the whole contact...), so the
  newest event of a group supersedes the older ones;
- each group keeps the version of the event it came from: the update applies a group only if
  that version is greater than the row's, which gives the same row as applying the events
  one by one in version order, each only when newer than the row.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Generic, TypeVar
from uuid import UUID

from eps_contracts.events import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    AfiliacionSuspendida,
    AfiliadoRegistrado,
    DatosContactoActualizados,
    DocumentoIdentidadActualizado,
    DomainEvent,
    NombresActualizados,
    TipoAfiliadoCambiado,
)
from eps_contracts.types import EstadoAfiliacion
from eps_runtime.consumer import ConsumedEvent

T = TypeVar("T")

ESTADO_POR_EVENTO: dict[type[DomainEvent], EstadoAfiliacion] = {
    AfiliacionSuspendida: EstadoAfiliacion.SUSPENDIDO,
    AfiliacionReactivada: EstadoAfiliacion.ACTIVO,
    AfiliacionRetirada: EstadoAfiliacion.RETIRADO,
}

EVENTOS_ATENDIDOS: tuple[type[DomainEvent], ...] = (
    AfiliadoRegistrado,
    DocumentoIdentidadActualizado,
    NombresActualizados,
    *ESTADO_POR_EVENTO,
    TipoAfiliadoCambiado,
    DatosContactoActualizados,
)
"""The event classes that change ``afiliados_validables``; identity skips every other one."""


@dataclass(frozen=True)
class Versionado(Generic[T]):
    """A value and the aggregate version of the event it came from."""

    version: int
    valor: T


@dataclass(frozen=True)
class Documento:
    tipo: str
    numero: str
    desde: datetime
    """When the affiliation service recorded the event that gave it (see the projection)."""


@dataclass
class Cambios:
    """The newest value of each group of columns that events of a batch change."""

    documento: Versionado[Documento] | None = None
    nombres: Versionado[NombresActualizados] | None = None
    estado: Versionado[EstadoAfiliacion] | None = None
    tipo: Versionado[TipoAfiliadoCambiado] | None = None
    contacto: Versionado[DatosContactoActualizados] | None = None

    @property
    def version(self) -> int:
        """The newest version among the groups: the row's version after the update."""
        grupos = (self.documento, self.nombres, self.estado, self.tipo, self.contacto)
        return max(g.version for g in grupos if g is not None)


@dataclass(frozen=True)
class Lote:
    """Column arrays (bound to ``unnest``) of registrations and of changes to existing rows."""

    registros: dict[str, list[Any]]
    cambios: dict[str, list[Any]]


def construir_lote(eventos: Sequence[ConsumedEvent]) -> Lote:
    registros: dict[UUID, Versionado[tuple[AfiliadoRegistrado, datetime]]] = {}
    cambios: dict[UUID, Cambios] = {}
    for consumido in eventos:
        version = consumido.envelope.aggregate_version
        evento = consumido.event
        if isinstance(evento, AfiliadoRegistrado):
            registro = (evento, consumido.envelope.time)
            registros[evento.afiliado_id] = _mas_nuevo(
                registros.get(evento.afiliado_id), version, registro
            )
        elif isinstance(evento, DocumentoIdentidadActualizado):
            c = cambios.setdefault(evento.afiliado_id, Cambios())
            documento = Documento(
                evento.tipo_documento.value, evento.numero_documento, consumido.envelope.time
            )
            c.documento = _mas_nuevo(c.documento, version, documento)
        elif isinstance(evento, NombresActualizados):
            c = cambios.setdefault(evento.afiliado_id, Cambios())
            c.nombres = _mas_nuevo(c.nombres, version, evento)
        elif isinstance(evento, AfiliacionSuspendida | AfiliacionReactivada | AfiliacionRetirada):
            c = cambios.setdefault(evento.afiliado_id, Cambios())
            c.estado = _mas_nuevo(c.estado, version, ESTADO_POR_EVENTO[type(evento)])
        elif isinstance(evento, TipoAfiliadoCambiado):
            c = cambios.setdefault(evento.afiliado_id, Cambios())
            c.tipo = _mas_nuevo(c.tipo, version, evento)
        elif isinstance(evento, DatosContactoActualizados):
            c = cambios.setdefault(evento.afiliado_id, Cambios())
            c.contacto = _mas_nuevo(c.contacto, version, evento)
        # Any other event type is not identity's business: nothing to write.
    return Lote(_columnas_registro(registros), _columnas_cambios(cambios))


def _mas_nuevo(actual: Versionado[T] | None, version: int, valor: T) -> Versionado[T]:
    if actual is None or actual.version < version:
        return Versionado(version, valor)
    return actual


def _columnas_registro(
    registros: dict[UUID, Versionado[tuple[AfiliadoRegistrado, datetime]]],
) -> dict[str, list[Any]]:
    filas = [(r.version, *r.valor) for r in registros.values()]
    return {
        "ids": [e.afiliado_id for _, e, _ in filas],
        "tipos": [e.tipo_documento.value for _, e, _ in filas],
        "numeros": [e.numero_documento for _, e, _ in filas],
        "documentos_desde": [desde for _, _, desde in filas],
        "primeros_nombres": [e.primer_nombre for _, e, _ in filas],
        "segundos_nombres": [e.segundo_nombre for _, e, _ in filas],
        "primeros_apellidos": [e.primer_apellido for _, e, _ in filas],
        "segundos_apellidos": [e.segundo_apellido for _, e, _ in filas],
        "nacimientos": [e.fecha_nacimiento for _, e, _ in filas],
        "estados": [e.estado.value for _, e, _ in filas],
        "tipos_afiliado": [e.tipo_afiliado.value for _, e, _ in filas],
        "cotizantes": [e.cotizante_id for _, e, _ in filas],
        "telefonos": [e.telefono_movil for _, e, _ in filas],
        "direcciones": [e.direccion for _, e, _ in filas],
        "versiones": [v for v, _, _ in filas],
    }


def _columnas_cambios(cambios: dict[UUID, Cambios]) -> dict[str, list[Any]]:
    """One entry per affiliate; a group absent from the batch has null version and values."""
    filas = list(cambios.values())
    documentos = [_valor(c.documento) for c in filas]
    nombres = [_valor(c.nombres) for c in filas]
    estados = [_valor(c.estado) for c in filas]
    tipos = [_valor(c.tipo) for c in filas]
    contactos = [_valor(c.contacto) for c in filas]
    return {
        "ids": list(cambios),
        "versiones": [c.version for c in filas],
        "versiones_documento": [_version(c.documento) for c in filas],
        "tipos": [None if d is None else d.tipo for d in documentos],
        "numeros": [None if d is None else d.numero for d in documentos],
        "documentos_desde": [None if d is None else d.desde for d in documentos],
        "versiones_nombres": [_version(c.nombres) for c in filas],
        "primeros_nombres": [None if n is None else n.primer_nombre for n in nombres],
        "segundos_nombres": [None if n is None else n.segundo_nombre for n in nombres],
        "primeros_apellidos": [None if n is None else n.primer_apellido for n in nombres],
        "segundos_apellidos": [None if n is None else n.segundo_apellido for n in nombres],
        "versiones_estado": [_version(c.estado) for c in filas],
        "estados": [None if e is None else e.value for e in estados],
        "versiones_tipo": [_version(c.tipo) for c in filas],
        "tipos_afiliado": [None if t is None else t.tipo_afiliado.value for t in tipos],
        "cotizantes": [None if t is None else t.cotizante_id for t in tipos],
        "versiones_contacto": [_version(c.contacto) for c in filas],
        "telefonos": [None if k is None else k.telefono_movil for k in contactos],
        "direcciones": [None if k is None else k.direccion for k in contactos],
    }


def _version(grupo: Versionado[Any] | None) -> int | None:
    return None if grupo is None else grupo.version


def _valor(grupo: Versionado[T] | None) -> T | None:
    return None if grupo is None else grupo.valor
