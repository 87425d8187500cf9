"""The one place where the service's exception types become HTTP statuses (RFC 9457).

Every refusal is an ``eps_runtime.errores`` category (not found → 404, state conflict → 409,
rule or format → 422); the categories already say each status, so this table only names
the types whose status is not their category's. A refused family-group inclusion carries
its ``regla`` in the problem body.
"""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {}
