"""Event models: one module per publishing service, plus the registry."""

from eps_contracts.events.affiliation import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.events.base import DomainEvent
from eps_contracts.events.registry import UnknownEventType, all_event_classes, event_class

__all__ = [
    "AfiliadoRegistrado",
    "DatosContactoActualizados",
    "DomainEvent",
    "UnknownEventType",
    "all_event_classes",
    "event_class",
]
