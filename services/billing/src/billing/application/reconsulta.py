"""Re-query of transactions without a final state (PSE rule, DESIGN §8b).

A transaction still pending ``minutos`` after creation is asked of the gateway; a final
answer resolves it exactly as a notification would (same command, same no-double-charge
guarantees), a pending one is asked again later with a growing pause (1, 2, 4 … up to 60
minutes): abandoned transactions are probed until they end.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import timedelta

from billing.application.comandos import ResolverTransaccion
from billing.application.dependencias import Dependencias
from billing.application.errores import PasarelaNoDisponible
from billing.domain.valores import EstadoTransaccion
from eps_runtime.errores import ErrorDeDominio
from eps_runtime.logging import get_logger

log = get_logger(__name__)

PAUSA_MAXIMA = timedelta(minutes=60)


def pausa(consultas: int) -> timedelta:
    return min(timedelta(minutes=2 ** min(consultas, 6)), PAUSA_MAXIMA)


async def reconsultar(
    dependencias: Callable[[], Dependencias],
    ejecutar: Callable[[ResolverTransaccion], Awaitable[object]],
    *,
    minutos: int = 7,
    limite: int = 100,
) -> int:
    """One round: returns how many transactions were resolved."""
    deps = dependencias()
    ahora = deps.ahora
    async with deps.uow as uow:
        pendientes = await uow.vista.por_consultar(
            ahora - timedelta(minutes=minutos), ahora, limite
        )
    resueltas = 0
    for pendiente in pendientes:
        try:
            veredicto = await deps.pasarela.consultar(pendiente.referencia_pasarela)
        except PasarelaNoDisponible:
            veredicto = None
        if veredicto is None or veredicto.estado is EstadoTransaccion.PENDIENTE:
            async with deps.uow as uow:
                await uow.vista.aplazar_consulta(
                    pendiente.transaccion_id, ahora + pausa(pendiente.consultas)
                )
                await uow.commit()
            continue
        try:
            await ejecutar(ResolverTransaccion(pendiente.transaccion_id, veredicto, "consulta"))
            resueltas += 1
        except ErrorDeDominio as error:
            log.warning(
                "reconsulta_rechazada",
                transaccion_id=str(pendiente.transaccion_id),
                codigo=error.codigo,
            )
            async with deps.uow as uow:
                await uow.vista.aplazar_consulta(pendiente.transaccion_id, ahora + PAUSA_MAXIMA)
                await uow.commit()
    return resueltas
