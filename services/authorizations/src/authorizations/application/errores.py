"""Application refusals (not found…); the domain's own refusals live in domain/errores.py."""

from authorizations.domain.errores import OPSNoEncontrada, PresolicitudNoEncontrada

__all__ = ["OPSNoEncontrada", "PresolicitudNoEncontrada"]
