"""The affiliate's own Oficina Virtual (manual 4, 4.1.1–4.1.3 and 4.3), under ``/mi``.

Every route requires an afiliado's session (401 without one, 403 for another role) and acts
as ``llamante.afiliado_id``. Every id a request names is checked on the server against
``application.acceso`` *before* anything is read out or changed: the caller manages himself
and the minors of his family group, and downloads certificates for himself and every member
of his group. Anyone else is a 404 ``afiliado-no-encontrado``, exactly as an unknown id, so
the API never confirms that a person exists.

Commands run through ``Aplicacion.ejecutar`` like the back office's; domain refusals are
mapped to problems by ``entrypoints.errores`` (422) and stale versions to 409.
"""

from datetime import date, datetime
from typing import Annotated, Any, Literal
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, File, Form, Query, Request, Response, UploadFile
from fastapi.exceptions import RequestValidationError
from starlette.concurrency import run_in_threadpool

from affiliation.adapters.certificado_pdf import generar_certificado_afiliacion
from affiliation.application import acceso
from affiliation.application import consultas_afiliado as consultas
from affiliation.application import registro_consultas as rc
from affiliation.application.comandos import (
    ActualizarDatosPersonales,
    CargarSoporte,
    PersonaAActualizar,
    SolicitarCambioIPS,
)
from affiliation.application.consultas_afiliado import (
    NOMBRE_MOTIVO_CAMBIO_IPS,
    SinPlanComplementario,
    describir_municipio,
    nombre_completo,
)
from affiliation.bootstrap import ZONA_HORARIA, Aplicacion
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.soportes import TipoSoporte
from affiliation.domain.valores import DatosContacto
from affiliation.entrypoints.esquemas_afiliado import (
    ActualizacionDatosPersonales,
    DatosPersonalesActualizados,
    DatosPersonalesVista,
    IPSVista,
    MiAfiliacionVista,
    MiembroGrupoVista,
    MotivoVista,
    OpcionesCambioIPS,
    PersonaActualizada,
    PersonaGestionableVista,
    PersonasGestionablesVista,
    PlanPACVista,
    PlanPBSVista,
    SolicitudCambioIPSCreada,
    SolicitudCambioIPSEntrada,
    SolicitudIPSEnTramiteVista,
    SoporteEnviado,
    SoportePendienteVista,
    SoportesPendientesVista,
)
from affiliation.entrypoints.registro_lecturas import registrar_lectura
from affiliation.referencia import DatosReferencia
from affiliation.referencia.divipola import Divipola
from eps_contracts.nombres import (
    NOMBRE_ESTADO,
    NOMBRE_PARENTESCO,
    NOMBRE_REGIMEN,
    NOMBRE_TIPO_AFILIADO,
)
from eps_runtime.archivos import TAMANO_MAXIMO_BYTES, FormatoArchivo
from eps_runtime.auth import Llamante, Rol, SinPermiso
from eps_runtime.http import Problem
from eps_runtime.http_auth import requiere_rol
from eps_runtime.limite_cuerpo import ruta_con_limite

MENSAJE_DATOS_ACTUALIZADOS = "Los datos personales fueron actualizados."
MENSAJE_SOPORTE_ENVIADO = (
    "Los documentos fueron enviados y quedan en revisión. Si no contienen la información "
    "necesaria o no se ven con claridad, la EPS le indicará los pasos para corregirlos."
)
MENSAJE_SOLICITUD_IPS = (
    "Solicitud exitosa: la solicitud de cambio de IPS fue radicada y será revisada por la EPS."
)
MENSAJE_ARCHIVO_DEMASIADO_GRANDE = (
    "El archivo supera el tamaño máximo permitido de 2 MB; escanéelo de nuevo con menor resolución."
)

LIMITE_CUERPO_CARGA = TAMANO_MAXIMO_BYTES + 64 * 1024
"""A file of exactly 2 MB plus the multipart framing and the other fields of the form."""

Respuestas = dict[int | str, dict[str, Any]]


