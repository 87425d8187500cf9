"""audit archives every topic of the catalog.

The list is not written by hand: it is every topic each ``eps_contracts.events.<service>``
module declares in ``TOPICS`` (the same gathering the catalog does), so a topic a new
service adds is archived without any change here or in the audit service. Each topic is one
consumer group (``audit.archivo.<topic>``): each is read, replayed and rebuilt on its own,
and its partitions' hash chains are independent of every other topic's.
"""

from eps_contracts.events.registry import event_modules
from eps_contracts.topicos import Subscription

PREFIJO_GRUPO = "audit.archivo."

SUBSCRIPTIONS: tuple[Subscription, ...] = tuple(
    Subscription(topic.name, PREFIJO_GRUPO + topic.name)
    for module in event_modules()
    for topic in getattr(module, "TOPICS", ())
)
