"""The unit of work on PostgreSQL: one connection, one transaction per command."""

from __future__ import annotations

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, AsyncTransaction

from affiliation.adapters.bandeja import ArchivosSoporteSql, BandejaSql
from affiliation.adapters.documentos import RegistroDocumentosSql
from affiliation.adapters.empleadores import RepositorioEmpleadoresEventos
from affiliation.adapters.repositorio import RepositorioAfiliadosEventos
from eps_runtime.eventstore import EventStore


class UnidadDeTrabajoSql:
    """Guarantee: without ``commit()`` the transaction is rolled back when the block ends."""

    afiliados: RepositorioAfiliadosEventos
    documentos: RegistroDocumentosSql
    empleadores: RepositorioEmpleadoresEventos
    bandeja: BandejaSql
    archivos: ArchivosSoporteSql

    def __init__(self, engine: AsyncEngine, store: EventStore) -> None:
        self._engine = engine
        self._store = store
        self._conn: AsyncConnection | None = None
        self._transaccion: AsyncTransaction | None = None

    async def __aenter__(self) -> UnidadDeTrabajoSql:
        self._conn = await self._engine.connect()
        self._transaccion = await self._conn.begin()
        self.afiliados = RepositorioAfiliadosEventos(self._conn, self._store)
        self.documentos = RegistroDocumentosSql(self._conn)
        self.empleadores = RepositorioEmpleadoresEventos(self._conn, self._store)
        self.bandeja = BandejaSql(self._conn)
        self.archivos = ArchivosSoporteSql(self._conn)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        assert self._conn is not None and self._transaccion is not None
        try:
            if self._transaccion.is_active:
                await self._transaccion.rollback()
        finally:
            await self._conn.close()
            self._conn = self._transaccion = None

    async def commit(self) -> None:
        assert self._transaccion is not None
        await self._transaccion.commit()
