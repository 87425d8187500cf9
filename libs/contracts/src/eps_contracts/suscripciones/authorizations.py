"""authorizations keeps each affiliate's right (state, plans, rango) from affiliation, the
arrears from billing's cartera, and delivers the OPS on billing's payments."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "authorizations.derechos"),
    Subscription("eps.billing.cartera", "authorizations.cartera"),
    Subscription("eps.billing.pagos", "authorizations.pagos"),
)
