"""notifications turns events into e-mails."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.identity.usuarios", "notifications.usuarios"),
    Subscription("eps.identity.empleadores", "notifications.empleadores"),
)
