"""Wires the handlers to real adapters (PostgreSQL, the gateway over HTTP) or to in-memory
fakes. Both wirings run the same handlers through ``Aplicacion.ejecutar``."""

from __future__ import annotations

from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from billing.adapters.memoria import AlmacenEnMemoria, PasarelaEnMemoria, UnidadDeTrabajoEnMemoria
from billing.adapters.pasarela_http import PasarelaHttp
from billing.adapters.unidad_de_trabajo import UnidadDeTrabajoEnConexion, UnidadDeTrabajoSql
from billing.application import aportes, facturacion, reconsulta
from billing.application.comandos import Comando, DetectarMora, Resultado
from billing.application.dependencias import Dependencias
from billing.application.handlers import HANDLERS
from billing.application.puertos import Pasarela, UnidadDeTrabajo
from billing.referencia.tarifas import tarifas_pac
from billing.settings import BillingSettings
from eps_runtime import comandos
from eps_runtime.eventstore import EventStore


def ahora_utc() -> datetime:
    return datetime.now(UTC)


@dataclass(frozen=True)
class Aplicacion:
    """The wired service: one fresh unit of work (one transaction) per command."""

    nueva_unidad_de_trabajo: Callable[[], UnidadDeTrabajo]
    pasarela: Pasarela
    ahora: Callable[[], datetime] = ahora_utc

    async def ejecutar(self, comando: Comando) -> Resultado:
        """Runs the command's handler. No command here carries a version: each re-reads
        its obligation, so a conflict (two racing requests or verdicts) re-runs it, and the
        re-run sees what the winner recorded."""
        return await comandos.ejecutar(HANDLERS, comando, self.dependencias)

    def dependencias(self) -> Dependencias:
        return Dependencias(self.nueva_unidad_de_trabajo(), self.ahora(), self.pasarela)

    async def reconsultar(self, minutos: int = 7, limite: int = 100) -> int:
        return await reconsulta.reconsultar(
            self.dependencias, self.ejecutar, minutos=minutos, limite=limite
        )

    async def importar_planilla(
        self, lineas: AsyncIterable[bytes], progreso: Callable[[int], None] | None = None
    ) -> aportes.ResultadoImportacion:
        return await aportes.importar_planilla(
            lineas, self.nueva_unidad_de_trabajo, progreso=progreso
        )

    async def emitir_facturas_pac(self, periodo: str) -> facturacion.ResultadoFacturacion:
        return await facturacion.emitir_facturas_pac(self.dependencias(), periodo, tarifas_pac())

    async def barrer_mora(self, limite: int = 500) -> int:
        """Evaluates the arrears of every cotizante, page by page; returns how many
        changed."""
        cambios, desde = 0, None
        while True:
            async with self.nueva_unidad_de_trabajo() as uow:
                pagina = await uow.cotizantes.con_cotizacion(desde, limite)
            for afiliado_id in pagina:
                cambios += bool(await self.ejecutar(DetectarMora(afiliado_id)))
            if len(pagina) < limite:
                return cambios
            desde = pagina[-1]

    def en_conexion(self, conn: AsyncConnection) -> Aplicacion:
        """The same handlers inside the transaction of ``conn`` (a consumer's)."""
        store = EventStore()
        return Aplicacion(lambda: UnidadDeTrabajoEnConexion(conn, store), self.pasarela, self.ahora)


def pasarela_de(settings: BillingSettings) -> PasarelaHttp:
    return PasarelaHttp(
        settings.pasarela_url,
        settings.pasarela_secreto.get_secret_value().encode(),
        settings.url_notificaciones_efectiva(),
        settings.url_retorno_efectiva(),
        settings.pasarela_timeout_s,
    )


def bootstrap(
    engine: AsyncEngine,
    pasarela: Pasarela,
    ahora: Callable[[], datetime] = ahora_utc,
) -> Aplicacion:
    store = EventStore()
    return Aplicacion(lambda: UnidadDeTrabajoSql(engine, store), pasarela, ahora)


def bootstrap_en_memoria(
    almacen: AlmacenEnMemoria | None = None,
    pasarela: Pasarela | None = None,
    ahora: Callable[[], datetime] = ahora_utc,
) -> Aplicacion:
    compartido = almacen if almacen is not None else AlmacenEnMemoria()
    return Aplicacion(
        lambda: UnidadDeTrabajoEnMemoria(compartido), pasarela or PasarelaEnMemoria(), ahora
    )
