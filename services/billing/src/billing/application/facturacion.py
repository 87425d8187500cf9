"""PAC invoices: one per active PAC contract and month (``FacturaPACEmitida``), payable
through the same gateway flow as a copay (it is an obligation).

Idempotent: the invoice's obligation id is derived from the affiliate, the plan and the
period, so emitting a month again emits nothing new; invoice numbers (``FV-AAAA-NNNNNN``)
come from ``consecutivos`` in the emitting transaction (unique, gap-free).
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid5

from billing.application.dependencias import Dependencias
from billing.domain.obligacion import Obligacion
from billing.referencia.tarifas import TarifasPAC
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.logging import get_logger

log = get_logger(__name__)

_ESPACIO_FACTURAS = UUID("1d7e3b90-4c2a-4e6f-8b15-9a0c2d4e6f81")
CONVENIO = "77099"
DIA_VENCIMIENTO = 15


def ids_factura(afiliado_id: UUID, plan_codigo: str, periodo: str) -> tuple[UUID, UUID]:
    base = f"{afiliado_id}:{plan_codigo}:{periodo}"
    return uuid5(_ESPACIO_FACTURAS, "obligacion:" + base), uuid5(_ESPACIO_FACTURAS, base)


@dataclass(frozen=True)
class ResultadoFacturacion:
    emitidas: int
    existentes: int
    sin_tarifa: int


async def emitir_facturas_pac(
    deps: Dependencias, periodo: str, tarifas: TarifasPAC
) -> ResultadoFacturacion:
    anio, mes = int(periodo[:4]), int(periodo[5:])
    inicio = date(anio, mes, 1)
    fin = date(anio, mes, calendar.monthrange(anio, mes)[1])
    async with deps.uow as uow:
        contratos = await uow.cotizantes.contratos_pac(inicio, fin)
    emitidas = existentes = sin_tarifa = 0
    for contrato in contratos:
        tarifa = tarifas.vigente(contrato.plan_codigo, inicio)
        if tarifa is None:
            sin_tarifa += 1
            log.warning("tarifa_pac_desconocida", plan=contrato.plan_codigo, periodo=periodo)
            continue
        obligacion_id, factura_id = ids_factura(contrato.afiliado_id, contrato.plan_codigo, periodo)
        async with deps.uow as uow:
            if await uow.obligaciones.obtener(obligacion_id) is not None:
                existentes += 1
                continue
            n = await uow.consecutivos.siguiente(f"facturas-{anio}")
            factura = Obligacion.facturar_pac(
                obligacion_id=obligacion_id,
                factura_id=factura_id,
                afiliado_id=contrato.afiliado_id,
                numero_factura=f"FV-{anio}-{n:06d}",
                periodo=periodo,
                plan_codigo=contrato.plan_codigo,
                plan_nombre=contrato.plan_nombre,
                valor=tarifa.valor_mensual,
                vence_el=date(anio, mes, DIA_VENCIMIENTO),
                referencia_pago=f"{CONVENIO}{anio}{n:08d}",
                ahora=deps.ahora,
            )
            try:
                await uow.obligaciones.guardar(factura)
            except ConflictoDeVersion:  # another emission of the same month won the race
                existentes += 1
                continue
            await uow.vista.guardar(factura)
            await uow.commit()
            emitidas += 1
    return ResultadoFacturacion(emitidas, existentes, sin_tarifa)