def _problemas(*estados: int) -> Respuestas:
    """OpenAPI: these statuses answer with problem+json."""
    return {estado: {"content": {"application/problem+json": {}}} for estado in estados}


_404, _409, _413, _422 = _problemas(404), _problemas(409), _problemas(413), _problemas(422)

router = APIRouter(
    prefix="/mi", tags=["oficina virtual del afiliado"], responses=_problemas(401, 403)
)

_solo_afiliados = requiere_rol(Rol.AFILIADO)
LlamanteAfiliado = Annotated[Llamante, Depends(_solo_afiliados)]


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]


def ahora_en_colombia() -> datetime:
    """The moment of the request in Colombia; a dependency, so tests can fix it."""
    return datetime.now(ZONA_HORARIA)


AhoraDep = Annotated[datetime, Depends(ahora_en_colombia)]


def _yo(llamante: Llamante) -> UUID:
    if llamante.afiliado_id is None:  # the verifier guarantees it for an afiliado
        raise SinPermiso("No tiene permiso para esta operación.")
    return llamante.afiliado_id


# -- views -----------------------------------------------------------------------------------


def _ips(referencia: DatosReferencia, codigo: str | None) -> IPSVista | None:
    ips = referencia.ips.obtener(codigo) if codigo is not None else None
    if ips is None:
        return None
    return IPSVista(
        codigo=ips.codigo,
        nombre=ips.nombre,
        direccion=ips.direccion,
        telefono=ips.telefono,
        municipio_divipola=ips.municipio_divipola,
    )


def _nombre_ips(referencia: DatosReferencia, codigo: str | None) -> str | None:
    ips = referencia.ips.obtener(codigo) if codigo is not None else None
    return ips.nombre if ips is not None else codigo


def _departamento_de(divipola: Divipola, municipio: str | None) -> str | None:
    if municipio is None:
        return None
    encontrado = divipola.municipio(municipio)
    return encontrado.departamento_codigo if encontrado is not None else municipio[:2]


def _datos_personales(a: Afiliado, referencia: DatosReferencia) -> DatosPersonalesVista:
    c = a.contacto
    return DatosPersonalesVista(
        tipo_documento=a.documento.tipo,
        numero_documento=a.documento.numero,
        nombre_completo=nombre_completo(a.nombre),
        fecha_nacimiento=a.fecha_nacimiento,
        sexo=a.sexo,
        email=c.email,
        email_alternativo=c.email_alternativo,
        telefono_residencia=c.telefono_residencia,
        telefono_celular=c.telefono_movil,
        telefono_celular_alternativo=c.telefono_alternativo,
        direccion_residencia=c.direccion,
        barrio=c.barrio,
        localidad=c.localidad,
        departamento_residencia=_departamento_de(referencia.divipola, c.municipio_divipola),
        municipio_residencia=c.municipio_divipola,
        residencia=describir_municipio(referencia, c.municipio_divipola),
        direccion_correspondencia=c.direccion_correspondencia,
        departamento_correspondencia=_departamento_de(
            referencia.divipola, c.municipio_correspondencia_divipola
        ),
        municipio_correspondencia=c.municipio_correspondencia_divipola,
        correspondencia=describir_municipio(referencia, c.municipio_correspondencia_divipola),
        etnia=a.etnia,
        escolaridad=a.escolaridad,
    )


def _parentesco_nombre(a: Afiliado) -> str | None:
    return NOMBRE_PARENTESCO[a.parentesco] if a.parentesco is not None else None


# -- manual 4: "menú inicial" ----------------------------------------------------------------


