"""The back office's reports, computed from the archive (itself a read model of every topic,
rebuildable with ``python -m audit reconstruir``): deadline compliance per term and month,
volumes per service and event, payment approval rate."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Protocol

from audit.application.errores import RangoNoValido
from audit.domain.plazos import PLAZOS, Caso, Cumplimiento, Plazo, cumplimiento


@dataclass(frozen=True)
class Volumen:
    mes: str
    servicio: str
    evento: str
    cantidad: int


@dataclass(frozen=True)
class TasaAprobacion:
    mes: str
    aprobados: int
    rechazados: int

    @property
    def tasa(self) -> float | None:
        total = self.aprobados + self.rechazados
        return round(self.aprobados / total, 4) if total else None


class FuenteInformes(Protocol):
    async def casos(self, plazo: Plazo, desde: datetime, hasta: datetime) -> list[Caso]: ...

    async def volumenes(self, desde: datetime, hasta: datetime) -> list[Volumen]: ...

    async def pagos(self, desde: datetime, hasta: datetime) -> list[TasaAprobacion]: ...


def _ahora() -> datetime:
    return datetime.now(UTC)


class Informes:
    def __init__(
        self,
        fuente: FuenteInformes,
        *,
        plazos: tuple[Plazo, ...] = PLAZOS,
        reloj: Callable[[], datetime] = _ahora,
    ) -> None:
        self.fuente = fuente
        self.plazos = plazos
        self.reloj = reloj

    async def cumplimiento(self, desde: datetime, hasta: datetime) -> list[Cumplimiento]:
        _rango(desde, hasta)
        ahora = self.reloj()
        filas: list[Cumplimiento] = []
        for plazo in self.plazos:
            filas.extend(cumplimiento(plazo, await self.fuente.casos(plazo, desde, hasta), ahora))
        return filas

    async def volumenes(self, desde: datetime, hasta: datetime) -> list[Volumen]:
        _rango(desde, hasta)
        return await self.fuente.volumenes(desde, hasta)

    async def pagos(self, desde: datetime, hasta: datetime) -> list[TasaAprobacion]:
        _rango(desde, hasta)
        return await self.fuente.pagos(desde, hasta)


def _rango(desde: datetime, hasta: datetime) -> None:
    if desde >= hasta:
        raise RangoNoValido()
