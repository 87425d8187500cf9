"""notifications turns events into e-mails.

Two kinds of subscription:

- ``DIRECTORIO``: affiliation's affiliates and employers, for the contacts directory (the
  address and name of an ``afiliado_id`` or ``empleador_id`` an e-mail is addressed to);
- ``CORREOS``: the topics whose events cause e-mails. A domain that adds its e-mails
  (``notifications/application/avisos/<dominio>.py``, see docs/servicios.md, "Correos")
  adds ONE line here per topic of its own, with the consumer group
  ``notifications.<plural of the topic>`` (e.g. ``Subscription("eps.authorizations.ops",
  "notifications.ops")``).

Each line is one consumer group, so each topic is read and replayed on its own.
"""

from eps_contracts.topicos import Subscription

DIRECTORIO: tuple[Subscription, ...] = (
    Subscription("eps.affiliation.afiliados", "notifications.directorio-afiliados"),
    Subscription("eps.affiliation.empleadores", "notifications.directorio-empleadores"),
)

CORREOS: tuple[Subscription, ...] = (
    Subscription("eps.identity.usuarios", "notifications.usuarios"),
    Subscription("eps.identity.empleadores", "notifications.empleadores"),
    Subscription("eps.pqrs.solicitudes", "notifications.solicitudes-pqrs"),
    Subscription("eps.billing.pagos", "notifications.pagos"),
    Subscription("eps.incapacities.incapacidades", "notifications.incapacidades"),
    Subscription("eps.authorizations.presolicitudes", "notifications.presolicitudes"),
)

SUBSCRIPTIONS: tuple[Subscription, ...] = DIRECTORIO + CORREOS
