"""Routes: filing and consulting incapacities (employers, delegates, independientes and
workers), contesting a liquidation, and the back office's decisions and payment batches."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from starlette.concurrency import run_in_threadpool

from eps_runtime.archivos import TAMANO_MAXIMO_BYTES, validar_archivo
from eps_runtime.auth import Llamante, Rol
from eps_runtime.calendario import fecha_colombia
from eps_runtime.http import Problem
from eps_runtime.http_auth import requiere_rol
from eps_runtime.limite_cuerpo import ruta_con_limite
from incapacities.adapters.certificado_pdf import generar
from incapacities.application import consultas
from incapacities.application.comandos import (
    DecidirIncapacidad,
    ImpugnarLiquidacion,
    PagarIncapacidades,
    Radicada,
    RadicarIncapacidad,
    RegistrarCuentaReembolso,
)
from incapacities.bootstrap import Aplicacion
from incapacities.entrypoints.esquemas import (
    CuentaReembolsoCuerpo,
    CuentaReembolsoVista,
    Desacuerdo,
    DiagnosticoVista,
    IncapacidadRadicadaRespuesta,
    IncapacidadVista,
    LotePago,
)
from incapacities.referencia import catalogo_cie10

router = APIRouter(tags=["incapacidades"])
Respuestas = dict[int | str, dict[str, Any]]
_409: Respuestas = {
    409: {"description": "El estado no lo permite, o se cruza con otra incapacidad"}
}
_404: Respuestas = {404: {"description": "No existe, o quien llama no puede verlo"}}
_413: Respuestas = {413: {"description": "El certificado supera 2 MB"}}
backoffice = APIRouter(prefix="/backoffice", tags=["back office"])

LIMITE_CUERPO = TAMANO_MAXIMO_BYTES + 64 * 1024
Radicador = Annotated[Llamante, Depends(requiere_rol(Rol.EMPLEADOR, Rol.DELEGADO, Rol.AFILIADO))]
Consultor = Annotated[
    Llamante,
    Depends(requiere_rol(Rol.EMPLEADOR, Rol.DELEGADO, Rol.AFILIADO, Rol.OPERADOR, Rol.AUDITOR)),
]
Operador = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR))]
Supervisor = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR, Rol.AUDITOR))]


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]


def _certificado_demasiado_grande() -> Problem:
    return Problem(
        "El certificado supera el tamaño máximo permitido de 2 MB.",
        status=413,
        title="Archivo demasiado grande",
        code="archivo-demasiado-grande",
    )


# The multipart parser spools the whole body before the endpoint runs: the route stops
# receiving past the limit, declared or not (chunked).
_RutaConLimiteDeCarga = ruta_con_limite(LIMITE_CUERPO, _certificado_demasiado_grande)


async def radicar(
    llamante: Radicador,
    aplicacion: AplicacionDep,
    cotizante_id: Annotated[UUID, Form(description="Cotizante incapacitado.")],
    contingencia: Annotated[str, Form(min_length=1, max_length=40)],
    diagnostico: Annotated[str, Form(min_length=3, max_length=8, description="CIE-10.")],
    fecha_inicio: Annotated[date, Form()],
    dias: Annotated[int, Form(ge=1, le=540)],
    profesional: Annotated[str, Form(min_length=3, max_length=200)],
    ips: Annotated[str, Form(min_length=3, max_length=200)],
    certificado: Annotated[UploadFile, File(description="PDF, JPG o PNG de máximo 2 MB.")],
) -> IncapacidadRadicadaRespuesta:
    contenido = await certificado.read(TAMANO_MAXIMO_BYTES + 1)
    archivo = validar_archivo(certificado.filename, contenido)
    r: Radicada = await aplicacion.ejecutar(
        RadicarIncapacidad(
            llamante=llamante,
            cotizante_id=cotizante_id,
            contingencia=contingencia.strip(),
            diagnostico=diagnostico,
            fecha_inicio=fecha_inicio,
            dias=dias,
            profesional=profesional.strip(),
            ips=ips.strip(),
            certificado=archivo,
        )
    )
    return IncapacidadRadicadaRespuesta(
        incapacidad_id=r.incapacidad_id,
        folio=r.folio,
        estado="EN TRAMITE",
        prorroga=r.prorroga_de is not None,
        prorroga_de=r.prorroga_de,
        dias_acumulados=r.dias_acumulados,
        decidir_antes=r.decidir_antes,
        mensaje=f"Su incapacidad quedó radicada con el folio {r.folio}.",
    )


router.add_api_route(
    "/incapacidades",
    radicar,
    methods=["POST"],
    status_code=201,
    responses={**_404, **_409, **_413},
    summary="Radicar una incapacidad o licencia con su certificado",
    route_class_override=_RutaConLimiteDeCarga,
)


@router.get("/incapacidades", summary="Consultar incapacidades por rango de fechas (o todas)")
async def buscar(
    llamante: Consultor,
    aplicacion: AplicacionDep,
    desde: Annotated[date | None, Query()] = None,
    hasta: Annotated[date | None, Query()] = None,
) -> list[IncapacidadVista]:
    if desde and hasta and hasta < desde:
        raise Problem(
            "La fecha final no puede ser anterior a la inicial.",
            status=422,
            title="Rango no válido",
            code="rango-no-valido",
        )
    filas = await consultas.buscar(aplicacion.nueva_unidad_de_trabajo(), llamante, desde, hasta)
    return [IncapacidadVista.de(f) for f in filas]


_PDF: Respuestas = {200: {"content": {"application/pdf": {}}, "description": "El PDF."}}


def _pdf(contenido: bytes, nombre: str) -> Response:
    return Response(
        contenido,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}"',
            "Cache-Control": "no-store",
        },
    )


@router.get(
    "/historico-incapacidades.pdf",
    response_class=Response,
    responses=_PDF,
    summary="Histórico de incapacidades para el fondo de pensiones (AFP)",
)
async def historico(
    llamante: Consultor,
    aplicacion: AplicacionDep,
    desde: Annotated[date | None, Query()] = None,
    hasta: Annotated[date | None, Query()] = None,
) -> Response:
    filas = await consultas.buscar(aplicacion.nueva_unidad_de_trabajo(), llamante, desde, hasta)
    titulo = "Histórico de incapacidades (AFP)"
    contenido = await run_in_threadpool(generar, filas, titulo, aplicacion.reloj())
    return _pdf(contenido, "historico-incapacidades.pdf")


@router.get(
    "/incapacidades/{incapacidad_id}/certificado.pdf",
    response_class=Response,
    responses=_PDF,
    summary="Certificado individual de la incapacidad (cualquier estado)",
)
async def certificado(
    incapacidad_id: UUID, llamante: Consultor, aplicacion: AplicacionDep
) -> Response:
    fila = await consultas.detalle(aplicacion.nueva_unidad_de_trabajo(), llamante, incapacidad_id)
    titulo = f"Certificado de incapacidad - folio {fila.folio}"
    contenido = await run_in_threadpool(generar, [fila], titulo, aplicacion.reloj())
    return _pdf(contenido, f"incapacidad-{fila.folio}.pdf")


@router.get("/incapacidades/{incapacidad_id}", summary="Una incapacidad")
async def detalle(
    incapacidad_id: UUID, llamante: Consultor, aplicacion: AplicacionDep
) -> IncapacidadVista:
    fila = await consultas.detalle(aplicacion.nueva_unidad_de_trabajo(), llamante, incapacidad_id)
    return IncapacidadVista.de(fila)


@router.post(
    "/incapacidades/{incapacidad_id}/desacuerdo",
    responses=_409,
    summary="Revalidación o desacuerdo de la liquidación (el aportante)",
)
async def desacuerdo(
    incapacidad_id: UUID, cuerpo: Desacuerdo, llamante: Radicador, aplicacion: AplicacionDep
) -> IncapacidadVista:
    fila = await aplicacion.ejecutar(
        ImpugnarLiquidacion(llamante, incapacidad_id, cuerpo.motivo.strip())
    )
    return IncapacidadVista.de(fila)


@router.put("/cuenta-reembolso", summary="Registro de pago de incapacidades (cuenta bancaria)")
async def registrar_cuenta(
    cuerpo: CuentaReembolsoCuerpo, llamante: Radicador, aplicacion: AplicacionDep
) -> CuentaReembolsoVista:
    cuenta = await aplicacion.ejecutar(
        RegistrarCuentaReembolso(llamante, cuerpo.banco.strip(), cuerpo.tipo_cuenta, cuerpo.numero)
    )
    return CuentaReembolsoVista(
        banco=cuenta.banco, tipo_cuenta=cuenta.tipo_cuenta, numero=cuenta.enmascarada
    )


@router.get("/cuenta-reembolso", responses=_404, summary="La cuenta registrada (enmascarada)")
async def ver_cuenta(llamante: Radicador, aplicacion: AplicacionDep) -> CuentaReembolsoVista:
    cuenta = await consultas.cuenta(aplicacion.nueva_unidad_de_trabajo(), llamante)
    if cuenta is None:
        raise Problem(
            "No ha registrado una cuenta para el pago de incapacidades.",
            status=404,
            title="Sin cuenta registrada",
            code="sin-cuenta-reembolso",
        )
    return CuentaReembolsoVista(
        banco=cuenta.banco, tipo_cuenta=cuenta.tipo_cuenta, numero=cuenta.enmascarada
    )


@router.get("/catalogos/cie10", summary="Buscar diagnósticos CIE-10")
async def cie10(
    q: Annotated[str, Query(min_length=1, max_length=60)],
) -> list[DiagnosticoVista]:
    texto = q.strip().lower()
    return [
        DiagnosticoVista(codigo=d.codigo, descripcion=d.descripcion, grupo=d.grupo)
        for d in catalogo_cie10().values()
        if texto in d.codigo.lower() or texto in d.descripcion.lower()
    ][:50]


@backoffice.post(
    "/incapacidades/{incapacidad_id}/decision",
    responses=_409,
    summary="Validar el derecho y liquidar (o reliquidar una en desacuerdo)",
)
async def decidir(incapacidad_id: UUID, _: Operador, aplicacion: AplicacionDep) -> IncapacidadVista:
    return IncapacidadVista.de(await aplicacion.ejecutar(DecidirIncapacidad(incapacidad_id)))


@backoffice.post(
    "/pagos", responses={**_404, **_409}, summary="Lote de pago de incapacidades liquidadas"
)
async def pagar(cuerpo: LotePago, _: Operador, aplicacion: AplicacionDep) -> list[IncapacidadVista]:
    filas = await aplicacion.ejecutar(
        PagarIncapacidades(cuerpo.lote, cuerpo.fecha_pago, tuple(cuerpo.incapacidades))
    )
    return [IncapacidadVista.de(f) for f in filas]


@backoffice.get("/incapacidades/vencidas", summary="Casos con plazo legal vencido")
async def vencidas(_: Supervisor, aplicacion: AplicacionDep) -> list[IncapacidadVista]:
    hoy = fecha_colombia(aplicacion.reloj())
    filas = await consultas.vencidas(aplicacion.nueva_unidad_de_trabajo(), hoy)
    return [IncapacidadVista.de(f) for f in filas]
