"""Obligations from authorizations' OPS: created once per OPS with a cuota, dropped when
the OPS is cancelled or expires unpaid. Both are idempotent: a replayed event changes
nothing (the obligation's id is derived from the OPS's)."""

from billing.application.comandos import AnularObligacionDeOPS, CrearObligacionDeOPS
from billing.application.dependencias import Dependencias
from billing.domain.obligacion import Obligacion
from billing.domain.valores import obligacion_de_ops
from eps_runtime.logging import get_logger

log = get_logger(__name__)


async def crear_obligacion_de_ops(cmd: CrearObligacionDeOPS, deps: Dependencias) -> bool:
    obligacion_id = obligacion_de_ops(cmd.ops_id)
    async with deps.uow as uow:
        if await uow.obligaciones.obtener(obligacion_id) is not None:
            return False
        obligacion = Obligacion.crear(
            obligacion_id=obligacion_id,
            afiliado_id=cmd.afiliado_id,
            ops_id=cmd.ops_id,
            numero_autorizacion=cmd.numero_autorizacion,
            concepto=cmd.concepto,
            descripcion=cmd.descripcion,
            valor=cmd.valor,
            vence_el=cmd.vence_el,
            ahora=deps.ahora,
        )
        await uow.obligaciones.guardar(obligacion)
        await uow.vista.guardar(obligacion)
        await uow.commit()
    log.info("obligacion_creada", obligacion_id=str(obligacion_id), valor=cmd.valor)
    return True


async def anular_obligacion_de_ops(cmd: AnularObligacionDeOPS, deps: Dependencias) -> bool:
    async with deps.uow as uow:
        obligacion = await uow.obligaciones.obtener(obligacion_de_ops(cmd.ops_id))
        if obligacion is None or not obligacion.anular(cmd.motivo, deps.ahora):
            return False
        await uow.obligaciones.guardar(obligacion)
        await uow.vista.guardar(obligacion)
        await uow.commit()
    return True
