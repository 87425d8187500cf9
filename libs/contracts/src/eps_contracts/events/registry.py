"""Every event type that exists, found by its CloudEvents ``type``.

The event modules are found, not listed: each ``eps_contracts.events.<service>`` module (one
per publishing service) exposes ``EVENT_CLASSES``, so a new service's contract is registered
by adding its module, with no edit here.
"""

import importlib
import pkgutil
from collections.abc import Iterable, Mapping
from types import ModuleType

from eps_contracts.events.base import DomainEvent

_NOT_EVENT_MODULES = frozenset({"base", "registry"})


class UnknownEventType(LookupError):
    """No event class is registered for a CloudEvents type."""

    def __init__(self, ce_type: str) -> None:
        super().__init__(f"unknown event type {ce_type!r}")
        self.ce_type = ce_type


def event_modules() -> tuple[ModuleType, ...]:
    """The events module of every publishing service, sorted by service name."""
    import eps_contracts.events as package

    names = sorted(
        m.name
        for m in pkgutil.iter_modules(package.__path__)
        if not m.ispkg and m.name not in _NOT_EVENT_MODULES and not m.name.startswith("_")
    )
    return tuple(importlib.import_module(f"{package.__name__}.{name}") for name in names)


def _index(classes: Iterable[type[DomainEvent]]) -> Mapping[str, type[DomainEvent]]:
    index: dict[str, type[DomainEvent]] = {}
    for cls in classes:
        ce_type = cls.ce_type()
        if ce_type in index:
            raise RuntimeError(f"two event classes share the type {ce_type!r}")
        index[ce_type] = cls
    return index


_BY_TYPE = _index(cls for module in event_modules() for cls in module.EVENT_CLASSES)


def event_class(ce_type: str) -> type[DomainEvent]:
    """The class for ``ce_type``; raises ``UnknownEventType`` when there is none."""
    try:
        return _BY_TYPE[ce_type]
    except KeyError:
        raise UnknownEventType(ce_type) from None


def all_event_classes() -> tuple[type[DomainEvent], ...]:
    """Every registered event class, sorted by CloudEvents type; each type appears once."""
    return tuple(_BY_TYPE[t] for t in sorted(_BY_TYPE))
