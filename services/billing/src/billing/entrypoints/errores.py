"""The one place where the service's exception types become HTTP statuses (RFC 9457).

Every refusal is an ``eps_runtime.errores`` category (not found → 404, state conflict → 409,
rule or format → 422, gateway down → 503, a notification without a valid signature → 401);
the categories already say each status, so this table is empty.
"""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {}
