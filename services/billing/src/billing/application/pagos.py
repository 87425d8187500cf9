"""Paying an obligation through the gateway, and the gateway's verdicts.

No double charge:
- the transaction's id is derived from the obligation and the request's idempotency key,
  and the gateway's create call is idempotent by it: a retried request (double click, the
  portal posting twice) answers the same transaction and the same redirect URL;
- a second transaction is refused while one is pending, and any once the obligation is
  paid (checked before the gateway is called, and again when the transaction is recorded:
  two racing requests append at the same version, one of them conflicts and re-runs);
- a verdict (signed notification or query, replayed or racing) ends a pending transaction
  once; the event store's (stream, version) key makes two racing verdicts one.
"""

from datetime import datetime

from billing.application.comandos import IniciarPago, ResolverTransaccion, TransaccionVista
from billing.application.dependencias import Dependencias
from billing.application.puertos import SolicitudTransaccion
from billing.domain.errores import ObligacionNoEncontrada, TransaccionNoEncontrada
from billing.domain.obligacion import Obligacion
from billing.domain.valores import EstadoObligacion, EstadoTransaccion, transaccion_de
from eps_contracts.events.billing import PagoAprobado
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.logging import get_logger

log = get_logger(__name__)


async def _propia(deps: Dependencias, cmd: IniciarPago) -> Obligacion:
    obligacion = await deps.uow.obligaciones.obtener(cmd.obligacion_id)
    if obligacion is None or obligacion.afiliado_id != cmd.afiliado_id:
        raise ObligacionNoEncontrada()
    return obligacion


async def _vista_existente(
    deps: Dependencias, obligacion: Obligacion, cmd: IniciarPago
) -> TransaccionVista | None:
    transaccion = obligacion.transacciones.get(
        transaccion_de(obligacion.id, cmd.clave_idempotencia)
    )
    if transaccion is None:
        return None
    pendiente = transaccion.estado is EstadoTransaccion.PENDIENTE
    url = await deps.uow.vista.url_de(transaccion.transaccion_id) if pendiente else None
    return TransaccionVista(transaccion.transaccion_id, obligacion.id, transaccion.estado, url)


async def iniciar_pago(cmd: IniciarPago, deps: Dependencias) -> TransaccionVista:
    async with deps.uow as uow:
        obligacion = await _propia(deps, cmd)
        repetida = await _vista_existente(deps, obligacion, cmd)
        if repetida is not None:
            return repetida
        obligacion.verificar_que_se_puede_pagar(cmd.medio, cmd.banco)
    transaccion_id = transaccion_de(obligacion.id, cmd.clave_idempotencia)
    # Outside any database transaction: the gateway may be slow. Idempotent by reference.
    creada = await deps.pasarela.crear(
        SolicitudTransaccion(
            referencia=transaccion_id,
            valor=obligacion.valor,
            medio=cmd.medio,
            banco=cmd.banco,
            descripcion=obligacion.descripcion[:100],
        )
    )
    async with deps.uow as uow:
        obligacion = await _propia(deps, cmd)
        repetida = await _vista_existente(deps, obligacion, cmd)
        if repetida is not None:
            return repetida
        obligacion.iniciar_transaccion(
            transaccion_id=transaccion_id,
            medio=cmd.medio,
            banco=cmd.banco,
            referencia_pasarela=creada.referencia_pasarela,
            ahora=deps.ahora,
        )
        await uow.obligaciones.guardar(obligacion)
        await uow.vista.guardar(obligacion, {transaccion_id: creada.url_redireccion})
        await uow.commit()
    log.info("transaccion_iniciada", transaccion_id=str(transaccion_id), medio=str(cmd.medio))
    return TransaccionVista(
        transaccion_id, obligacion.id, EstadoTransaccion.PENDIENTE, creada.url_redireccion
    )


def numero_recibo(ahora: datetime, consecutivo: int) -> str:
    return f"RC-{ahora.astimezone(ZONA_COLOMBIA).year}-{consecutivo:06d}"


async def resolver_transaccion(cmd: ResolverTransaccion, deps: Dependencias) -> EstadoObligacion:
    async with deps.uow as uow:
        obligacion_id = await uow.vista.obligacion_de_transaccion(cmd.transaccion_id)
        obligacion = await uow.obligaciones.obtener(obligacion_id) if obligacion_id else None
        if obligacion is None:
            raise TransaccionNoEncontrada()
        if not obligacion.resolver(cmd.transaccion_id, cmd.veredicto, deps.ahora):
            pagada = obligacion.pago_aprobado
            if (
                cmd.veredicto.estado is EstadoTransaccion.APROBADO
                and pagada is not None
                and pagada.transaccion_id != cmd.transaccion_id
            ):
                # The gateway charged a second transaction: never a second PagoAprobado;
                # back office refunds it.
                log.warning(
                    "pago_duplicado_en_pasarela",
                    obligacion_id=str(obligacion.id),
                    transaccion_id=str(cmd.transaccion_id),
                )
            return obligacion.estado
        if isinstance(obligacion.cambios[-1], PagoAprobado):
            serie = f"recibos-{deps.ahora.astimezone(ZONA_COLOMBIA).year}"
            obligacion.numerar_recibo(
                numero_recibo(deps.ahora, await uow.consecutivos.siguiente(serie))
            )
        await uow.obligaciones.guardar(obligacion)
        await uow.vista.guardar(obligacion)
        await uow.commit()
    log.info(
        "transaccion_resuelta",
        transaccion_id=str(cmd.transaccion_id),
        estado=str(cmd.veredicto.estado),
        fuente=cmd.fuente,
    )
    return obligacion.estado
