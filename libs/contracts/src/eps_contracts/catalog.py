"""The catalog of services, topics and subscriptions: who publishes what, who reads it.

Gathered, not listed: the topics are those each ``eps_contracts.events.<service>`` module
declares in ``TOPICS`` and the subscriptions those of each
``eps_contracts.suscripciones.<service>`` module, so a new service adds its own files.

Guarantee: the catalog is checked when this module is imported. Every registered event
class is carried by exactly one topic, owned by the event's service, keyed by the event's
aggregate id field; every subscription names a known service and topic and has its own
consumer group. An inconsistent catalog fails at import with ``CatalogError``.
"""

import importlib
import pkgutil
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import eps_contracts.suscripciones
from eps_contracts.events.base import DomainEvent
from eps_contracts.events.registry import all_event_classes, event_class, event_modules
from eps_contracts.topicos import Subscription, Topic

__all__ = [
    "SERVICES",
    "SUBSCRIPTIONS",
    "TOPICS",
    "CatalogError",
    "Service",
    "Subscription",
    "Topic",
    "UnknownTopic",
]


class CatalogError(RuntimeError):
    """The catalog contradicts itself or the event registry."""


class UnknownTopic(LookupError):
    """No topic in the catalog carries that event or has that name."""


@dataclass(frozen=True)
class Service:
    name: str
    description: str

    @property
    def ce_source(self) -> str:
        """The CloudEvents ``source`` of every event this service publishes."""
        return f"/eps/{self.name}"


SERVICES: tuple[Service, ...] = (
    Service("affiliation", "Afiliados, grupo familiar, IPS primaria, datos de contacto."),
    Service("identity", "Cuentas de usuario, registro, preguntas de seguridad, sesiones."),
    Service("authorizations", "Presolicitudes, OPS, MIPRES y valores de copago."),
    Service("billing", "Cuotas, pagos, facturas PAC, aportes y cartera."),
    Service("incapacities", "Incapacidades y licencias."),
    Service("pqrs", "Peticiones, quejas, reclamos y sugerencias con radicado."),
    Service("notifications", "Correos enviados a partir de los eventos."),
    Service("portal", "Modelos de lectura para los portales; solo consume."),
    Service("audit", "Archivo inalterable de todos los eventos y reportes de cumplimiento."),
)

TOPICS: tuple[Topic, ...] = tuple(
    topic for module in event_modules() for topic in getattr(module, "TOPICS", ())
)


def _subscriptions() -> Mapping[str, tuple[Subscription, ...]]:
    package = eps_contracts.suscripciones
    found: dict[str, tuple[Subscription, ...]] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        module = importlib.import_module(f"{package.__name__}.{info.name}")
        found[info.name] = tuple(module.SUBSCRIPTIONS)
    return MappingProxyType(found)


SUBSCRIPTIONS: Mapping[str, tuple[Subscription, ...]] = _subscriptions()
"""Service name → the topics it consumes."""


def service_named(name: str) -> Service:
    """The service called ``name``; raises ``LookupError`` when there is none."""
    for candidate in SERVICES:
        if candidate.name == name:
            return candidate
    raise LookupError(f"unknown service {name!r}")


def topic_named(name: str) -> Topic:
    """The topic called ``name``; raises ``UnknownTopic`` when there is none."""
    for candidate in TOPICS:
        if candidate.name == name:
            return candidate
    raise UnknownTopic(f"unknown topic {name!r}")


def topic_for(event: type[DomainEvent] | str) -> Topic:
    """The topic carrying an event class or CloudEvents type.

    Raises ``UnknownEventType`` for an unregistered type string and ``UnknownTopic`` for a
    class no topic carries.
    """
    cls = event_class(event) if isinstance(event, str) else event
    for candidate in TOPICS:
        if cls in candidate.event_classes:
            return candidate
    raise UnknownTopic(f"no topic carries {cls.__name__}")


def dlq_topic(name: str) -> str:
    """The dead-letter topic for messages of topic ``name`` that cannot be processed."""
    return f"{name}.dlq"


def consumers_of(topic: str) -> tuple[str, ...]:
    """The services subscribed to ``topic``, sorted by name."""
    return tuple(
        sorted(s for s, subs in SUBSCRIPTIONS.items() if any(x.topic == topic for x in subs))
    )


def catalog_problems() -> list[str]:
    """Every inconsistency of the catalog with itself and with the event registry."""
    problems: list[str] = []
    services = {s.name for s in SERVICES}
    carried: list[type[DomainEvent]] = []
    for topic in TOPICS:
        if topic.owner not in services:
            problems.append(f"topic {topic.name}: unknown owner {topic.owner!r}")
        if not topic.name.startswith(f"eps.{topic.owner}."):
            problems.append(f"topic {topic.name}: name must start with eps.{topic.owner}.")
        for cls in topic.event_classes:
            carried.append(cls)
            if cls.service != topic.owner:
                problems.append(f"topic {topic.name}: {cls.__name__} belongs to {cls.service}")
            if cls.aggregate_id_field != topic.key:
                problems.append(f"topic {topic.name}: {cls.__name__} is not keyed by {topic.key}")
    if len({t.name for t in TOPICS}) != len(TOPICS):
        problems.append("two topics share a name")
    if sorted(carried, key=lambda c: c.ce_type()) != list(all_event_classes()):
        problems.append("each registered event class must be on exactly one topic")
    problems.extend(_subscription_problems(services))
    return problems


def _subscription_problems(services: set[str]) -> list[str]:
    problems: list[str] = []
    topics = {t.name for t in TOPICS}
    groups: list[str] = []
    for service, subs in SUBSCRIPTIONS.items():
        if service not in services:
            problems.append(f"subscriptions of unknown service {service!r}")
        for sub in subs:
            groups.append(sub.group_id)
            if sub.topic not in topics:
                problems.append(f"{service} subscribes to unknown topic {sub.topic!r}")
            if not sub.group_id.startswith(f"{service}."):
                problems.append(f"{service}: group {sub.group_id!r} must start with {service}.")
    if len(set(groups)) != len(groups):
        problems.append("two subscriptions share a consumer group")
    return problems


_problems = catalog_problems()
if _problems:
    raise CatalogError("; ".join(_problems))
