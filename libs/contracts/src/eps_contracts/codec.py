"""Between domain events and envelopes: the only place that serialises event payloads."""

from datetime import datetime
from uuid import UUID

from pydantic import ValidationError

from eps_contracts.catalog import service_named
from eps_contracts.envelope import EventEnvelope
from eps_contracts.events.base import DomainEvent
from eps_contracts.events.registry import event_class


class InvalidEventData(ValueError):
    """An envelope's data does not match its event type, or contradicts its attributes."""


def to_envelope(
    event: DomainEvent,
    *,
    event_id: UUID,
    time: datetime,
    aggregate_version: int,
    traceparent: str | None = None,
    tracestate: str | None = None,
) -> EventEnvelope:
    """Wrap ``event`` with the attributes the event store gave it.

    Guarantees: ``type``, ``source``, ``subject`` and ``aggregate_type`` are derived from
    the event's class and aggregate id, never passed in, so they cannot disagree with the
    payload; ``from_envelope`` of the result returns an event equal to ``event``.
    """
    cls = type(event)
    return EventEnvelope(
        id=event_id,
        source=service_named(cls.service).ce_source,
        type=cls.ce_type(),
        time=time,
        subject=event.aggregate_id(),
        data=event.model_dump_json().encode(),
        aggregate_type=cls.aggregate_type,
        aggregate_version=aggregate_version,
        traceparent=traceparent,
        tracestate=tracestate,
    )


def from_envelope(envelope: EventEnvelope) -> DomainEvent:
    """The event an envelope carries.

    Raises ``UnknownEventType`` when the type is not registered, and ``InvalidEventData``
    when the data does not validate against the model or its aggregate id or type differ
    from ``subject`` / ``aggregate_type``. Unknown payload fields are ignored.
    """
    cls = event_class(envelope.type)
    try:
        event = cls.model_validate_json(envelope.data)
    except ValidationError as error:
        raise InvalidEventData(f"{envelope.type} data is invalid: {_summary(error)}") from None
    if event.aggregate_id() != envelope.subject:
        raise InvalidEventData(f"{envelope.type}: aggregate id differs from subject")
    if cls.aggregate_type != envelope.aggregate_type:
        raise InvalidEventData(
            f"{envelope.type}: aggregate type {envelope.aggregate_type!r} "
            f"is not {cls.aggregate_type!r}"
        )
    return event


def _summary(error: ValidationError) -> str:
    # Field locations and messages only: the input values may be personal data.
    return "; ".join(
        f"{'.'.join(str(part) for part in e['loc']) or '<root>'}: {e['msg']}"
        for e in error.errors(include_input=False, include_url=False)
    )
