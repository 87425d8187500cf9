"""In-memory fakes of the unit of work and its tables, for unit tests (milliseconds).

Writes become visible on ``commit()`` only, like the SQL adapters; a taken radicado or a
second survey of a month is refused at write time, as the primary keys do."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from uuid import UUID

from eps_runtime.memoria import ConsecutivosEnMemoria, EventosEnMemoria
from eps_runtime.memoria import UnidadDeTrabajoEnMemoria as UnidadBase
from pqrs.application.puertos import (
    FilaBandeja,
    FiltrosBandeja,
    Radicacion,
    ResumenEncuesta,
)
from pqrs.domain.encuesta import PREGUNTAS, Encuesta
from pqrs.domain.errores import EncuestaYaRespondida
from pqrs.domain.solicitud import Solicitud


@dataclass
class AlmacenEnMemoria:
    """Everything the fakes of one test share."""

    eventos: EventosEnMemoria = field(default_factory=EventosEnMemoria)
    ultimos: dict[str, int] = field(default_factory=dict)
    radicados: dict[str, Radicacion] = field(default_factory=dict)
    filas: dict[UUID, FilaBandeja] = field(default_factory=dict)
    encuestas: dict[UUID, Encuesta] = field(default_factory=dict)


class _Tabla:
    def __init__(self) -> None:
        self._pendiente: list[object] = []

    def verificar(self) -> None:
        """Nothing to check: one unit of work at a time in unit tests."""


class RadicadosEnMemoria(_Tabla):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__()
        self._a = almacen
        self._nuevos: dict[str, Radicacion] = {}

    async def registrar(self, radicacion: Radicacion) -> None:
        if radicacion.radicado in self._a.radicados or radicacion.radicado in self._nuevos:
            raise AssertionError(f"radicado repetido {radicacion.radicado}")
        self._nuevos[radicacion.radicado] = radicacion

    async def buscar(self, radicado: str) -> Radicacion | None:
        return self._a.radicados.get(radicado)

    def confirmar(self) -> None:
        self._a.radicados.update(self._nuevos)
        self._nuevos.clear()


def _cumple(fila: FilaBandeja, f: FiltrosBandeja, ahora: datetime) -> bool:
    vencida = fila.abierta and fila.vence_en is not None and ahora > fila.vence_en
    return (
        (f.tipo is None or fila.tipo == f.tipo)
        and (f.estado is None or fila.estado == f.estado)
        and (f.riesgo is None or fila.riesgo == f.riesgo)
        and (f.area is None or fila.area == f.area)
        and (f.operador_id is None or fila.operador_id == f.operador_id)
        and (f.vencidas is None or vencida == f.vencidas)
    )


def orden_bandeja(fila: FilaBandeja) -> tuple[bool, bool, float, str]:
    """Open first, then by deadline (none last), then by radicado."""
    return (
        not fila.abierta,
        fila.vence_en is None,
        fila.vence_en.timestamp() if fila.vence_en else 0.0,
        fila.radicado,
    )


class BandejaEnMemoria(_Tabla):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__()
        self._a = almacen
        self._nuevas: dict[UUID, FilaBandeja] = {}

    async def guardar(self, fila: FilaBandeja) -> None:
        self._nuevas[fila.solicitud_id] = replace(fila)

    async def listar(self, filtros: FiltrosBandeja, ahora: datetime) -> list[FilaBandeja]:
        filas = sorted(
            (f for f in self._a.filas.values() if _cumple(f, filtros, ahora)), key=orden_bandeja
        )
        return filas[filtros.desde : filtros.desde + filtros.limite]

    async def de_afiliados(self, afiliados: list[UUID]) -> list[FilaBandeja]:
        return sorted(
            (f for f in self._a.filas.values() if f.afiliado_id in afiliados),
            key=lambda f: f.radicada_en,
            reverse=True,
        )

    async def de_empleador(self, empleador_id: UUID) -> list[FilaBandeja]:
        return sorted(
            (f for f in self._a.filas.values() if f.empleador_id == empleador_id),
            key=lambda f: f.radicada_en,
            reverse=True,
        )

    async def vencidas_sin_marcar(self, ahora: datetime, limite: int) -> list[UUID]:
        return [
            f.solicitud_id
            for f in sorted(self._a.filas.values(), key=orden_bandeja)
            if f.abierta and not f.incumplida and f.vence_en is not None and ahora > f.vence_en
        ][:limite]

    def confirmar(self) -> None:
        self._a.filas.update(self._nuevas)
        self._nuevas.clear()


class EncuestasEnMemoria(_Tabla):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__()
        self._a = almacen
        self._nuevas: dict[UUID, Encuesta] = {}

    async def registrar(self, encuesta: Encuesta, usuario_clave: str) -> None:
        if encuesta.id in self._a.encuestas or encuesta.id in self._nuevas:
            raise EncuestaYaRespondida()
        self._nuevas[encuesta.id] = encuesta

    async def resumen(self) -> list[ResumenEncuesta]:
        periodos: dict[str, list[Encuesta]] = {}
        for e in self._a.encuestas.values():
            periodos.setdefault(e.periodo, []).append(e)
        return [
            ResumenEncuesta(
                periodo,
                len(lista),
                {p: round(sum(e.puntajes[p] for e in lista) / len(lista), 2) for p in PREGUNTAS},
            )
            for periodo, lista in sorted(periodos.items(), reverse=True)
        ]

    def confirmar(self) -> None:
        self._a.encuestas.update(self._nuevas)
        self._nuevas.clear()


class UnidadDeTrabajoEnMemoria(UnidadBase):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen.eventos)
        self._almacen = almacen

    def _preparar(self) -> None:
        a = self._almacen
        self.solicitudes = self.repositorio(Solicitud)
        self.encuestas_eventos = self.repositorio(Encuesta)
        self.consecutivos = ConsecutivosEnMemoria(a.ultimos)
        self.radicados = RadicadosEnMemoria(a)
        self.bandeja = BandejaEnMemoria(a)
        self.encuestas = EncuestasEnMemoria(a)
        for fake in (self.consecutivos, self.radicados, self.bandeja, self.encuestas):
            self.participa(fake)