@router.get("/afiliacion", summary="Mi afiliación y mi grupo familiar", responses=_404)
async def mi_afiliacion(
    llamante: LlamanteAfiliado, aplicacion: AplicacionDep, request: Request, response: Response
) -> MiAfiliacionVista:
    """Datos personales, estado en el PBS con la IPS primaria, planes PAC y, para un
    cotizante, su grupo familiar (nombre, documento, estado e IPS de cada uno). Showing an
    adult member (whom the cotizante does not represent) records an access to his data."""
    deps = aplicacion.dependencias()
    familia = await consultas.leer_familia(deps, _yo(llamante))
    yo, ref = familia.llamante, deps.referencia
    gestionables = {p.afiliado_id for p in familia.gestionables(deps.hoy)}
    await registrar_lectura(
        aplicacion,
        request,
        llamante,
        [m.afiliado_id for m in familia.grupo if m.afiliado_id not in gestionables],
        rc.RECURSO_GRUPO,
    )
    response.headers["Cache-Control"] = "no-store"
    return MiAfiliacionVista(
        afiliado_id=yo.afiliado_id,
        version=yo.version,
        tipo_afiliado=yo.tipo_afiliado,
        tipo_afiliado_nombre=NOMBRE_TIPO_AFILIADO[yo.tipo_afiliado],
        datos_personales=_datos_personales(yo, ref),
        pbs=PlanPBSVista(
            regimen=yo.regimen,
            regimen_nombre=NOMBRE_REGIMEN[yo.regimen],
            estado=yo.estado,
            estado_nombre=NOMBRE_ESTADO[yo.estado],
            fecha_afiliacion=yo.fecha_afiliacion,
            ips_primaria=_ips(ref, yo.ips_primaria_codigo),
        ),
        planes_pac=[
            PlanPACVista(codigo=p.codigo, nombre=p.nombre, fecha_inicio=p.fecha_inicio)
            for p in sorted(yo.planes_pac.values(), key=lambda p: (p.fecha_inicio, p.codigo))
        ],
        grupo_familiar=[
            MiembroGrupoVista(
                afiliado_id=m.afiliado_id,
                nombre_completo=nombre_completo(m.nombre),
                tipo_documento=m.documento.tipo,
                numero_documento=m.documento.numero,
                tipo_afiliado=m.tipo_afiliado,
                tipo_afiliado_nombre=NOMBRE_TIPO_AFILIADO[m.tipo_afiliado],
                parentesco=m.parentesco,
                parentesco_nombre=_parentesco_nombre(m),
                estado=m.estado,
                estado_nombre=NOMBRE_ESTADO[m.estado],
                ips_primaria=_nombre_ips(ref, m.ips_primaria_codigo),
                gestionable=m.afiliado_id in gestionables,
            )
            for m in familia.grupo
        ],
    )


# -- manual 4.1.1: datos personales ----------------------------------------------------------


@router.get("/personas", summary="Personas cuyos datos puedo actualizar", responses=_404)
async def mis_personas(
    llamante: LlamanteAfiliado, aplicacion: AplicacionDep, response: Response
) -> PersonasGestionablesVista:
    """El titular y sus beneficiarios menores de edad, con la versión que se envía al
    actualizar y los datos registrados hoy."""
    deps = aplicacion.dependencias()
    familia = await consultas.leer_familia(deps, _yo(llamante))
    response.headers["Cache-Control"] = "no-store"
    return PersonasGestionablesVista(
        personas=[
            PersonaGestionableVista(
                afiliado_id=p.afiliado_id,
                version=p.version,
                es_titular=p.afiliado_id == familia.llamante.afiliado_id,
                parentesco=p.parentesco,
                parentesco_nombre=_parentesco_nombre(p),
                datos_personales=_datos_personales(p, deps.referencia),
            )
            for p in familia.gestionables(deps.hoy)
        ]
    )


