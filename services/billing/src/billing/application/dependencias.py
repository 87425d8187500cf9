"""What every handler receives."""

from dataclasses import dataclass
from datetime import datetime

from billing.application.puertos import Pasarela, UnidadDeTrabajo


@dataclass(frozen=True)
class Dependencias:
    """One command's world: a fresh unit of work, the instant, the payment gateway."""

    uow: UnidadDeTrabajo
    ahora: datetime
    pasarela: Pasarela
