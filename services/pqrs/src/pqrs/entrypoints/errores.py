"""The one place where the service's exception types become HTTP statuses (RFC 9457).

The categories of ``eps_runtime.errores`` already say each status (not found → 404, state
conflict → 409, rule or format → 422, throttled → 429); nothing to refine yet."""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {}
