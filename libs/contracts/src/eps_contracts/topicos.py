"""The shapes of the catalog: a topic and a subscription (see ``eps_contracts.catalog``).

Each service's events module (``eps_contracts.events.<service>``) declares the topics it owns
in ``TOPICS``; each consuming service declares what it reads in
``eps_contracts.suscripciones.<service>.SUBSCRIPTIONS``. The catalog gathers them.
"""

from dataclasses import dataclass

from eps_contracts.events.base import DomainEvent


@dataclass(frozen=True, kw_only=True)
class Topic:
    """A Kafka topic: one owner publishes on it, keyed by one aggregate id field."""

    name: str
    owner: str
    key: str
    event_classes: tuple[type[DomainEvent], ...]
    description: str
    partitions: int = 3


@dataclass(frozen=True)
class Subscription:
    """A topic one service consumes, with the consumer group it uses."""

    topic: str
    group_id: str
