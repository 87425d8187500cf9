"""The affiliate's routes (manual 4.2.1, 4.2.2): file a presolicitud, see his requests.

Paying an OPS's cuota is billing's (``POST /mi/cuotas/{obligacion_id}/pagos`` on billing's
obligation, created from ``OPSAutorizada``); this service only delivers the OPS when billing
publishes ``PagoAprobado``. ``puede_pagar`` in the list tells the pages to show the link to
billing's pay page.

An affiliate acts for himself and his minor beneficiaries only (``exigir_actuar_por``):
anyone else — an adult child, a spouse, a stranger — gets the same 404 as a missing id.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Annotated, Literal
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile

from authorizations.adapters.ops_pdf import generar_ops_pdf
from authorizations.application.comandos import ArchivoRecibido, RadicarPresolicitud
from authorizations.application.consultas import ops_con_derecho
from authorizations.bootstrap import Aplicacion
from authorizations.domain.derecho import Derecho
from authorizations.domain.errores import (
    OPSNoDescargable,
    OPSNoEncontrada,
    SoportesIncompletos,
)
from authorizations.domain.ops import ENTREGADA, OPS
from authorizations.entrypoints.esquemas import (
    FilaCuotaVista,
    FilaMIPRESVista,
    FilaSolicitudVista,
    HistoricoCuotas,
    MisPrescripciones,
    MisSolicitudes,
    PresolicitudRadicada,
)
from eps_runtime.archivos import TAMANO_MAXIMO_BYTES
from eps_runtime.auth import Llamante, Rol, exigir_actuar_por, puede_actuar_por
from eps_runtime.http import Problem
from eps_runtime.http_auth import requiere_rol
from eps_runtime.limite_cuerpo import ruta_con_limite

# Someone he may not act for, or an id that does not exist: the same 404 on every route.
router = APIRouter(
    tags=["afiliado"],
    responses={404: {"description": "Afiliado u OPS desconocido o ajeno al llamante."}},
)
LlamanteAfiliado = Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]
MAXIMO_ARCHIVOS_POR_TIPO = 10

FILTROS = {
    "TODOS": None,
    "EN_PROCESO": {"EN_PROCESO"},
    "GESTIONADA": {"GESTIONADA"},
    "AUTORIZADA": {"AUTORIZADA", "ENTREGADA"},
}


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]


def _soportes_demasiado_grandes() -> Problem:
    return Problem(
        f"Los soportes superan el tamaño permitido: hasta {MAXIMO_ARCHIVOS_POR_TIPO} archivos "
        "de cada tipo de soporte, de máximo 2 MB cada uno.",
        code="archivo-demasiado-grande",
        status=413,
        title="Archivo demasiado grande",
    )


# The multipart parser spools the whole body before the endpoint runs: the route stops
# receiving past every file allowed plus the form's fields, declared or not (chunked).
LIMITE_CUERPO = 2 * MAXIMO_ARCHIVOS_POR_TIPO * TAMANO_MAXIMO_BYTES + 64 * 1024
_RutaConLimiteDeCarga = ruta_con_limite(LIMITE_CUERPO, _soportes_demasiado_grandes)


async def _leer(archivos: list[UploadFile], tipo: str) -> list[ArchivoRecibido]:
    if len(archivos) > MAXIMO_ARCHIVOS_POR_TIPO:
        raise SoportesIncompletos(
            f"Puede adjuntar máximo {MAXIMO_ARCHIVOS_POR_TIPO} archivos de cada tipo de soporte."
        )
    # One byte more than allowed is enough for validar_archivo to refuse an oversized file.
    return [
        ArchivoRecibido(tipo, a.filename, await a.read(TAMANO_MAXIMO_BYTES + 1)) for a in archivos
    ]


async def radicar(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    afiliado_id: Annotated[UUID, Form(description="Para quién (él o un menor a su cargo).")],
    plan: Annotated[
        str,
        Form(
            max_length=20, pattern=r"^(PBS|NO_PBS|[A-Z0-9-]{2,20})$", description="PBS o plan PAC."
        ),
    ],
    fecha_documentos: Annotated[date, Form(description="Fecha de expedición de los soportes.")],
    acepta_terminos: Annotated[bool, Form(description="Acepta la notificación juramentada.")],
    historia_clinica: Annotated[
        list[UploadFile], File(description="HISTORIA CLINICA VIGENTE (PDF, JPG o PNG ≤ 2 MB).")
    ],
    solicitud_medica: Annotated[
        list[UploadFile], File(description="SOLICITUD MEDICA VIGENTE (PDF, JPG o PNG ≤ 2 MB).")
    ],
    observaciones: Annotated[str | None, Form(max_length=300)] = None,
) -> PresolicitudRadicada:
    exigir_actuar_por(llamante, afiliado_id, datetime.now(UTC))
    assert llamante.afiliado_id is not None
    archivos = await _leer(historia_clinica, "HISTORIA_CLINICA_VIGENTE") + await _leer(
        solicitud_medica, "SOLICITUD_MEDICA_VIGENTE"
    )
    resultado = await aplicacion.ejecutar(
        RadicarPresolicitud(
            presolicitud_id=uuid4(),
            afiliado_id=afiliado_id,
            radicada_por=llamante.afiliado_id,
            plan=plan,
            fecha_documentos=fecha_documentos,
            observaciones=(observaciones or "").strip() or None,
            acepta_terminos=acepta_terminos,
            archivos=tuple(archivos),
        )
    )
    assert resultado.agregado_id is not None and resultado.consecutivo is not None
    assert resultado.mensaje is not None
    return PresolicitudRadicada(
        presolicitud_id=resultado.agregado_id,
        consecutivo=resultado.consecutivo,
        mensaje=resultado.mensaje,
        version=resultado.version,
    )


router.add_api_route(
    "/mi/presolicitudes",
    radicar,
    methods=["POST"],
    status_code=201,
    response_model=PresolicitudRadicada,
    responses={413: {"description": "Los soportes superan el tamaño permitido."}},
    route_class_override=_RutaConLimiteDeCarga,
)


@router.get("/mi/presolicitudes", response_model=MisSolicitudes)
async def mis_solicitudes(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    afiliado_id: Annotated[UUID | None, Query(description="Él o un menor a su cargo.")] = None,
    estado: Annotated[
        Literal["TODOS", "EN_PROCESO", "GESTIONADA", "AUTORIZADA"], Query()
    ] = "TODOS",
) -> MisSolicitudes:
    persona = afiliado_id or llamante.afiliado_id
    assert persona is not None
    exigir_actuar_por(llamante, persona, datetime.now(UTC))
    filtro = FILTROS[estado]
    filas = await aplicacion.lecturas.solicitudes_de(persona)
    return MisSolicitudes(
        afiliado_id=persona,
        solicitudes=[
            FilaSolicitudVista(
                presolicitud_id=f.presolicitud_id,
                consecutivo=f.consecutivo,
                ops_id=f.ops_id,
                numero_autorizacion=f.numero_autorizacion,
                prestacion=f.prestacion,
                estado=f.estado,
                proveedor=f.proveedor,
                vence_el=f.vence_el,
                valor_cuota=f.valor_cuota,
                observaciones=f.observaciones,
                puede_descargar=f.estado == "ENTREGADA",
                puede_pagar=f.estado == "AUTORIZADA" and f.valor_cuota > 0,
            )
            for f in filas
            if filtro is None or f.estado in filtro
        ],
    )


async def _ops_propia(
    aplicacion: Aplicacion, llamante: Llamante, ops_id: UUID
) -> tuple[OPS, Derecho | None]:
    """The OPS if the caller may act for its affiliate; else the answer of a missing one."""
    encontrada = await ops_con_derecho(aplicacion.dependencias(), ops_id)
    dueno = encontrada[0].afiliado_id if encontrada is not None else None
    if (
        encontrada is None
        or dueno is None
        or not puede_actuar_por(llamante, dueno, datetime.now(UTC))
    ):
        raise OPSNoEncontrada()
    return encontrada


@router.get(
    "/mi/ops/{ops_id}/pdf",
    response_class=Response,
    responses={200: {"content": {"application/pdf": {}}}},
)
async def descargar_ops(
    ops_id: UUID, llamante: LlamanteAfiliado, aplicacion: AplicacionDep
) -> Response:
    """The OPS PDF, only when ENTREGADA. Someone else's OPS answers exactly as a missing one."""
    ops, derecho = await _ops_propia(aplicacion, llamante, ops_id)
    if ops.estado != ENTREGADA:
        raise OPSNoDescargable()
    assert ops.autorizada is not None
    nombre = f"OPS-{ops.autorizada.numero_autorizacion}.pdf"
    return Response(
        generar_ops_pdf(ops, derecho),
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="{nombre}"',
            "Cache-Control": "no-store",
        },
    )


