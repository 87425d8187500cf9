"""Building an event from a command's fields, the way every aggregate of the service does."""

from typing import TypeVar

from pydantic import ValidationError

from affiliation.domain.errores import DatosInvalidos
from eps_contracts.events import DomainEvent

E = TypeVar("E", bound=DomainEvent)


def construir_evento(cls: type[E], **campos: object) -> E:
    """The event, or ``DatosInvalidos`` naming the fields (never their values: personal data).

    Every aggregate of the service records its events through this."""
    try:
        return cls.model_validate(campos)
    except ValidationError as error:
        nombres = sorted({str(e["loc"][0]) for e in error.errors() if e["loc"]})
        raise DatosInvalidos(
            "Estos datos no tienen el formato esperado: " + ", ".join(nombres) + "."
        ) from None
