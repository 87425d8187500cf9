"""billing turns each authorized OPS with a copay into an obligation to pay (and drops it
when the OPS is cancelled or expires unpaid), and keeps the cotizantes it matches PILA
contributions to (document, type, IBC) from affiliation's events."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.authorizations.ops", "billing.ops"),
    Subscription("eps.affiliation.afiliados", "billing.afiliados"),
)
