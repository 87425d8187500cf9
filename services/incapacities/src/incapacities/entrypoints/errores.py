"""HTTP statuses of the service's refusals whose status is not their category's (none)."""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {}