def _validar_ubicacion(solicitud: ActualizacionDatosPersonales, divipola: Divipola) -> None:
    """422 naming each field whose departamento or municipio is unknown or does not match."""
    errores: list[dict[str, Any]] = []

    def error(campo: str, mensaje: str) -> None:
        errores.append({"type": "divipola", "loc": ("body", campo), "msg": mensaje, "input": None})

    pares = (
        ("residencia", solicitud.departamento_residencia, solicitud.municipio_residencia),
        (
            "correspondencia",
            solicitud.departamento_correspondencia,
            solicitud.municipio_correspondencia,
        ),
    )
    departamentos = {d.codigo for d in divipola.departamentos()}
    for sufijo, departamento, municipio in pares:
        campo_dep, campo_mun = f"departamento_{sufijo}", f"municipio_{sufijo}"
        if departamento is None and municipio is None:
            continue
        if departamento is None:
            error(campo_dep, f"es obligatorio si indica el municipio de {sufijo}")
            continue
        if municipio is None:
            error(campo_mun, f"es obligatorio si indica el departamento de {sufijo}")
            continue
        if departamento not in departamentos:
            error(campo_dep, "no es un departamento de Colombia (DIVIPOLA)")
        elif divipola.municipio(municipio) is None:
            error(campo_mun, "no es un municipio de Colombia (DIVIPOLA)")
        elif not divipola.pertenece(municipio, departamento):
            error(campo_mun, f"el municipio no pertenece al departamento de {sufijo} indicado")
    if errores:
        raise RequestValidationError(errores)


@router.put(
    "/datos-personales",
    summary="Actualizar datos personales (una o varias personas)",
    responses=_404 | _409 | _422,
)
async def actualizar_datos_personales(
    solicitud: ActualizacionDatosPersonales,
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
) -> DatosPersonalesActualizados:
    """Manual 4.1.1: the same data for every selected person, all or none. Each person must
    be one the caller may manage (404 otherwise) and still be at the version sent (409)."""
    deps = aplicacion.dependencias()
    _validar_ubicacion(solicitud, deps.referencia.divipola)
    seleccion = solicitud.personas
    # Every selected person must be one the caller may manage: 404 before anything is done.
    await consultas.leer_personas_gestionables(
        deps, _yo(llamante), [p.afiliado_id for p in seleccion]
    )
    contacto = DatosContacto(
        email=solicitud.email,
        telefono_movil=solicitud.telefono_celular,
        direccion=solicitud.direccion_residencia,
        municipio_divipola=solicitud.municipio_residencia,
        email_alternativo=solicitud.email_alternativo,
        telefono_residencia=solicitud.telefono_residencia,
        telefono_alternativo=solicitud.telefono_celular_alternativo,
        barrio=solicitud.barrio,
        localidad=solicitud.localidad,
        direccion_correspondencia=solicitud.direccion_correspondencia,
        municipio_correspondencia_divipola=solicitud.municipio_correspondencia,
    )
    resultado = await aplicacion.ejecutar(
        ActualizarDatosPersonales(
            personas=tuple(
                PersonaAActualizar(afiliado_id=p.afiliado_id, version_esperada=p.version)
                for p in seleccion
            ),
            contacto=contacto,
            etnia=solicitud.etnia,
            escolaridad=solicitud.escolaridad,
        )
    )
    nuevas = [PersonaActualizada(afiliado_id=i, version=v) for i, v in resultado.versiones]
    return DatosPersonalesActualizados(personas=nuevas, mensaje=MENSAJE_DATOS_ACTUALIZADOS)


# -- manual 4.1.2: actualizar documentos -----------------------------------------------------


@router.get("/soportes", summary="Documentos soporte pendientes", responses=_404)
async def soportes_pendientes(
    llamante: LlamanteAfiliado, aplicacion: AplicacionDep, response: Response
) -> SoportesPendientesVista:
    """Por cada persona que el afiliado gestiona, los documentos que aún debe (columna Tipo de
    Soporte) y a nombre de quién (columna Nombre)."""
    deps = aplicacion.dependencias()
    familia = await consultas.leer_familia(deps, _yo(llamante))
    response.headers["Cache-Control"] = "no-store"
    return SoportesPendientesVista(
        pendientes=[
            SoportePendienteVista(
                afiliado_id=s.afiliado_id,
                nombre=s.nombre,
                tipo_soporte=s.tipo_soporte,
                descripcion=s.descripcion,
                motivo_rechazo=s.motivo_rechazo,
            )
            for persona in familia.gestionables(deps.hoy)
            for s in consultas.soportes_pendientes(persona)
        ],
        formatos_permitidos=[f.value for f in FormatoArchivo],
        tamano_maximo_bytes=TAMANO_MAXIMO_BYTES,
    )


