"""The aggregate root of every event-sourced service: its state is the fold of its own events.

A domain aggregate subclasses ``Agregado``, names the event that starts a stream
(``evento_inicial``) and says how each event type changes the state, with ``@aplica``::

    class Presolicitud(Agregado):
        evento_inicial = PresolicitudCreada

        @classmethod
        def crear(cls, **campos) -> Presolicitud:
            presolicitud = cls()
            presolicitud._registrar(PresolicitudCreada, **campos)
            return presolicitud

        @aplica(PresolicitudCreada)
        def _creada(self, e: PresolicitudCreada) -> None:
            self.estado = "EN_PROCESO"

Guarantees:
- commands only *record* events (``cambios``); nothing is written anywhere from here;
- every recorded event validates against its published contract first (``construir_evento``),
  so a refused command records nothing and the refusal names fields, never their values;
- ``version`` counts the stream's events including unsaved ones; ``version_guardada`` is the
  version the changes must be appended after (the optimistic concurrency check);
- a stream always starts with ``evento_inicial``, and an event type the aggregate does not
  know is a ``TypeError`` (never silently skipped). An aggregate whose id is known before
  its first event (an employer's administration, one stream per employer, where any of its
  events may come first) sets ``evento_inicial = None`` and is created with its id; every
  event it records must then carry that id.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any, ClassVar, Self, TypeVar
from uuid import UUID

from pydantic import ValidationError

from eps_contracts.events import DomainEvent
from eps_runtime.errores import DatosInvalidos

E = TypeVar("E", bound=DomainEvent)
F = TypeVar("F", bound=Callable[..., None])
Aplicador = Callable[[Any, Any], None]


def construir_evento(cls: type[E], **campos: object) -> E:
    """The event, or ``DatosInvalidos`` naming the fields at fault (never their values:
    they may be personal data)."""
    try:
        return cls.model_validate(campos)
    except ValidationError as error:
        nombres = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        raise DatosInvalidos(
            "Estos datos no tienen el formato esperado: " + ", ".join(nombres) + "."
        ) from None


def aplica(*tipos: type[DomainEvent]) -> Callable[[F], F]:
    """Marks a method ``(self, evento)`` as the way the aggregate applies ``tipos``."""

    def marcar(metodo: F) -> F:
        metodo._aplica_a = tipos  # type: ignore[attr-defined]
        return metodo

    return marcar


class Agregado:
    """Version bookkeeping, pending changes and event dispatch shared by every aggregate."""

    evento_inicial: ClassVar[type[DomainEvent] | tuple[type[DomainEvent], ...] | None]
    _aplicadores: ClassVar[dict[type[DomainEvent], Aplicador]] = {}

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        aplicadores: dict[type[DomainEvent], Aplicador] = dict(cls._aplicadores)
        for atributo in cls.__dict__.values():
            for tipo in getattr(atributo, "_aplica_a", ()):
                aplicadores[tipo] = atributo
        cls._aplicadores = aplicadores

    @classmethod
    def registrar_aplicadores(cls, aplicadores: Mapping[type[DomainEvent], Aplicador]) -> None:
        """Adds appliers written as module functions ``(agregado, evento)``."""
        cls._aplicadores = {**cls._aplicadores, **aplicadores}

    @classmethod
    def tipo_stream(cls) -> str:
        """The ``stream_type`` its streams are stored under (the class name)."""
        return cls.__name__

    @classmethod
    def tipos_de_evento(cls) -> frozenset[type[DomainEvent]]:
        return frozenset(cls._aplicadores)

    def __init__(self, agregado_id: UUID | None = None) -> None:
        self.version = 0
        self.version_guardada = 0
        self.cambios: list[DomainEvent] = []
        self._id: UUID | None = agregado_id

    @property
    def id(self) -> UUID:
        """The stream id: the aggregate id of its first event."""
        if self._id is None:
            raise ValueError(f"{type(self).__name__} sin eventos no tiene identificador")
        return self._id

    @classmethod
    def from_events(cls, eventos: Iterable[DomainEvent]) -> Self:
        """The state after ``eventos`` (a whole stream, in version order), with no changes."""
        agregado = cls()
        for evento in eventos:
            agregado._aplicar(evento)
        if agregado.version == 0:
            raise ValueError(f"{cls.__name__} se reconstruye a partir de al menos un evento")
        agregado.version_guardada = agregado.version
        return agregado

    def marcar_guardado(self) -> None:
        """The changes were appended to the stream: they are no longer pending."""
        self.cambios = []
        self.version_guardada = self.version

    def _registrar(self, cls: type[E], **campos: Any) -> E:
        """Builds ``cls`` (the aggregate id filled in once the stream exists), applies it and
        keeps it as a pending change."""
        if self._id is not None:
            campos.setdefault(cls.aggregate_id_field, self._id)
        evento = construir_evento(cls, **campos)
        self._registrar_cambio(evento)
        return evento

    def _registrar_cambio(self, evento: DomainEvent) -> None:
        self._aplicar(evento)
        self.cambios.append(evento)

    def _aplicar(self, evento: DomainEvent) -> None:
        if self.evento_inicial is not None:
            inicial = isinstance(evento, self.evento_inicial)
            if inicial and self.version != 0:
                raise ValueError(f"{type(evento).__name__} solo puede ser el primer evento")
            if not inicial and self.version == 0:
                raise ValueError(f"el primer evento de {type(self).__name__} es otro")
        aplicar = self._aplicadores.get(type(evento))
        if aplicar is None:
            raise TypeError(f"{type(self).__name__} no sabe aplicar {type(evento).__name__}")
        if self._id is None:
            self._id = UUID(evento.aggregate_id())
        elif UUID(evento.aggregate_id()) != self._id:
            raise ValueError(f"un evento de otro {type(self).__name__} no se aplica a este")
        aplicar(self, evento)
        self.version += 1
