"""The projection's lag, measured by the consumer process and read by the API's.

The consumer knows how far behind it is (``ExactlyOnceConsumer.lag()``); the API runs in
other processes, so the consumer records the figure in ``retraso_proyeccion`` every few
seconds and the API reads it (``/readyz``, ``/metrics``). ``medido_en`` tells how old the
figure is: a consumer that stopped leaves an old ``medido_en`` behind.
"""

import asyncio
import contextlib
from collections.abc import Callable, Mapping
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.logging import get_logger

log = get_logger(__name__)

_REGISTRAR = text(
    """
    INSERT INTO retraso_proyeccion (proyeccion, mensajes_pendientes, medido_en)
    VALUES (:proyeccion, :pendientes, :medido_en)
    ON CONFLICT (proyeccion) DO UPDATE
    SET mensajes_pendientes = EXCLUDED.mensajes_pendientes, medido_en = EXCLUDED.medido_en
    """
)


async def registrar_retraso(
    engine: AsyncEngine, proyeccion: str, pendientes: int, medido_en: datetime | None = None
) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            _REGISTRAR,
            {
                "proyeccion": proyeccion,
                "pendientes": pendientes,
                "medido_en": medido_en or datetime.now(UTC),
            },
        )


async def medir_retraso_cada(
    engine: AsyncEngine,
    proyeccion: str,
    retraso: Callable[[], Mapping[str, int]],
    stop: asyncio.Event,
    *,
    cada_s: float = 5.0,
) -> None:
    """Records (and logs) ``sum(retraso().values())`` every ``cada_s`` until ``stop``.
    A database hiccup skips one measurement; it never stops the consumer."""
    while not stop.is_set():
        pendientes = sum(retraso().values())
        try:
            await registrar_retraso(engine, proyeccion, pendientes)
            log.info("proyeccion_retraso", proyeccion=proyeccion, mensajes_pendientes=pendientes)
        except Exception as error:
            log.warning("proyeccion_retraso_no_registrado", error=repr(error))
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(stop.wait(), cada_s)
