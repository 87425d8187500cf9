"""Application refusals (re-exported from the domain where they live)."""

from pqrs.domain.errores import EncuestaYaRespondida, SolicitudNoEncontrada

__all__ = ["EncuestaYaRespondida", "SolicitudNoEncontrada"]
