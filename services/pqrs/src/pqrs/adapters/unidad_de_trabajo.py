"""The unit of work on PostgreSQL: one connection, one transaction per command."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_runtime.consecutivos import ConsecutivosSql
from eps_runtime.repositorio import RepositorioEventos
from eps_runtime.repositorio import UnidadDeTrabajoSql as UnidadDeTrabajoBase
from pqrs.adapters.tablas import BandejaSql, EncuestasSql, RadicadosSql
from pqrs.domain.encuesta import Encuesta
from pqrs.domain.solicitud import Solicitud


class UnidadDeTrabajoSql(UnidadDeTrabajoBase):
    solicitudes: RepositorioEventos[Solicitud]
    encuestas_eventos: RepositorioEventos[Encuesta]
    consecutivos: ConsecutivosSql
    radicados: RadicadosSql
    bandeja: BandejaSql
    encuestas: EncuestasSql

    def _preparar(self, conn: AsyncConnection) -> None:
        self.solicitudes = RepositorioEventos(conn, Solicitud, self.store)
        self.encuestas_eventos = RepositorioEventos(conn, Encuesta, self.store)
        self.consecutivos = ConsecutivosSql(conn)
        self.radicados = RadicadosSql(conn)
        self.bandeja = BandejaSql(conn)
        self.encuestas = EncuestasSql(conn)
