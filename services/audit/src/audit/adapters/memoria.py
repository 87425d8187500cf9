"""In-memory fakes of the archive's ports, for unit tests of the use cases and routes."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from typing import TypeVar
from uuid import UUID

from audit.application.errores import CursorNoValido
from audit.application.modelos import ConsultaRegistrada, EventoArchivado, FiltroEventos, Pagina
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
