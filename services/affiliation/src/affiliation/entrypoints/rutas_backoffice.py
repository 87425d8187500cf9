"""Back-office HTTP API: operators register affiliations and novedades, review documents,
decide IPS changes, suspend and retire, manage employers and read any affiliate's history.
Every read of an affiliate's personal data here (record, search by document, history, a
support document) records a ``DatosPersonalesConsultados`` before answering.

Guarantees: every route requires an operator's token (reads also an auditor's); one command
per request, one transaction per command; changing an affiliate requires the version the
operator read (``If-Match`` or ``version``), so two operators changing the same affiliation
at once get one success and one 409, and nothing is lost.
"""

from dataclasses import dataclass
from typing import Annotated, Any
from uuid import UUID, uuid4

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import Response as RespuestaCruda

from affiliation.application import comandos as c
from affiliation.application import consultas
from affiliation.application import registro_consultas as rc
from affiliation.application.comandos import ActualizarDatosContacto
from affiliation.bootstrap import Aplicacion
from affiliation.domain.valores import NombreCompleto
from affiliation.entrypoints import esquemas_backoffice as eb
from affiliation.entrypoints.esquemas import (
    AfiliadoCreado,
    AfiliadoVista,
    CambioDatosContacto,
    EventoVista,
    HistorialVista,
    SolicitudRegistro,
)
from affiliation.entrypoints.registro_lecturas import registrar_lectura
from eps_contracts.types import MotivoReactivacion, MotivoRetiro, MotivoSuspension, TipoDocumento
from eps_contracts.valores import Documento
from eps_runtime.auth import Llamante, Rol
from eps_runtime.http import Problem, etag, version_esperada
from eps_runtime.http_auth import requiere_rol
from eps_runtime.logging import get_logger

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}
_ERRORES: dict[int | str, dict[str, Any]] = {s: _PROBLEMA for s in (401, 403, 404, 409, 422, 428)}

Operador = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR))]
Lector = Annotated[Llamante, Depends(requiere_rol(Rol.OPERADOR, Rol.AUDITOR))]
IfMatch = Annotated[str | None, Header(description='Versión consultada, p. ej. "3".')]


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]

router = APIRouter(tags=["back office"], responses=_ERRORES)


@router.post(
    "/afiliados",
    status_code=201,
    summary="Registrar un afiliado",
    responses={409: _PROBLEMA, 422: _PROBLEMA},
)
async def registrar_afiliado(
    solicitud: SolicitudRegistro, response: Response, aplicacion: AplicacionDep, _: Operador
) -> AfiliadoCreado:
    """Affiliates a cotizante, or includes a beneficiario or adicional in its cotizante's
    group (novedad 4, 5 or 6), checked against Decreto 806 de 1998."""
    comando = solicitud.comando(afiliado_id=uuid4())
    resultado = await aplicacion.ejecutar(comando)
    log.info("afiliado_registrado", afiliado_id=str(resultado.afiliado_id))
    response.headers["Location"] = f"/afiliados/{resultado.afiliado_id}"
    response.headers["ETag"] = etag(resultado.version)
    return AfiliadoCreado(afiliado_id=resultado.afiliado_id, version=resultado.version)


@router.get("/afiliados/{afiliado_id}", summary="Consultar un afiliado", responses={404: _PROBLEMA})
async def consultar_afiliado(
    afiliado_id: UUID,
    request: Request,
    response: Response,
    aplicacion: AplicacionDep,
    lector: Lector,
) -> AfiliadoVista:
    afiliado = await consultas.obtener_afiliado(afiliado_id, aplicacion.nueva_unidad_de_trabajo())
    await registrar_lectura(aplicacion, request, lector, [afiliado_id], rc.RECURSO_DATOS)
    response.headers["ETag"] = etag(afiliado.version)
    return AfiliadoVista.de(afiliado)