POR_PAGINA = 10


@router.get("/mi/cuotas", response_model=HistoricoCuotas)
async def historico_cuotas(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    afiliado_id: Annotated[UUID | None, Query(description="Él o un menor a su cargo.")] = None,
    pagina: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HistoricoCuotas:
    """Histórico de cuotas moderadoras y copagos: Aprobado, Rechazado (con el motivo de la
    pasarela) o Pendiente, 10 por página."""
    persona = afiliado_id or llamante.afiliado_id
    assert persona is not None
    exigir_actuar_por(llamante, persona, datetime.now(UTC))
    filas, total = await aplicacion.lecturas.cuotas_de(
        persona, (pagina - 1) * POR_PAGINA, POR_PAGINA
    )
    return HistoricoCuotas(
        afiliado_id=persona,
        registros=[FilaCuotaVista(**f.__dict__) for f in filas],
        total=total,
        pagina=pagina,
        mensaje=f"Mostrando {len(filas)} de {total} Registros",
    )


@router.get("/mi/mipres", response_model=MisPrescripciones)
async def mis_prescripciones(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    afiliado_id: Annotated[UUID | None, Query(description="Él o un menor a su cargo.")] = None,
) -> MisPrescripciones:
    """Manual 4.2.3: his and his minors' MIPRES prescriptions."""
    persona = afiliado_id or llamante.afiliado_id
    assert persona is not None
    exigir_actuar_por(llamante, persona, datetime.now(UTC))
    filas = await aplicacion.lecturas.mipres_de(persona)
    return MisPrescripciones(
        afiliado_id=persona,
        prescripciones=[FilaMIPRESVista(**f.__dict__) for f in filas],
        mensaje=None if filas else "No tiene prestaciones pendientes.",
    )
