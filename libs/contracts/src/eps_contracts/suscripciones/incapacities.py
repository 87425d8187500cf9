"""incapacities validates the right to a subsidy from its own read models: affiliation's
affiliates (active, independiente or employer) and billing's contributions and arrears."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "incapacities.afiliados"),
    Subscription("eps.billing.cartera", "incapacities.cartera"),
)
