"""Every event type that exists, found by its CloudEvents ``type``."""

from collections.abc import Iterable, Mapping

from eps_contracts.events import affiliation, identity
from eps_contracts.events.base import DomainEvent


class UnknownEventType(LookupError):
    """No event class is registered for a CloudEvents type."""

    def __init__(self, ce_type: str) -> None:
        super().__init__(f"unknown event type {ce_type!r}")
        self.ce_type = ce_type


def _index(classes: Iterable[type[DomainEvent]]) -> Mapping[str, type[DomainEvent]]:
    index: dict[str, type[DomainEvent]] = {}
    for cls in classes:
        ce_type = cls.ce_type()
        if ce_type in index:
            raise RuntimeError(f"two event classes share the type {ce_type!r}")
        index[ce_type] = cls
    return index


_BY_TYPE = _index(affiliation.EVENT_CLASSES + identity.EVENT_CLASSES)


def event_class(ce_type: str) -> type[DomainEvent]:
    """The class for ``ce_type``; raises ``UnknownEventType`` when there is none."""
    try:
        return _BY_TYPE[ce_type]
    except KeyError:
        raise UnknownEventType(ce_type) from None


def all_event_classes() -> tuple[type[DomainEvent], ...]:
    """Every registered event class, sorted by CloudEvents type; each type appears once."""
    return tuple(_BY_TYPE[t] for t in sorted(_BY_TYPE))
