"""The use cases: one handler per command (``HANDLERS`` is the one registry)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID, uuid4

from authorizations.application.comandos import (
    AnularOPS,
    EntregarOPSPagada,
    GestionarPresolicitud,
    RadicarPresolicitud,
    Resultado,
    SincronizarMIPRES,
    TomarPresolicitud,
    VigilarPlazosYVencimientos,
)
from authorizations.application.errores import OPSNoEncontrada, PresolicitudNoEncontrada
from authorizations.application.puertos import AlmacenSoportes, UnidadDeTrabajo
from authorizations.domain.cuotas import calcular_cuota
from authorizations.domain.derecho import Derecho, exigir_puede_radicar
from authorizations.domain.errores import (
    DecisionNoValida,
    DerechoDesconocido,
    ServicioNoCatalogado,
    TablaCuotasNoDisponible,
)
from authorizations.domain.ops import OPS, numero_autorizacion
from authorizations.domain.prescripcion import Prescripcion, prescripcion_id
from authorizations.domain.presolicitud import (
    DescripcionSoporte,
    Presolicitud,
    mensaje_consecutivo,
    validar_radicacion,
)
from authorizations.referencia import Referencia
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.archivos import validar_archivo
from eps_runtime.errores import ConflictoDeVersion

SERIE_PRESOLICITUDES = "presolicitudes"
MAXIMO_SERVICIOS = 20


@dataclass(frozen=True)
class Dependencias:
    uow: UnidadDeTrabajo
    ahora: datetime
    referencia: Referencia
    almacen: AlmacenSoportes

    @property
    def hoy(self) -> Any:
        return self.ahora.astimezone(ZONA_COLOMBIA).date()


async def radicar(cmd: RadicarPresolicitud, deps: Dependencias) -> Resultado:
    # Every refusal happens before any file is stored: format rules, then each file's
    # content, then the right; only then the files are written and the events appended.
    validar_radicacion(
        fecha_documentos=cmd.fecha_documentos,
        hoy=deps.hoy,
        observaciones=cmd.observaciones,
        tipos_soporte=[a.tipo_soporte for a in cmd.archivos],
        acepta_terminos=cmd.acepta_terminos,
    )
    validados = [(a.tipo_soporte, validar_archivo(a.nombre, a.contenido)) for a in cmd.archivos]
    async with deps.uow as uow:
        derecho = await uow.derechos.obtener(cmd.afiliado_id)
        if derecho is None:
            raise DerechoDesconocido()
        exigir_puede_radicar(derecho, cmd.plan)
        consecutivo = await uow.consecutivos.siguiente(SERIE_PRESOLICITUDES)
        soportes = []
        for tipo, archivo in validados:
            soporte_id = uuid4()
            soportes.append(
                DescripcionSoporte(
                    soporte_id=soporte_id,
                    tipo_soporte=tipo,
                    formato=archivo.formato.value,
                    tamano_bytes=archivo.tamano_bytes,
                    sha256=archivo.sha256,
                )
            )
        presolicitud = Presolicitud.radicar(
            presolicitud_id=cmd.presolicitud_id,
            afiliado_id=cmd.afiliado_id,
            radicada_por=cmd.radicada_por,
            consecutivo=consecutivo,
            plan=cmd.plan,
            fecha_documentos=cmd.fecha_documentos,
            observaciones=cmd.observaciones,
            soportes=soportes,
            ahora=deps.ahora,
        )
        for (_, archivo), soporte in zip(validados, soportes, strict=True):
            deps.almacen.guardar(soporte.soporte_id, archivo)
        await uow.presolicitudes.guardar(presolicitud)
        await uow.vistas.guardar_presolicitud(presolicitud)
        await uow.commit()
    return Resultado(
        agregado_id=presolicitud.id,
        version=presolicitud.version,
        consecutivo=consecutivo,
        mensaje=mensaje_consecutivo(consecutivo),
    )


async def _presolicitud(uow: UnidadDeTrabajo, presolicitud_id: UUID, version: int) -> Presolicitud:
    presolicitud = await uow.presolicitudes.obtener(presolicitud_id)
    if presolicitud is None:
        raise PresolicitudNoEncontrada()
    if presolicitud.version != version:
        raise ConflictoDeVersion(presolicitud_id, version)
    return presolicitud


async def tomar(cmd: TomarPresolicitud, deps: Dependencias) -> Resultado:
    async with deps.uow as uow:
        presolicitud = await _presolicitud(uow, cmd.presolicitud_id, cmd.version_esperada)
        presolicitud.tomar(cmd.operador_id, cmd.prioritaria, deps.ahora)
        await uow.presolicitudes.guardar(presolicitud)
        await uow.vistas.guardar_presolicitud(presolicitud)
        await uow.commit()
    return Resultado(agregado_id=presolicitud.id, version=presolicitud.version)


async def gestionar(cmd: GestionarPresolicitud, deps: Dependencias) -> Resultado:
    if not cmd.autorizar and not cmd.negar:
        raise DecisionNoValida("Autorice o niegue al menos un servicio.")
    if len(cmd.autorizar) + len(cmd.negar) > MAXIMO_SERVICIOS:
        raise DecisionNoValida(f"Máximo {MAXIMO_SERVICIOS} servicios por presolicitud.")
    cups = deps.referencia.cups
    for codigo in [s.cups_codigo for s in cmd.autorizar] + [s.cups_codigo for s in cmd.negar]:
        if codigo not in cups:
            raise ServicioNoCatalogado()
    anio = deps.hoy.year
    tabla = deps.referencia.tablas.get(anio)
    if tabla is None:
        raise TablaCuotasNoDisponible(anio)
    async with deps.uow as uow:
        presolicitud = await _presolicitud(uow, cmd.presolicitud_id, cmd.version_esperada)
        assert presolicitud.afiliado_id is not None
        derecho = await uow.derechos.obtener(presolicitud.afiliado_id)
        if derecho is None:
            raise DerechoDesconocido()
        rango = await _rango(uow, derecho)
        acumulado = await uow.vistas.copagos_del_anio(presolicitud.afiliado_id, anio)
        autorizadas: list[OPS] = []
        for servicio in cmd.autorizar:
            entrada = cups[servicio.cups_codigo]
            cuota = calcular_cuota(
                tabla,
                entrada,
                plan=presolicitud.plan,
                es_cotizante=derecho.es_cotizante,
                rango=rango,
                acumulado_anual=acumulado,
            )
            if cuota.concepto == "COPAGO":
                acumulado += cuota.valor
            numero = await uow.consecutivos.siguiente(f"ops-{anio}")
            ops = OPS.autorizar(
                ops_id=uuid4(),
                afiliado_id=presolicitud.afiliado_id,
                numero=numero_autorizacion(anio, numero),
                presolicitud_id=presolicitud.id,
                cups_codigo=entrada.codigo,
                cups_descripcion=entrada.descripcion,
                plan=presolicitud.plan,
                prestador_nombre=servicio.prestador_nombre,
                prestador_ciudad=servicio.prestador_ciudad,
                prestador_direccion=servicio.prestador_direccion,
                prestador_telefono=servicio.prestador_telefono,
                vence_el=deps.hoy + timedelta(days=tabla.vigencia(entrada.tipo)),
                cuota=cuota,
                ahora=deps.ahora,
            )
            autorizadas.append(ops)
        presolicitud.gestionar(
            cmd.operador_id,
            [o.id for o in autorizadas],
            [
                {
                    "cups_codigo": n.cups_codigo,
                    "cups_descripcion": cups[n.cups_codigo].descripcion,
                    "motivo": n.motivo,
                }
                for n in cmd.negar
            ],
            deps.ahora,
        )
        # The presolicitud first: a second operator deciding at once conflicts here, and
        # the whole transaction (its OPS too) rolls back.
        await uow.presolicitudes.guardar(presolicitud)
        await uow.vistas.guardar_presolicitud(presolicitud)
        for ops in autorizadas:
            # A payment already received for this OPS (a replay, or billing ahead of us)
            # is honoured here; the payments' consumer honours those that come later.
            obligacion = await uow.vistas.pago_aprobado(ops.id)
            if obligacion is not None:
                ops.entregar(obligacion, deps.ahora)
            await uow.ops.guardar(ops)
            await uow.vistas.guardar_ops(ops)
        await uow.commit()
    return Resultado(
        agregado_id=presolicitud.id,
        version=presolicitud.version,
        ops_ids=tuple(o.id for o in autorizadas),
    )


async def _rango(uow: UnidadDeTrabajo, derecho: Derecho) -> str | None:
    """Beneficiaries take their cotizante's rango salarial."""
    if derecho.es_cotizante or derecho.cotizante_id is None:
        return derecho.rango_salarial
    cotizante = await uow.derechos.obtener(derecho.cotizante_id)
    return cotizante.rango_salarial if cotizante is not None else derecho.rango_salarial


