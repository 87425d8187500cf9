"""Identity's unit of work on PostgreSQL: one transaction for the state tables (accounts,
registration) and the events appended with them (ADR 0004)."""

from types import TracebackType

from sqlalchemy.ext.asyncio import AsyncConnection

from eps_runtime.repositorio import UnidadDeTrabajoSql
from identity.adapters.cuentas_sql import CuentasSql, EventosSql, RegistroSql


class UnidadDeTrabajoIdentidad(UnidadDeTrabajoSql):
    """``async with`` is the transaction: it commits when the block ends normally and rolls
    back when an exception escapes (a refusal raised after writing writes nothing; a use case
    that must keep a write, such as a failed attempt, raises after the block)."""

    cuentas: CuentasSql
    registro: RegistroSql
    eventos: EventosSql

    def _preparar(self, conn: AsyncConnection) -> None:
        self.cuentas = CuentasSql(conn)
        self.registro = RegistroSql(conn)
        self.eventos = EventosSql(conn, self.store)

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            if exc_type is None:
                await self.commit()
        finally:
            await super().__aexit__(exc_type, exc, tb)