@router.patch(
    "/afiliados/{afiliado_id}/contacto",
    summary="Actualizar datos de contacto",
    responses={404: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA, 428: _PROBLEMA},
)
async def actualizar_datos_contacto(
    afiliado_id: UUID,
    cambio: CambioDatosContacto,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
    if_match: IfMatch = None,
) -> AfiliadoCreado:
    version = version_esperada(if_match, cambio.version)
    campos: dict[str, Any] = {
        campo: getattr(cambio, campo) for campo in cambio.model_fields_set - {"version"}
    }
    if not campos:
        raise Problem(
            "Indique al menos un dato de contacto para actualizar.",
            code="sin-datos-de-contacto",
            status=422,
            title="Datos inválidos",
        )
    comando = ActualizarDatosContacto(afiliado_id=afiliado_id, version_esperada=version, **campos)
    resultado = await aplicacion.ejecutar(comando)
    response.headers["ETag"] = etag(resultado.version)
    return AfiliadoCreado(afiliado_id=resultado.afiliado_id, version=resultado.version)


@router.get(
    "/afiliados/{afiliado_id}/historial",
    summary="Historial de eventos de un afiliado",
    responses={404: _PROBLEMA},
)
async def historial(
    afiliado_id: UUID, request: Request, aplicacion: AplicacionDep, lector: Lector
) -> HistorialVista:
    eventos = await consultas.historial(afiliado_id, aplicacion.nueva_unidad_de_trabajo())
    await registrar_lectura(aplicacion, request, lector, [afiliado_id], rc.RECURSO_HISTORIAL)
    return HistorialVista(afiliado_id=afiliado_id, eventos=[EventoVista.de(e) for e in eventos])


async def _ejecutar(aplicacion: Aplicacion, comando: Any, response: Response) -> eb.Confirmacion:
    resultado = await aplicacion.ejecutar(comando)
    response.headers["ETag"] = etag(resultado.version)
    return eb.Confirmacion(
        id=resultado.afiliado_id, version=resultado.version, radicado=resultado.radicado
    )


async def _cambiar(
    aplicacion: Aplicacion,
    response: Response,
    clase: type[Any],
    afiliado_id: UUID,
    solicitud: eb.ConVersion,
    if_match: str | None,
) -> eb.Confirmacion:
    """Runs the command ``clase`` on the affiliate at the version the operator read; the request's
    fields are the command's (each body is named after its command)."""
    version = version_esperada(if_match, solicitud.version)
    campos = solicitud.model_dump(exclude={"version"})
    return await _ejecutar(
        aplicacion, clase(afiliado_id=afiliado_id, version_esperada=version, **campos), response
    )


def _requerido(valor: Any, campo: str, codigo: int) -> Any:
    if valor is None:
        raise Problem(
            f"La novedad {codigo} requiere el campo {campo}.",
            code="campo-requerido",
            status=422,
            title="Datos inválidos",
            errores=[{"campo": campo, "mensaje": "es obligatorio para esta novedad"}],
        )
    return valor


