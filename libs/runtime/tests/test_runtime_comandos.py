"""Running a command: a command without a version re-runs its own conflict; one with a
version answers it."""

from dataclasses import dataclass
from typing import Any
from uuid import uuid4

import pytest

from eps_runtime import comandos
from eps_runtime.errores import ConflictoDeVersion


@dataclass(frozen=True)
class CargarSoporte:
    afiliado_id: str


@dataclass(frozen=True)
class ActualizarDatos:
    afiliado_id: str
    version_esperada: int


class Contador:
    """A handler that loses the race ``perdidas`` times, then succeeds."""

    def __init__(self, perdidas: int) -> None:
        self.perdidas = perdidas
        self.unidades: list[int] = []

    async def __call__(self, comando: Any, unidad: int) -> str:
        self.unidades.append(unidad)
        if len(self.unidades) <= self.perdidas:
            raise ConflictoDeVersion(uuid4(), expected_version=len(self.unidades))
        return "hecho"


def unidades() -> Any:
    siguiente = iter(range(1, 100))
    return lambda: next(siguiente)


async def test_carga_sin_version_que_pierde_la_carrera_se_repite_con_una_unidad_nueva() -> None:
    handler = Contador(perdidas=2)

    resultado = await comandos.ejecutar({CargarSoporte: handler}, CargarSoporte("a"), unidades())

    assert resultado == "hecho"
    assert handler.unidades == [1, 2, 3]


async def test_cambio_con_version_que_pierde_la_carrera_responde_el_conflicto_sin_repetir() -> None:
    handler = Contador(perdidas=1)

    with pytest.raises(ConflictoDeVersion):
        await comandos.ejecutar({ActualizarDatos: handler}, ActualizarDatos("a", 3), unidades())
    assert handler.unidades == [1]


async def test_conflicto_que_se_repite_mas_de_cinco_veces_se_responde() -> None:
    handler = Contador(perdidas=10)

    with pytest.raises(ConflictoDeVersion):
        await comandos.ejecutar({CargarSoporte: handler}, CargarSoporte("a"), unidades())
    assert len(handler.unidades) == comandos.INTENTOS_SIN_VERSION
