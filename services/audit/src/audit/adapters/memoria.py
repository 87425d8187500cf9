"""In-memory fakes of the archive's ports, for unit tests of the use cases and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import TypeVar
from uuid import UUID

from audit.application.errores import CursorNoValido
from audit.application.informes import TasaAprobacion, Volumen
from audit.application.modelos import ConsultaRegistrada, EventoArchivado, FiltroEventos, Pagina
from audit.domain.plazos import Caso, Plazo
from eps_contracts.events.audit import DatosPersonalesConsultados

T = TypeVar("T")


def _cumple(e: EventoArchivado, f: FiltroEventos) -> bool:
    return (
        (f.sujeto is None or e.ce_subject == f.sujeto)
        and (f.tipo is None or e.ce_type == f.tipo)
        and (f.servicio is None or e.servicio == f.servicio)
        and (f.afiliado_id is None or e.afiliado_id == f.afiliado_id)
        and (f.desde is None or e.ce_time >= f.desde)
        and (f.hasta is None or e.ce_time < f.hasta)
    )


def _desde(cursor: str | None) -> int:
    if cursor is None:
        return 0
    if not cursor.isdigit():
        raise CursorNoValido()
    return int(cursor)


def _pagina(elementos: list[T], inicio: int, limite: int) -> Pagina[T]:
    trozo = elementos[inicio : inicio + limite]
    siguiente = str(inicio + limite) if len(elementos) > inicio + limite else None
    return Pagina(trozo, siguiente)


class ArchivoEnMemoria:
    def __init__(self) -> None:
        self.eventos: list[EventoArchivado] = []
        self.consultas: list[ConsultaRegistrada] = []

    async def buscar(
        self, filtro: FiltroEventos, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        hallados = [e for e in self.eventos if _cumple(e, filtro)]
        return _pagina(hallados, _desde(cursor), limite)

    async def historial(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[EventoArchivado]:
        suyos = sorted(
            (e for e in self.eventos if e.afiliado_id == afiliado_id),
            key=lambda e: (e.ce_time, e.posicion),
        )
        return _pagina(suyos, _desde(cursor), limite)

    async def exportar(self, filtro: FiltroEventos) -> AsyncIterator[EventoArchivado]:
        for evento in self.eventos:
            if _cumple(evento, filtro):
                yield evento

    async def consultas_de(
        self, afiliado_id: UUID, cursor: str | None, limite: int
    ) -> Pagina[ConsultaRegistrada]:
        suyas = sorted(
            (c for c in self.consultas if c.afiliado_id == afiliado_id),
            key=lambda c: c.consultado_en,
            reverse=True,
        )
        return _pagina(suyas, _desde(cursor), limite)


class RegistroConsultasEnMemoria:
    def __init__(self) -> None:
        self.registradas: list[DatosPersonalesConsultados] = []

    async def registrar(self, consultas: Sequence[DatosPersonalesConsultados]) -> None:
        self.registradas.extend(consultas)


class InformesEnMemoria:
    """Cases per term name, volumes and payments as a test sets them."""

    def __init__(self) -> None:
        self.casos_por_inicio: dict[str, list[Caso]] = {}
        self.volumenes_: list[Volumen] = []
        self.pagos_: list[TasaAprobacion] = []

    async def casos(self, plazo: Plazo, desde: datetime, hasta: datetime) -> list[Caso]:
        return [c for c in self.casos_por_inicio.get(plazo.inicio, []) if desde <= c.inicio < hasta]

    async def volumenes(self, desde: datetime, hasta: datetime) -> list[Volumen]:
        return list(self.volumenes_)

    async def pagos(self, desde: datetime, hasta: datetime) -> list[TasaAprobacion]:
        return list(self.pagos_)
