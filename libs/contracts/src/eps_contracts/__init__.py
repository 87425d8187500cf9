"""Event contracts of the Oficina Virtual EPS: the one place that defines every event.

- ``envelope``: CloudEvents 1.0 in Kafka binary content mode (``EventEnvelope``,
  ``to_kafka_record``, ``from_kafka_record``);
- ``events``: the pydantic models and the registry by CloudEvents type;
- ``codec``: event ⇄ envelope;
- ``catalog``: services, topics, subscriptions;
- ``schemas`` / ``compatibility``: committed JSON Schemas and the breaking-change check;
- ``asyncapi`` / ``eventsdoc``: generated documentation.
"""

from eps_contracts.catalog import (
    SERVICES,
    SUBSCRIPTIONS,
    TOPICS,
    Service,
    Subscription,
    Topic,
    UnknownTopic,
    consumers_of,
    dlq_topic,
    service_named,
    topic_for,
    topic_named,
)
from eps_contracts.codec import InvalidEventData, from_envelope, to_envelope
from eps_contracts.envelope import (
    EventEnvelope,
    InvalidEnvelope,
    KafkaRecord,
    from_kafka_record,
    to_kafka_record,
)
from eps_contracts.events import (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    DomainEvent,
    UnknownEventType,
    all_event_classes,
    event_class,
)

__all__ = [
    "SERVICES",
    "SUBSCRIPTIONS",
    "TOPICS",
    "AfiliadoRegistrado",
    "DatosContactoActualizados",
    "DomainEvent",
    "EventEnvelope",
    "InvalidEnvelope",
    "InvalidEventData",
    "KafkaRecord",
    "Service",
    "Subscription",
    "Topic",
    "UnknownEventType",
    "UnknownTopic",
    "all_event_classes",
    "consumers_of",
    "dlq_topic",
    "event_class",
    "from_envelope",
    "from_kafka_record",
    "service_named",
    "to_envelope",
    "to_kafka_record",
    "topic_for",
    "topic_named",
]
