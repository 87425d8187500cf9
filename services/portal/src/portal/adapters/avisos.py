"""Committed dashboard changes, heard once per process and fanned out in memory.

The projection runs ``pg_notify('portal_tablero', …)`` inside the consumer's transaction;
PostgreSQL delivers it only when that transaction commits. ``Avisos`` holds ONE asyncpg
connection per process LISTENing on the channel and hands each notice to every in-process
subscriber (an ``asyncio.Queue`` each): requests waiting for a version, SSE streams.

Guarantees:
- a subscriber hears every notice delivered while it is subscribed, or an ``Aviso`` with
  ``todos=True`` in its place ("anything may have changed: read again"): after the
  connection dropped and came back (notices sent meanwhile are lost), or when the
  subscriber fell more than ``MAXIMO_EN_COLA`` notices behind;
- a dropped connection is reopened, after ``reintento_s``, until ``detener``;
- ``detener`` ends every subscription: each queue receives ``None``.

Subscribe first, then read the database: a change committed between the two is then
either in what was read or in the queue, never lost.
"""

import asyncio
import contextlib
from collections.abc import Iterator

import asyncpg

from eps_runtime.logging import get_logger
from portal.adapters.tablero_projection import CANAL_AVISOS
from portal.domain.avisos import Aviso

log = get_logger(__name__)

MAXIMO_EN_COLA = 100


TODOS = Aviso(todos=True)

Cola = asyncio.Queue[Aviso | None]


def url_asyncpg(database_url: str) -> str:
    """SQLAlchemy's ``postgresql+asyncpg://…`` as asyncpg's own ``postgresql://…``."""
    return database_url.replace("postgresql+asyncpg://", "postgresql://", 1)


class Avisos:
    def __init__(
        self, database_url: str, *, canal: str = CANAL_AVISOS, reintento_s: float = 1.0
    ) -> None:
        self._dsn = url_asyncpg(database_url)
        self._canal = canal
        self._reintento_s = reintento_s
        self._colas: set[Cola] = set()
        self._tarea: asyncio.Task[None] | None = None
        self._conectado = asyncio.Event()
        self._detenido = False

    @property
    def conectado(self) -> bool:
        """Whether notices are being heard now (if not, waiters re-read now and then)."""
        return self._conectado.is_set()

    async def iniciar(self, espera_s: float = 5.0) -> None:
        """Starts listening; waits up to ``espera_s`` for the first connection, but a
        database that is down does not stop the process from starting."""
        self._detenido = False
        self._tarea = asyncio.create_task(self._escuchar(), name="avisos-tablero")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._conectado.wait(), espera_s)

    async def detener(self) -> None:
        self._detenido = True
        if self._tarea is not None:
            self._tarea.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._tarea
            self._tarea = None
        for cola in list(self._colas):
            _poner(cola, None)

    @contextlib.contextmanager
    def suscripcion(self) -> Iterator[Cola]:
        """A queue of the notices committed from now on, until the block ends."""
        cola: Cola = asyncio.Queue()
        if self._detenido:
            cola.put_nowait(None)
        self._colas.add(cola)
        try:
            yield cola
        finally:
            self._colas.discard(cola)

    def publicar(self, aviso: Aviso) -> None:
        """Hands ``aviso`` to every subscriber (the listener does; tests may too)."""
        for cola in list(self._colas):
            if cola.qsize() >= MAXIMO_EN_COLA:
                # A slow reader loses the details, never the fact that something changed.
                while not cola.empty():
                    cola.get_nowait()
                aviso_para_cola = TODOS
            else:
                aviso_para_cola = aviso
            _poner(cola, aviso_para_cola)

    async def _escuchar(self) -> None:
        primera = True
        while True:
            try:
                conexion: asyncpg.Connection = await asyncpg.connect(self._dsn)
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("avisos_tablero_sin_conexion", error=repr(error))
                await asyncio.sleep(self._reintento_s)
                continue
            perdida = asyncio.Event()
            conexion.add_termination_listener(lambda _c, perdida=perdida: perdida.set())
            try:
                await conexion.add_listener(self._canal, self._al_recibir)
                self._conectado.set()
                log.info("avisos_tablero_escuchando", canal=self._canal)
                if not primera:
                    self.publicar(TODOS)  # notices sent while disconnected are lost
                primera = False
                await perdida.wait()
                log.warning("avisos_tablero_conexion_perdida")
            except (OSError, asyncpg.PostgresError) as error:
                log.warning("avisos_tablero_error", error=repr(error))
            finally:
                self._conectado.clear()
                with contextlib.suppress(Exception):
                    await asyncio.shield(conexion.close(timeout=2))
            await asyncio.sleep(self._reintento_s)

    def _al_recibir(self, _conexion: object, _pid: int, _canal: str, carga: str) -> None:
        try:
            aviso = Aviso.desde_carga(carga)
        except (ValueError, TypeError, AttributeError):
            log.warning("aviso_tablero_invalido")
            aviso = TODOS
        self.publicar(aviso)


def _poner(cola: Cola, aviso: Aviso | None) -> None:
    with contextlib.suppress(asyncio.QueueFull):
        cola.put_nowait(aviso)