def _archivo_demasiado_grande() -> Problem:
    return Problem(
        MENSAJE_ARCHIVO_DEMASIADO_GRANDE,
        code="archivo-demasiado-grande",
        status=413,
        title="Archivo demasiado grande",
    )


# The multipart parser spools the whole body before the endpoint runs: the route stops
# receiving past the limit (declared or received) with the 413 above.
_RutaConLimiteDeCarga = ruta_con_limite(LIMITE_CUERPO_CARGA, _archivo_demasiado_grande)


async def enviar_soporte(
    afiliado_id: Annotated[UUID, Form(description="A quién corresponde el documento.")],
    tipo_soporte: Annotated[TipoSoporte, Form(description="Tipo de soporte (catálogo).")],
    archivo: Annotated[UploadFile, File(description="PDF, JPG o PNG de máximo 2 MB.")],
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
) -> SoporteEnviado:
    """Manual 4.1.2: one scanned document. Its content (not its name) must be a PDF, JPG or
    PNG that opens, of at most 2 MB."""
    yo = _yo(llamante)
    await consultas.leer_gestionable(aplicacion.dependencias(), yo, afiliado_id)
    # One byte more than allowed is enough for the domain to refuse an oversized file.
    contenido = await archivo.read(TAMANO_MAXIMO_BYTES + 1)
    soporte_id = uuid4()
    await aplicacion.ejecutar(
        CargarSoporte(
            afiliado_id=afiliado_id,
            soporte_id=soporte_id,
            tipo_soporte=tipo_soporte.value,
            nombre_archivo=archivo.filename,
            contenido=contenido,
            cargado_por=yo,
        )
    )
    return SoporteEnviado(
        soporte_id=soporte_id,
        afiliado_id=afiliado_id,
        tipo_soporte=tipo_soporte,
        mensaje=MENSAJE_SOPORTE_ENVIADO,
    )


router.add_api_route(
    "/soportes",
    enviar_soporte,
    methods=["POST"],
    status_code=201,
    summary="Enviar un documento soporte",
    responses=_404 | _413 | _422,
    route_class_override=_RutaConLimiteDeCarga,
)


# -- manual 4.1.3: cambio de IPS -------------------------------------------------------------


@router.get("/cambio-ips/opciones", summary="IPS actual, IPS disponibles y motivos", responses=_404)
async def opciones_cambio_ips(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    response: Response,
    afiliado_id: Annotated[
        UUID | None, Query(description="Por defecto, quien inició sesión.")
    ] = None,
) -> OpcionesCambioIPS:
    deps = aplicacion.dependencias()
    yo = _yo(llamante)
    persona = await consultas.leer_gestionable(deps, yo, afiliado_id or yo)
    ref = deps.referencia
    municipio = persona.contacto.municipio_divipola
    disponibles = ref.ips.por_municipio(municipio) if municipio is not None else []
    en_tramite = persona.solicitud_ips_pendiente()
    response.headers["Cache-Control"] = "no-store"
    return OpcionesCambioIPS(
        afiliado_id=persona.afiliado_id,
        nombre_completo=nombre_completo(persona.nombre),
        ips_actual=_ips(ref, persona.ips_primaria_codigo),
        municipio_residencia=describir_municipio(ref, municipio),
        ips_disponibles=[
            vista
            for ips in disponibles
            if ips.codigo != persona.ips_primaria_codigo
            and (vista := _ips(ref, ips.codigo)) is not None
        ],
        motivos=[MotivoVista(codigo=m, nombre=n) for m, n in NOMBRE_MOTIVO_CAMBIO_IPS.items()],
        solicitud_en_tramite=(
            SolicitudIPSEnTramiteVista(
                solicitud_id=en_tramite.solicitud_id,
                ips_deseada_codigo=en_tramite.ips_deseada_codigo,
                motivo=en_tramite.motivo,
            )
            if en_tramite is not None
            else None
        ),
        datos_personales=_datos_personales(persona, ref),
    )


