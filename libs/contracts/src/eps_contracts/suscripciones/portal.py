"""The portal builds the affiliate's dashboard and the views front ends need."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "portal.tablero"),
    Subscription("eps.pqrs.solicitudes", "portal.pqrs"),
    Subscription("eps.billing.pagos", "portal.billing"),
    Subscription("eps.incapacities.incapacidades", "portal.incapacidades"),
    Subscription("eps.authorizations.ops", "portal.autorizaciones"),
)
