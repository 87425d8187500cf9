"""The portal builds the affiliate's dashboard and the views front ends need."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "portal.tablero"),
    Subscription("eps.incapacities.incapacidades", "portal.incapacidades"),
)