def _comando_de_novedad(afiliado_id: UUID, n: eb.SolicitudNovedad, version: int) -> Any:
    """The command each novedad code stands for (see ``SolicitudNovedad``)."""
    base: dict[str, Any] = {"afiliado_id": afiliado_id, "version_esperada": version}
    codigo = n.codigo
    if codigo == 1:
        tipo = _requerido(n.tipo_documento, "tipo_documento", codigo)
        numero = _requerido(n.numero_documento, "numero_documento", codigo)
        return c.CorregirDocumento(**base, documento=Documento(tipo, numero))
    if codigo == 2:
        nombre = NombreCompleto(
            _requerido(n.primer_nombre, "primer_nombre", codigo),
            _requerido(n.primer_apellido, "primer_apellido", codigo),
            n.segundo_nombre,
            n.segundo_apellido,
        )
        return c.CorregirNombres(**base, nombre=nombre)
    if codigo == 3:
        return c.CambiarEstadoCivil(
            **base, estado_civil=_requerido(n.estado_civil, "estado_civil", codigo)
        )
    if codigo in (4, 5, 6):
        beneficiario: SolicitudRegistro = _requerido(n.beneficiario, "beneficiario", codigo)
        return beneficiario.comando(afiliado_id=uuid4(), cotizante_id=afiliado_id)
    if codigo == 7:
        return c.SuspenderAfiliacion(
            **base, motivo=MotivoSuspension.SALIDA_DEL_PAIS, detalle=n.detalle
        )
    if codigo in (8, 19):
        motivo = MotivoReactivacion.INGRESO_AL_PAIS if codigo == 8 else MotivoReactivacion.REINGRESO
        return c.ReactivarAfiliacion(**base, motivo=motivo, detalle=n.detalle)
    if codigo in _MOTIVO_RETIRO:
        return c.RetirarAfiliacion(**base, motivo=_MOTIVO_RETIRO[codigo], detalle=n.detalle)
    if codigo in (15, 16):
        clase = c.TrasladarBeneficiario if codigo == 15 else c.CotizanteABeneficiario
        return clase(
            **base,
            nuevo_cotizante_id=_requerido(n.nuevo_cotizante_id, "nuevo_cotizante_id", codigo),
            parentesco=_requerido(n.parentesco, "parentesco", codigo),
            condiciones=n.condiciones.comando() if n.condiciones else c.CondicionesBeneficiario(),
        )
    if codigo == 17:
        return c.BeneficiarioACotizante(
            **base,
            subtipo_cotizante=_requerido(n.subtipo_cotizante, "subtipo_cotizante", codigo),
            ibc=_requerido(n.ibc, "ibc", codigo),
            empleador_id=n.empleador_id,
        )
    if codigo == 18:
        return c.VincularEmpleador(
            **base,
            empleador_id=_requerido(n.empleador_id, "empleador_id", codigo),
            fecha_ingreso=_requerido(n.fecha_ingreso, "fecha_ingreso", codigo),
        )
    if codigo == 20:
        return c.UnificarConyugesCotizantes(
            **base, conyuge_id=_requerido(n.conyuge_id, "conyuge_id", codigo)
        )
    return c.ActualizarCondicionBeneficiario(
        **base,
        estudiante_tiempo_completo=bool(n.estudiante_tiempo_completo),
        discapacidad_permanente=bool(n.discapacidad_permanente) or codigo == 21,
    )


_MOTIVO_RETIRO = {
    9: MotivoRetiro.PERDIDA_CAPACIDAD_DE_PAGO,
    10: MotivoRetiro.TRASLADO_REGIMEN_EXCEPCION,
    11: MotivoRetiro.FALLECIMIENTO,
    12: MotivoRetiro.SEPARACION_O_DIVORCIO,
    13: MotivoRetiro.TRASLADO_REGIMEN_EXCEPCION,
    14: MotivoRetiro.FALLECIMIENTO,
}


@router.post(
    "/afiliados/{afiliado_id}/novedades",
    status_code=201,
    summary="Registrar una novedad (códigos 1 a 22 del FUAN)",
)
async def registrar_novedad(
    afiliado_id: UUID,
    novedad: eb.SolicitudNovedad,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
    if_match: IfMatch = None,
) -> eb.Confirmacion:
    """For 4, 5 and 6 the affiliate is the cotizante and no version is needed: the
    inclusion is serialised by the cotizante's stream."""
    version = 0 if novedad.codigo in (4, 5, 6) else version_esperada(if_match, novedad.version)
    comando = _comando_de_novedad(afiliado_id, novedad, version)
    return await _ejecutar(aplicacion, comando, response)


@dataclass(frozen=True)
class CambioDeAfiliado:
    """A back-office change of one affiliate whose body is named after its command: the
    body's fields are the command's, at the version the operator read."""

    metodo: str
    ruta: str
    resumen: str
    cuerpo: type[eb.ConVersion]
    comando: type[Any]
    nombre: str
    descripcion: str | None = None


