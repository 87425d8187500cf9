"""Exception types whose HTTP status is not their category's (none: the categories say it)."""

from collections.abc import Mapping

from eps_runtime.errores import ErrorDeDominio

ESTADOS_HTTP: Mapping[type[ErrorDeDominio], int] = {}
