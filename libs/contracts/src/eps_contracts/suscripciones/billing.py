"""billing turns each authorized OPS with a copay into an obligation to pay (and drops it
when the OPS is cancelled or expires unpaid)."""

from eps_contracts.topicos import Subscription

SUBSCRIPTIONS: tuple[Subscription, ...] = (Subscription("eps.authorizations.ops", "billing.ops"),)
