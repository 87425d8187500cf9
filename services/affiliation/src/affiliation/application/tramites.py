"""Trámites of the affiliate and their back-office decisions: support documents (manual
4.1.2), IPS change (4.1.3), PAC plans; and employers.

Guarantees: an uploaded file is checked by content before anything is stored; its bytes go
to private storage under a server-generated name and only its fingerprint goes into the
event. Every request and document opens a back-office task in the same transaction as its
event, and the decision closes it in the same transaction as the decision's event.
"""

from typing import Any

from affiliation.application import comandos as c
from affiliation.application.consultas_afiliado import soportes_pendientes
from affiliation.application.dependencias import Dependencias, cargar, ficha_ips
from affiliation.application.errores import EmpleadorNoEncontrado, EmpleadorYaRegistrado
from affiliation.domain.empleador import Empleador
from affiliation.domain.errores import IPSNoDisponible, SoporteNoPendiente
from eps_contracts.types import FormatoSoporte
from eps_runtime.archivos import validar_archivo
from eps_runtime.errores import ConflictoDeVersion

TAREA_SOPORTE = "revision-soporte"
TAREA_CAMBIO_IPS = "cambio-ips"


async def cargar_soporte(cmd: c.CargarSoporte, deps: Dependencias) -> c.Resultado:
    """Stores the file and records ``DocumentoSoporteCargado``; the file is removed again if
    the transaction does not commit, so no orphan stays behind."""
    archivo = validar_archivo(cmd.nombre_archivo, cmd.contenido)
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id)
        pendientes = [p.tipo_soporte for p in soportes_pendientes(afiliado)]
        if cmd.tipo_soporte not in pendientes:
            raise SoporteNoPendiente(pendientes)
        afiliado.cargar_soporte(
            soporte_id=cmd.soporte_id,
            tipo_soporte=cmd.tipo_soporte,
            formato=FormatoSoporte(archivo.formato.name),
            tamano_bytes=archivo.tamano_bytes,
            sha256=archivo.sha256,
            cargado_por=cmd.cargado_por,
        )
        referencia = await deps.almacen.guardar(archivo)
        try:
            await uow.archivos.registrar(cmd.soporte_id, afiliado.afiliado_id, referencia)
            await uow.bandeja.abrir(
                cmd.soporte_id,
                TAREA_SOPORTE,
                afiliado.afiliado_id,
                {"tipo_soporte": cmd.tipo_soporte, "formato": archivo.formato.name},
            )
            await uow.afiliados.guardar(afiliado)
            await uow.commit()
        except BaseException:
            await deps.almacen.eliminar(referencia)
            raise
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def revisar_soporte(cmd: c.RevisarSoporte, deps: Dependencias) -> c.Resultado:
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        if cmd.motivo_rechazo is None:
            afiliado.aprobar_soporte(cmd.soporte_id)
        else:
            afiliado.rechazar_soporte(cmd.soporte_id, cmd.motivo_rechazo)
        await uow.bandeja.cerrar(cmd.soporte_id)
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def solicitar_cambio_ips(cmd: c.SolicitarCambioIPS, deps: Dependencias) -> c.Resultado:
    """The desired IPS must be in the catalog and serve the affiliate's municipio."""
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id)
        ips = deps.referencia.ips.obtener(cmd.ips_deseada_codigo)
        municipio = afiliado.contacto.municipio_divipola
        if ips is None:
            raise IPSNoDisponible("La IPS deseada no está en el catálogo de la EPS.")
        if municipio is not None and ips.municipio_divipola != municipio:
            raise IPSNoDisponible(
                "La IPS deseada no atiende en el municipio de residencia del afiliado; "
                "elija una de las IPS de su municipio o actualice primero su dirección."
            )
        afiliado.solicitar_cambio_ips(
            solicitud_id=cmd.solicitud_id,
            ips_deseada_codigo=cmd.ips_deseada_codigo,
            motivo=cmd.motivo,
            observacion=cmd.observacion,
            solicitado_por=cmd.solicitado_por,
        )
        await uow.bandeja.abrir(
            cmd.solicitud_id,
            TAREA_CAMBIO_IPS,
            afiliado.afiliado_id,
            {"ips_deseada_codigo": cmd.ips_deseada_codigo, "motivo": cmd.motivo.value},
        )
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def decidir_cambio_ips(cmd: c.DecidirCambioIPS, deps: Dependencias) -> c.Resultado:
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        if cmd.motivo_rechazo is None:
            afiliado.aprobar_cambio_ips(cmd.solicitud_id, lambda codigo: ficha_ips(deps, codigo))
        else:
            afiliado.rechazar_cambio_ips(cmd.solicitud_id, cmd.motivo_rechazo)
        await uow.bandeja.cerrar(cmd.solicitud_id)
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def contratar_pac(cmd: c.ContratarPAC, deps: Dependencias) -> c.Resultado:
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.contratar_pac(cmd.plan_codigo, cmd.plan_nombre, cmd.fecha_inicio)
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def cancelar_pac(cmd: c.CancelarPAC, deps: Dependencias) -> c.Resultado:
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.cancelar_pac(cmd.plan_codigo, deps.hoy)
        await uow.afiliados.guardar(afiliado)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def registrar_empleador(cmd: c.RegistrarEmpleador, deps: Dependencias) -> c.Resultado:
    """One employer per document: the claim and the events commit together."""
    campos: dict[str, Any] = {k: v for k, v in vars(cmd).items() if k not in ("version_esperada",)}
    empleador = Empleador.registrar(**campos)
    async with deps.uow as uow:
        if not await uow.empleadores.reservar_documento(
            cmd.tipo_documento, cmd.numero_documento, cmd.empleador_id
        ):
            raise EmpleadorYaRegistrado()
        await uow.empleadores.guardar(empleador)
        await uow.commit()
    return c.Resultado(empleador.empleador_id, empleador.version)


async def actualizar_empleador(cmd: c.ActualizarEmpleador, deps: Dependencias) -> c.Resultado:
    async with deps.uow as uow:
        empleador = await uow.empleadores.obtener(cmd.empleador_id)
        if empleador is None:
            raise EmpleadorNoEncontrado(cmd.empleador_id)
        if empleador.version != cmd.version_esperada:
            raise ConflictoDeVersion(cmd.empleador_id, cmd.version_esperada)
        campos = {
            k: v for k, v in vars(cmd).items() if k not in ("empleador_id", "version_esperada")
        }
        if empleador.actualizar(**campos):
            await uow.empleadores.guardar(empleador)
            await uow.commit()
    return c.Resultado(empleador.empleador_id, empleador.version)
