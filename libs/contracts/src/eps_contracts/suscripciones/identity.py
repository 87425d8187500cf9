"""identity keeps the affiliates it validates and the employers it gives accounts to."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "identity.afiliados"),
    Subscription("eps.affiliation.empleadores", "identity.empleadores"),
)
