"""The unit of work on PostgreSQL: one connection, one transaction per command
(``eps_runtime.repositorio.UnidadDeTrabajoSql``: without ``commit()`` it rolls back)."""

from __future__ import annotations

from sqlalchemy.ext.asyncio import AsyncConnection

from affiliation.adapters.bandeja import ArchivosSoporteSql, BandejaSql
from affiliation.adapters.documentos import RegistroDocumentosSql
from affiliation.adapters.empleadores import RepositorioEmpleadoresEventos
from affiliation.adapters.repositorio import RepositorioAfiliadosEventos
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.empleador import Empleador
from eps_runtime.repositorio import UnidadDeTrabajoSql as UnidadDeTrabajoBase


class UnidadDeTrabajoSql(UnidadDeTrabajoBase):
    afiliados: RepositorioAfiliadosEventos
    documentos: RegistroDocumentosSql
    empleadores: RepositorioEmpleadoresEventos
    bandeja: BandejaSql
    archivos: ArchivosSoporteSql

    def _preparar(self, conn: AsyncConnection) -> None:
        self.afiliados = RepositorioAfiliadosEventos(conn, Afiliado, self.store)
        self.documentos = RegistroDocumentosSql(conn)
        self.empleadores = RepositorioEmpleadoresEventos(conn, Empleador, self.store)
        self.bandeja = BandejaSql(conn)
        self.archivos = ArchivosSoporteSql(conn)
