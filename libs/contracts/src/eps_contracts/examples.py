"""One valid, fictitious example of every event, for documentation and for tests.

Guarantee: ``example_of(cls)`` exists for every registered event class and validates
against it. The people in the examples do not exist.
"""

from collections.abc import Callable
from datetime import date
from typing import Any
from uuid import UUID

from eps_contracts.events.affiliation import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.events.base import DomainEvent
from eps_contracts.types import (
    EstadoAfiliacion,
    Regimen,
    Sexo,
    TipoAfiliado,
    TipoDocumento,
)

AFILIADO_ID = UUID("6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")


def afiliado_registrado(**cambios: Any) -> AfiliadoRegistrado:
    """A cotizante in the contributory regime; ``cambios`` override any field."""
    campos: dict[str, Any] = {
        "afiliado_id": AFILIADO_ID,
        "tipo_documento": TipoDocumento.CC,
        "numero_documento": "1000000001",
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "estado": EstadoAfiliacion.ACTIVO,
        "fecha_afiliacion": date(2015, 2, 1),
        "email": "ana.perez@example.com",
        "telefono_movil": "3001234567",
        "direccion": "Calle 5 # 38-25",
        "municipio_divipola": "76001",
        "ips_primaria_codigo": "760010000001",
    }
    return AfiliadoRegistrado(**(campos | cambios))


def datos_contacto_actualizados(**cambios: Any) -> DatosContactoActualizados:
    """New contact data for the example affiliate; ``cambios`` override any field."""
    campos: dict[str, Any] = {
        "afiliado_id": AFILIADO_ID,
        "email": "ana.perez@example.org",
        "telefono_movil": "3109876543",
        "direccion": "Carrera 100 # 11-60",
        "municipio_divipola": "76001",
    }
    return DatosContactoActualizados(**(campos | cambios))


_EXAMPLES: dict[type[DomainEvent], Callable[[], DomainEvent]] = {
    AfiliadoRegistrado: afiliado_registrado,
    DatosContactoActualizados: datos_contacto_actualizados,
}


def example_of(cls: type[DomainEvent]) -> DomainEvent:
    """The example event of ``cls``; raises ``KeyError`` when it has none."""
    return _EXAMPLES[cls]()
