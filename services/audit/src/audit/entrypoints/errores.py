"""HTTP statuses of the audit service's errors whose status is not their category's: none."""

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: dict[type[ErrorDeDominio], int] = {}
