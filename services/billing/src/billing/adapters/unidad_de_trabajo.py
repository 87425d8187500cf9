"""The unit of work on PostgreSQL: one connection, one transaction per command
(``eps_runtime.repositorio.UnidadDeTrabajoSql``: without ``commit()`` it rolls back), and
the same over a connection someone else's transaction owns (the consumer's)."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncTransaction

from billing.adapters.aportes_sql import CotizantesSql, PlanillasSql
from billing.adapters.vista_sql import VistaPagosSql
from billing.domain.cuenta import CuentaCotizante
from billing.domain.obligacion import Obligacion
from eps_runtime.consecutivos import ConsecutivosSql
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import RepositorioEventos
from eps_runtime.repositorio import UnidadDeTrabajoSql as UnidadDeTrabajoBase


class UnidadDeTrabajoSql(UnidadDeTrabajoBase):
    obligaciones: RepositorioEventos[Obligacion]
    vista: VistaPagosSql
    consecutivos: ConsecutivosSql
    cuentas: RepositorioEventos[CuentaCotizante]
    cotizantes: CotizantesSql
    planillas: PlanillasSql

    def _preparar(self, conn: AsyncConnection) -> None:
        self.cuentas = RepositorioEventos(conn, CuentaCotizante, self.store)
        self.cotizantes = CotizantesSql(conn)
        self.planillas = PlanillasSql(conn)
        self.obligaciones = RepositorioEventos(conn, Obligacion, self.store)
        self.vista = VistaPagosSql(conn)
        self.consecutivos = ConsecutivosSql(conn)


class UnidadDeTrabajoEnConexion(UnidadDeTrabajoSql):
    """A savepoint inside the transaction of ``conn`` (the consumer's, which also records
    the event as processed): the command's effects commit with it, or not at all."""

    def __init__(self, conn: AsyncConnection, store: EventStore | None = None) -> None:
        super().__init__(conn.engine, store)
        self._externa = conn
        self._punto: AsyncTransaction | None = None

    async def __aenter__(self) -> Self:
        self._punto = await self._externa.begin_nested()
        self._preparar(self._externa)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self._punto is not None and self._punto.is_active:
            await self._punto.rollback()
        self._punto = None

    async def commit(self) -> None:
        assert self._punto is not None
        await self._punto.commit()