CAMBIOS_DE_AFILIADO: tuple[CambioDeAfiliado, ...] = (
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/suspension",
        "Suspender una afiliación",
        eb.SolicitudSuspension,
        c.SuspenderAfiliacion,
        "suspender",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/reactivacion",
        "Reactivar una afiliación",
        eb.SolicitudReactivacion,
        c.ReactivarAfiliacion,
        "reactivar",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/retiro",
        "Retirar una afiliación",
        eb.SolicitudRetiro,
        c.RetirarAfiliacion,
        "retirar",
        "A cotizante's beneficiaries are retired with it.",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/movilidad",
        "Movilidad entre regímenes",
        eb.SolicitudMovilidad,
        c.CambiarRegimen,
        "movilidad",
    ),
    CambioDeAfiliado(
        "PUT",
        "/afiliados/{afiliado_id}/cotizacion",
        "Actualizar tipo de cotizante e IBC",
        eb.SolicitudCotizacion,
        c.ActualizarCotizacion,
        "cotizacion",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/empleadores",
        "Vincular un empleador",
        eb.SolicitudVinculo,
        c.VincularEmpleador,
        "vincular_empleador",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/cambio-empleador",
        "Cambio de empleador",
        eb.SolicitudCambioEmpleador,
        c.CambiarEmpleador,
        "cambiar_empleador",
    ),
    CambioDeAfiliado(
        "POST",
        "/afiliados/{afiliado_id}/planes-pac",
        "Contratar un plan complementario",
        eb.SolicitudPAC,
        c.ContratarPAC,
        "contratar_pac",
    ),
)


def _ruta_de_cambio(cambio: CambioDeAfiliado) -> None:
    cuerpo = cambio.cuerpo

    async def ruta(
        afiliado_id: UUID,
        solicitud: cuerpo,  # type: ignore[valid-type]
        response: Response,
        aplicacion: AplicacionDep,
        _: Operador,
        if_match: IfMatch = None,
    ) -> eb.Confirmacion:
        return await _cambiar(
            aplicacion, response, cambio.comando, afiliado_id, solicitud, if_match
        )

    ruta.__name__ = cambio.nombre
    router.add_api_route(
        cambio.ruta,
        ruta,
        methods=[cambio.metodo],
        summary=cambio.resumen,
        description=cambio.descripcion or "",
        response_model=eb.Confirmacion,
    )


for _cambio in CAMBIOS_DE_AFILIADO:
    _ruta_de_cambio(_cambio)


@router.get("/bandeja/{tipo}", summary="Pendientes de back office, los más antiguos primero")
async def bandeja(
    tipo: str,
    aplicacion: AplicacionDep,
    _: Lector,
    limite: Annotated[int, Query(ge=1, le=500)] = 100,
) -> list[dict[str, Any]]:
    deps = aplicacion.dependencias()
    async with deps.uow as uow:
        tareas = await uow.bandeja.pendientes(_tipo_bandeja(tipo), limite)
    return [vars(t) for t in tareas]


def _tipo_bandeja(tipo: str) -> str:
    tipos = {"soportes": "revision-soporte", "cambios-ips": "cambio-ips"}
    if tipo not in tipos:
        raise Problem(
            "La bandeja debe ser 'soportes' o 'cambios-ips'.",
            code="bandeja-desconocida",
            status=404,
            title="No encontrado",
        )
    return tipos[tipo]


@router.get(
    "/afiliados/{afiliado_id}/soportes/{soporte_id}/archivo",
    summary="Descargar un documento soporte para revisarlo",
    response_class=RespuestaCruda,
)
async def archivo_soporte(
    afiliado_id: UUID,
    soporte_id: UUID,
    request: Request,
    aplicacion: AplicacionDep,
    lector: Operador,
) -> RespuestaCruda:
    contenido, tipo_mime = await consultas.archivo_soporte(
        aplicacion.dependencias(), afiliado_id, soporte_id
    )
    await registrar_lectura(aplicacion, request, lector, [afiliado_id], rc.RECURSO_SOPORTE)
    return RespuestaCruda(
        contenido,
        media_type=tipo_mime,
        headers={"Cache-Control": "no-store", "X-Content-Type-Options": "nosniff"},
    )