async def anular(cmd: AnularOPS, deps: Dependencias) -> Resultado:
    async with deps.uow as uow:
        ops = await uow.ops.obtener(cmd.ops_id)
        if ops is None:
            raise OPSNoEncontrada()
        if ops.version != cmd.version_esperada:
            raise ConflictoDeVersion(cmd.ops_id, cmd.version_esperada)
        ops.anular(cmd.motivo, deps.ahora)
        await uow.ops.guardar(ops)
        await uow.vistas.guardar_ops(ops)
        await uow.commit()
    return Resultado(agregado_id=ops.id, version=ops.version)


async def entregar_pagada(cmd: EntregarOPSPagada, deps: Dependencias) -> Resultado:
    async with deps.uow as uow:
        ops = await uow.ops.obtener(cmd.ops_id)
        if ops is None or not ops.entregar(cmd.obligacion_id, deps.ahora):
            return Resultado(agregado_id=cmd.ops_id)
        await uow.ops.guardar(ops)
        await uow.vistas.guardar_ops(ops)
        await uow.commit()
    return Resultado(agregado_id=ops.id, version=ops.version, cambios=1)


async def vigilar(cmd: VigilarPlazosYVencimientos, deps: Dependencias) -> Resultado:
    cambios = 0
    async with deps.uow as uow:
        for presolicitud_id in await uow.vistas.presolicitudes_vencidas(deps.ahora):
            presolicitud = await uow.presolicitudes.obtener(presolicitud_id)
            if presolicitud is not None and presolicitud.vigilar_plazo(deps.ahora):
                await uow.presolicitudes.guardar(presolicitud)
                await uow.vistas.guardar_presolicitud(presolicitud)
                cambios += 1
        for ops_id in await uow.vistas.ops_vencidas(deps.hoy):
            ops = await uow.ops.obtener(ops_id)
            if ops is not None and ops.vencer(deps.hoy):
                await uow.ops.guardar(ops)
                await uow.vistas.guardar_ops(ops)
                cambios += 1
        await uow.commit()
    return Resultado(cambios=cambios)


