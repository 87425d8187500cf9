"""The affiliate's copays under ``/mi``: what he owes, paying it, the copay history
(manual §4.2.2 and §4.2.4).

Every route requires an afiliado's session and names the person (``afiliado_id``): the
caller himself or a minor he represents (``eps_runtime.auth.exigir_actuar_por``); anyone
else is the 404 of a person that does not exist. An order of someone else is the 404 of an
order that does not exist.
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Query, Response

from billing.application.comandos import IniciarPago
from billing.application.puertos import ObligacionFila
from billing.domain.errores import ObligacionNoEncontrada
from billing.domain.obligacion import Obligacion
from billing.domain.valores import EstadoObligacion, pesos
from billing.entrypoints.dependencias import AhoraDep, AplicacionDep, problemas
from billing.entrypoints.esquemas import (
    BancoVista,
    FacturaVista,
    MovimientoVista,
    ObligacionVista,
    PaginaFacturas,
    PaginaHistorial,
    PaginaObligaciones,
    PagoCreado,
    PagoEntrada,
    TransaccionVista,
)
from eps_runtime.auth import Llamante, Rol, exigir_actuar_por
from eps_runtime.http_auth import requiere_rol

router = APIRouter(tags=["cuotas moderadoras y copagos"], responses=problemas(401, 403))
LlamanteAfiliado = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]
AfiliadoConsultado = Annotated[UUID, Query(description="Usted o un menor de su grupo familiar.")]
Pagina = Annotated[int, Query(ge=1, le=10_000, description="Página, desde 1.")]
Tamano = Annotated[int, Query(ge=1, le=100, description="Filas por página.")]
ClaveIdempotencia = Annotated[
    str,
    Header(
        alias="Idempotency-Key",
        min_length=8,
        max_length=64,
        pattern=r"^[A-Za-z0-9_-]+$",
        description="Una clave nueva por intención de pago: repetir la solicitud con la "
        "misma clave devuelve la misma transacción, nunca un segundo cobro.",
    ),
]


def _vista(o: Obligacion) -> ObligacionVista:
    return ObligacionVista(
        obligacion_id=o.id,
        afiliado_id=o.afiliado_id,
        ops_id=o.ops_id,
        numero_autorizacion=o.numero_autorizacion,
        concepto=str(o.concepto),
        descripcion=o.descripcion,
        valor=o.valor,
        valor_texto=pesos(o.valor),
        vence_el=o.vence_el,
        estado=str(o.estado),
        se_puede_pagar=o.estado is EstadoObligacion.POR_PAGAR,
        creada_en=o.creada_en,
        transacciones=[
            TransaccionVista(
                transaccion_id=t.transaccion_id,
                estado=str(t.estado),
                medio=str(t.medio),
                valor=t.valor,
                valor_texto=pesos(t.valor),
                recibo=t.recibo,
                motivo=t.motivo,
                iniciada_en=t.iniciada_en,
                finalizada_en=t.finalizada_en,
            )
            for t in sorted(o.transacciones.values(), key=lambda t: t.iniciada_en)
        ],
    )


def _resumen(f: ObligacionFila) -> ObligacionVista:
    return ObligacionVista(
        obligacion_id=f.obligacion_id,
        afiliado_id=f.afiliado_id,
        ops_id=f.ops_id,
        numero_autorizacion=f.numero_autorizacion,
        concepto=f.concepto,
        descripcion=f.descripcion,
        valor=f.valor,
        valor_texto=pesos(f.valor),
        vence_el=f.vence_el,
        estado=f.estado,
        se_puede_pagar=f.estado == EstadoObligacion.POR_PAGAR,
        creada_en=f.creada_en,
    )


@router.get("/mi/cuotas", summary="Órdenes con cuota por pagar y pagadas", responses=problemas(404))
async def mis_cuotas(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    estado: Annotated[list[EstadoObligacion] | None, Query(max_length=4)] = None,
    pagina: Pagina = 1,
    tamano: Tamano = 20,
) -> PaginaObligaciones:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    async with aplicacion.dependencias().uow as uow:
        resultado = await uow.vista.obligaciones(
            afiliado_id, [str(e) for e in estado or ()], tamano, (pagina - 1) * tamano
        )
    return PaginaObligaciones(
        obligaciones=[_resumen(f) for f in resultado.filas],
        total=resultado.total,
        pagina=pagina,
        tamano=tamano,
    )


@router.get(
    "/mi/cuotas/historial",
    summary="Histórico de cuotas moderadoras y copagos",
    responses=problemas(404),
)
async def historial(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    pagina: Pagina = 1,
    tamano: Tamano = 20,
) -> PaginaHistorial:
    """Manual §4.2.4: recibo, autorización, valor, concepto, fecha, estado, observaciones
    (the gateway's reason when rejected), newest first."""
    exigir_actuar_por(llamante, afiliado_id, ahora)
    async with aplicacion.dependencias().uow as uow:
        resultado = await uow.vista.historial(afiliado_id, tamano, (pagina - 1) * tamano)
    return PaginaHistorial(
        movimientos=[
            MovimientoVista(
                recibo=m.recibo,
                numero_autorizacion=m.numero_autorizacion,
                valor=m.valor,
                valor_texto=pesos(m.valor),
                concepto=(
                    "Plan de Atención Complementaria"
                    if m.concepto == "NINGUNO"
                    else "Copagos o cuotas moderadoras"
                ),
                fecha=m.fecha,
                estado=m.estado.capitalize(),
                observaciones=m.observaciones,
                transaccion_id=m.transaccion_id,
                obligacion_id=m.obligacion_id,
            )
            for m in resultado.filas
        ],
        total=resultado.total,
        pagina=pagina,
        tamano=tamano,
    )


@router.get(
    "/mi/facturas",
    summary="Facturas del Plan de Atención Complementaria (PAC)",
    responses=problemas(404),
)
async def mis_facturas(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
    pagina: Pagina = 1,
    tamano: Tamano = 20,
) -> PaginaFacturas:
    """Manual §4.4.1: each invoice with its number, period, value, due date and payment
    reference; payable online like a copay (``POST /mi/cuotas/{obligacion_id}/pagos``)."""
    exigir_actuar_por(llamante, afiliado_id, ahora)
    async with aplicacion.dependencias().uow as uow:
        resultado = await uow.vista.obligaciones(
            afiliado_id, [], tamano, (pagina - 1) * tamano, facturas=True
        )
    return PaginaFacturas(
        facturas=[
            FacturaVista(
                obligacion_id=f.obligacion_id,
                numero_factura=f.numero_factura,
                periodo=f.periodo,
                descripcion=f.descripcion,
                valor=f.valor,
                valor_texto=pesos(f.valor),
                vence_el=f.vence_el,
                referencia_pago=f.referencia_pago,
                estado=f.estado,
                se_puede_pagar=f.estado == EstadoObligacion.POR_PAGAR,
            )
            for f in resultado.filas
        ],
        total=resultado.total,
        pagina=pagina,
        tamano=tamano,
    )


@router.get(
    "/mi/cuotas/{obligacion_id}",
    summary="Una orden y sus intentos de pago",
    responses=problemas(404),
)
async def mi_cuota(
    obligacion_id: UUID,
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    afiliado_id: AfiliadoConsultado,
) -> ObligacionVista:
    exigir_actuar_por(llamante, afiliado_id, ahora)
    async with aplicacion.dependencias().uow as uow:
        obligacion = await uow.obligaciones.obtener(obligacion_id)
    if obligacion is None or obligacion.afiliado_id != afiliado_id:
        raise ObligacionNoEncontrada()
    return _vista(obligacion)


@router.post(
    "/mi/cuotas/{obligacion_id}/pagos",
    summary="Pagar la cuota de una orden (PSE o tarjeta de crédito)",
    status_code=201,
    responses=problemas(404, 409, 422, 503),
)
async def pagar(
    obligacion_id: UUID,
    entrada: PagoEntrada,
    clave: ClaveIdempotencia,
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    ahora: AhoraDep,
    response: Response,
) -> PagoCreado:
    """Manual §4.2.2: one payment per OPS, total only. Answers the gateway's page to send
    the affiliate to; the result arrives by the gateway's signed notification (or the
    service's query), never from the browser's return."""
    exigir_actuar_por(llamante, entrada.afiliado_id, ahora)
    vista = await aplicacion.ejecutar(
        IniciarPago(entrada.afiliado_id, obligacion_id, entrada.medio, entrada.banco, clave)
    )
    if vista.url_redireccion is not None:
        response.headers["Location"] = vista.url_redireccion
    return PagoCreado(
        transaccion_id=vista.transaccion_id,
        obligacion_id=vista.obligacion_id,
        estado=str(vista.estado),
        url_pago=vista.url_redireccion,
    )


@router.get(
    "/pagos/bancos", summary="Bancos disponibles para pagar por PSE", responses=problemas(503)
)
async def bancos(_: LlamanteAfiliado, aplicacion: AplicacionDep) -> list[BancoVista]:
    return [
        BancoVista(codigo=b.codigo, nombre=b.nombre) for b in await aplicacion.pasarela.bancos()
    ]