@router.post(
    "/cambio-ips",
    status_code=201,
    summary="Solicitar cambio de IPS",
    responses=_404 | _409 | _422,
)
async def solicitar_cambio_ips(
    solicitud: SolicitudCambioIPSEntrada, llamante: LlamanteAfiliado, aplicacion: AplicacionDep
) -> SolicitudCambioIPSCreada:
    """Manual 4.1.3 step 3: the IPS must be in the catalog and serve the person's municipio."""
    yo = _yo(llamante)
    await consultas.leer_gestionable(aplicacion.dependencias(), yo, solicitud.afiliado_id)
    solicitud_id = uuid4()
    await aplicacion.ejecutar(
        SolicitarCambioIPS(
            afiliado_id=solicitud.afiliado_id,
            solicitud_id=solicitud_id,
            ips_deseada_codigo=solicitud.ips_deseada_codigo,
            motivo=solicitud.motivo,
            observacion=solicitud.observacion,
            solicitado_por=yo,
        )
    )
    return SolicitudCambioIPSCreada(
        solicitud_id=solicitud_id, afiliado_id=solicitud.afiliado_id, mensaje=MENSAJE_SOLICITUD_IPS
    )


# -- manual 4.3: certificado en línea --------------------------------------------------------


@router.get(
    "/certificados/afiliacion",
    summary="Certificado de afiliación (PDF)",
    response_class=Response,
    # Manual 4.3: the cotizante downloads it "tanto del cotizante como sus beneficiarios
    # mayores y menores de edad" — the one /mi operation whose reach is the whole group.
    openapi_extra={"x-alcance": "grupo-familiar"},
    responses={
        200: {"content": {"application/pdf": {}}, "description": "El certificado en PDF."},
        **_404,
    },
)
async def certificado_afiliacion(
    llamante: LlamanteAfiliado,
    aplicacion: AplicacionDep,
    request: Request,
    ahora: AhoraDep,
    afiliado_id: Annotated[
        UUID | None, Query(description="Por defecto, quien inició sesión.")
    ] = None,
    plan: Annotated[Literal["PBS", "PAC"], Query(description="PBS o PAC.")] = "PBS",
    codigo_pac: Annotated[
        str | None, Query(max_length=20, description="Plan PAC; por defecto el más antiguo.")
    ] = None,
) -> Response:
    """Manual 4.3: for the caller or any member of his group, adult or minor, with the data
    on record at this moment."""
    deps = aplicacion.dependencias()
    yo = _yo(llamante)
    persona, cotizante = await consultas.leer_para_certificado(deps, yo, afiliado_id or yo)
    try:
        datos = consultas.datos_certificado(
            persona, cotizante, deps.referencia, plan, ahora, codigo_pac
        )
    except SinPlanComplementario as error:
        raise Problem(
            str(error), code="sin-plan-complementario", status=404, title="Plan no encontrado"
        ) from None
    if not _lo_representa(yo, persona, cotizante, deps.hoy):
        await registrar_lectura(
            aplicacion, request, llamante, [persona.afiliado_id], rc.RECURSO_CERTIFICADO
        )
    pdf = await run_in_threadpool(generar_certificado_afiliacion, datos)
    return Response(
        pdf,
        media_type="application/pdf",
        headers={
            "Content-Disposition": f'attachment; filename="certificado-afiliacion-{plan}.pdf"',
            "Cache-Control": "no-store",
        },
    )


def _lo_representa(yo: UUID, persona: Afiliado, cotizante: Afiliado | None, hoy: date) -> bool:
    """Himself, or a minor of his group (whom he manages): anyone else's certificate (an
    adult beneficiary's) is someone else's data and its download is recorded."""
    if persona.afiliado_id == yo:
        return True
    return (
        cotizante is not None
        and cotizante.afiliado_id == yo
        and acceso.puede_gestionar(cotizante, persona, hoy)
    )