async def sincronizar_mipres(cmd: SincronizarMIPRES, deps: Dependencias) -> Resultado:
    """A prescription whose patient this service does not know yet is skipped; the next poll
    sees it again (MIPRES answers every current direccionamiento), so nothing is lost."""
    cambios = 0
    async with deps.uow as uow:
        for d in cmd.direccionamientos:
            afiliado_id = await uow.derechos.por_documento(d.tipo_documento, d.numero_documento)
            if afiliado_id is None:
                continue
            existente = await uow.prescripciones.obtener(prescripcion_id(d.numero_prescripcion))
            if existente is None:
                prescripcion = Prescripcion.recibir(afiliado_id, d, deps.ahora)
            elif existente.actualizar(afiliado_id, d, deps.ahora):
                prescripcion = existente
            else:
                continue
            await uow.prescripciones.guardar(prescripcion)
            await uow.vistas.guardar_prescripcion(prescripcion)
            cambios += 1
        await uow.commit()
    return Resultado(cambios=cambios)


Handler = Callable[[Any, Dependencias], Awaitable[Resultado]]
HANDLERS: dict[type, Handler] = {
    RadicarPresolicitud: radicar,
    TomarPresolicitud: tomar,
    GestionarPresolicitud: gestionar,
    AnularOPS: anular,
    EntregarOPSPagada: entregar_pagada,
    VigilarPlazosYVencimientos: vigilar,
    SincronizarMIPRES: sincronizar_mipres,
}