@router.post(
    "/afiliados/{afiliado_id}/soportes/{soporte_id}/revision",
    summary="Aprobar o rechazar un documento soporte",
)
async def revisar_soporte(
    afiliado_id: UUID,
    soporte_id: UUID,
    decision: eb.Decision,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
    if_match: IfMatch = None,
) -> eb.Confirmacion:
    version = version_esperada(if_match, decision.version)
    comando = c.RevisarSoporte(
        afiliado_id=afiliado_id,
        version_esperada=version,
        soporte_id=soporte_id,
        motivo_rechazo=_motivo_de(decision),
    )
    return await _ejecutar(aplicacion, comando, response)


@router.post(
    "/afiliados/{afiliado_id}/solicitudes-ips/{solicitud_id}/decision",
    summary="Aprobar o rechazar un cambio de IPS",
)
async def decidir_cambio_ips(
    afiliado_id: UUID,
    solicitud_id: UUID,
    decision: eb.Decision,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
    if_match: IfMatch = None,
) -> eb.Confirmacion:
    version = version_esperada(if_match, decision.version)
    comando = c.DecidirCambioIPS(
        afiliado_id=afiliado_id,
        version_esperada=version,
        solicitud_id=solicitud_id,
        motivo_rechazo=_motivo_de(decision),
    )
    return await _ejecutar(aplicacion, comando, response)


def _motivo_de(decision: eb.Decision) -> str | None:
    if decision.aprobado:
        return None
    if decision.motivo is None:
        raise Problem(
            "Indique el motivo del rechazo: el afiliado lo recibirá para corregir su trámite.",
            code="motivo-requerido",
            status=422,
            title="Datos inválidos",
        )
    return decision.motivo


# -- employers ---------------------------------------------------------------------------------


@router.post("/empleadores", status_code=201, summary="Registrar un empleador")
async def registrar_empleador(
    solicitud: eb.SolicitudEmpleador,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
) -> eb.Confirmacion:
    comando = c.RegistrarEmpleador(empleador_id=uuid4(), **solicitud.model_dump())
    confirmacion = await _ejecutar(aplicacion, comando, response)
    response.headers["Location"] = f"/empleadores/{confirmacion.id}"
    return confirmacion


@router.get("/empleadores/{empleador_id}", summary="Consultar un empleador")
async def consultar_empleador(
    empleador_id: UUID, response: Response, aplicacion: AplicacionDep, _: Lector
) -> dict[str, Any]:
    empleador = await consultas.obtener_empleador(empleador_id, aplicacion.dependencias())
    response.headers["ETag"] = etag(empleador.version)
    return {
        "empleador_id": empleador.empleador_id,
        "version": empleador.version,
        "tipo_documento": empleador.tipo_documento,
        "numero_documento": empleador.numero_documento,
        "razon_social": empleador.razon_social,
        **empleador.datos,
    }


@router.put("/empleadores/{empleador_id}", summary="Actualizar los datos de un empleador")
async def actualizar_empleador(
    empleador_id: UUID,
    cambio: eb.CambioEmpleador,
    response: Response,
    aplicacion: AplicacionDep,
    _: Operador,
    if_match: IfMatch = None,
) -> eb.Confirmacion:
    version = version_esperada(if_match, cambio.version)
    comando = c.ActualizarEmpleador(
        empleador_id=empleador_id,
        version_esperada=version,
        **cambio.model_dump(exclude={"version"}),
    )
    return await _ejecutar(aplicacion, comando, response)


@router.get("/afiliados", summary="Buscar un afiliado por documento")
async def buscar_afiliado(
    request: Request,
    aplicacion: AplicacionDep,
    lector: Lector,
    tipo_documento: Annotated[TipoDocumento, Query()],
    numero_documento: Annotated[str, Query(min_length=3, max_length=16)],
) -> AfiliadoVista:
    afiliado = await consultas.buscar_por_documento(
        Documento(tipo_documento, numero_documento.strip()), aplicacion.dependencias()
    )
    await registrar_lectura(
        aplicacion, request, lector, [afiliado.afiliado_id], rc.RECURSO_BUSQUEDA
    )
    return AfiliadoVista.de(afiliado)
