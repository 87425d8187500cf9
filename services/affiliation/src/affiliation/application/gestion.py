"""Back-office management of an affiliation: the novedades of the FUAN (codes 1–22 of seed
004), suspension, retirement, movilidad entre regímenes, cotización and employers.

Guarantee: a command that touches several streams (a cotizante and its beneficiaries)
appends to all of them in one transaction, each at the version it was read at; any
concurrent change to any of them makes the whole command a 409 and writes nothing.
"""

from typing import Any

from affiliation.application import comandos as c
from affiliation.application.dependencias import Dependencias, cargar, liquidar, registrar_novedad
from affiliation.application.errores import DocumentoYaRegistrado, EmpleadorNoEncontrado
from affiliation.application.grupo import incluir_en_grupo
from affiliation.domain import grupo_familiar
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.errores import (
    ConflictoDeEstado,
    GrupoFamiliarIncoherente,
    MovilidadNoPermitida,
    NoEsBeneficiario,
    NoEsCotizante,
)
from affiliation.domain.novedades import CodigoNovedad
from eps_contracts.types import (
    CausalInclusion,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    Parentesco,
    Regimen,
    TipoAfiliado,
)

_RETIRO_COTIZANTE = {
    MotivoRetiro.PERDIDA_CAPACIDAD_DE_PAGO: CodigoNovedad.PERDIDA_CAPACIDAD_DE_PAGO,
    MotivoRetiro.TRASLADO_REGIMEN_EXCEPCION: CodigoNovedad.RETIRO_TRASLADO_REGIMEN_EXCEPCION,
    MotivoRetiro.FALLECIMIENTO: CodigoNovedad.RETIRO_FALLECIMIENTO,
}
_EXCLUSION_BENEFICIARIO = {
    MotivoRetiro.SEPARACION_O_DIVORCIO: CodigoNovedad.EXCLUSION_SEPARACION_O_DIVORCIO,
    MotivoRetiro.TRASLADO_REGIMEN_EXCEPCION: CodigoNovedad.EXCLUSION_TRASLADO_REGIMEN_EXCEPCION,
    MotivoRetiro.FALLECIMIENTO: CodigoNovedad.EXCLUSION_FALLECIMIENTO,
}


async def _guardar(deps: Dependencias, *afiliados: Afiliado) -> None:
    for afiliado in afiliados:
        if afiliado.cambios:
            await deps.uow.afiliados.guardar(afiliado)
    await deps.uow.commit()


# -- novedades 1–3 ----------------------------------------------------------------------------


async def corregir_documento(cmd: c.CorregirDocumento, deps: Dependencias) -> c.Resultado:
    """Novedad 1. The old document is released and the new one claimed in one transaction."""
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        anterior = afiliado.documento
        afiliado.actualizar_documento(cmd.documento, deps.hoy)
        radicado = registrar_novedad(afiliado, CodigoNovedad.DOCUMENTO_IDENTIDAD, deps)
        await uow.documentos.liberar(anterior)
        if not await uow.documentos.reservar(cmd.documento, afiliado.afiliado_id):
            raise DocumentoYaRegistrado()
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def corregir_nombres(cmd: c.CorregirNombres, deps: Dependencias) -> c.Resultado:
    """Novedad 2."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.actualizar_nombres(cmd.nombre)
        radicado = registrar_novedad(afiliado, CodigoNovedad.NOMBRES_Y_APELLIDOS, deps)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def cambiar_estado_civil(cmd: c.CambiarEstadoCivil, deps: Dependencias) -> c.Resultado:
    """Novedad 3."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.actualizar_estado_civil(cmd.estado_civil)
        radicado = registrar_novedad(afiliado, CodigoNovedad.ESTADO_CIVIL, deps)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


# -- state: novedades 7–14 and 19 -------------------------------------------------------------


async def suspender(cmd: c.SuspenderAfiliacion, deps: Dependencias) -> c.Resultado:
    """Suspends the affiliation; leaving the country is novedad 7."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.suspender(cmd.motivo, cmd.detalle, deps.hoy)
        radicado = None
        if cmd.motivo is MotivoSuspension.SALIDA_DEL_PAIS:
            radicado = registrar_novedad(afiliado, CodigoNovedad.INTERRUPCION_SALIDA_DEL_PAIS, deps)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def reactivar(cmd: c.ReactivarAfiliacion, deps: Dependencias) -> c.Resultado:
    """Reactivates; entering the country is novedad 8 and re-entry to the EPS novedad 19."""
    codigos = {
        MotivoReactivacion.INGRESO_AL_PAIS: CodigoNovedad.ACTIVACION_INGRESO_AL_PAIS,
        MotivoReactivacion.REINGRESO: CodigoNovedad.REINGRESO,
    }
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.reactivar(cmd.motivo, cmd.detalle, deps.hoy)
        codigo = codigos.get(cmd.motivo)
        radicado = registrar_novedad(afiliado, codigo, deps) if codigo else None
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def retirar(cmd: c.RetirarAfiliacion, deps: Dependencias) -> c.Resultado:
    """Retires the affiliate.

    A cotizante's active beneficiaries are retired with it (their coverage depends on it) and
    leave its group. A beneficiary leaves its cotizante's group (novedades 12–14).
    """
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        tocados = [afiliado]
        if afiliado.es_cotizante:
            codigo = _RETIRO_COTIZANTE.get(cmd.motivo)
            for beneficiario_id in list(afiliado.grupo):
                beneficiario = await cargar(deps, beneficiario_id)
                afiliado.excluir_beneficiario(
                    beneficiario_id, MotivoRetiro.RETIRO_DEL_COTIZANTE, deps.hoy
                )
                beneficiario.retirar(MotivoRetiro.RETIRO_DEL_COTIZANTE, None, deps.hoy)
                tocados.append(beneficiario)
        else:
            codigo = _EXCLUSION_BENEFICIARIO.get(cmd.motivo)
            if afiliado.cotizante_id is not None:
                cotizante = await cargar(deps, afiliado.cotizante_id)
                if afiliado.afiliado_id in cotizante.grupo:
                    cotizante.excluir_beneficiario(afiliado.afiliado_id, cmd.motivo, deps.hoy)
                    tocados.append(cotizante)
        afiliado.retirar(cmd.motivo, cmd.detalle, deps.hoy)
        radicado = registrar_novedad(afiliado, codigo, deps) if codigo else None
        await _guardar(deps, *tocados)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


# -- family group: novedades 15, 16, 17, 20, 21, 22 -------------------------------------------


async def trasladar_beneficiario(cmd: c.TrasladarBeneficiario, deps: Dependencias) -> c.Resultado:
    """Novedad 15 (or 16 for ``CotizanteABeneficiario``): the affiliate joins the group of
    ``nuevo_cotizante_id``, checked against that group's rules, and leaves its old one."""
    es_cotizante_que_pasa = isinstance(cmd, c.CotizanteABeneficiario)
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        if es_cotizante_que_pasa and not afiliado.es_cotizante:
            raise NoEsCotizante("La novedad 16 aplica a un cotizante.")
        if not es_cotizante_que_pasa and afiliado.es_cotizante:
            raise NoEsBeneficiario("La novedad 15 aplica a un beneficiario.")
        if afiliado.cotizante_id == cmd.nuevo_cotizante_id:
            raise GrupoFamiliarIncoherente("El beneficiario ya pertenece a ese cotizante.")
        nuevo = await _cotizante_destino(deps, cmd.nuevo_cotizante_id, afiliado)
        tocados = [afiliado, nuevo]
        if afiliado.cotizante_id is not None:
            anterior = await cargar(deps, afiliado.cotizante_id)
            if afiliado.afiliado_id in anterior.grupo:
                anterior.excluir_beneficiario(
                    afiliado.afiliado_id, MotivoRetiro.TRASLADO_A_OTRO_COTIZANTE, deps.hoy
                )
                tocados.append(anterior)
        causal = _incluir(nuevo, afiliado, cmd.parentesco, cmd.condiciones, deps)
        afiliado.pasar_a_beneficiario(
            cotizante_id=nuevo.afiliado_id, parentesco=cmd.parentesco, causal=causal
        )
        codigo = (
            CodigoNovedad.COTIZANTE_A_BENEFICIARIO
            if es_cotizante_que_pasa
            else CodigoNovedad.BENEFICIARIOS_ENTRE_COTIZANTES
        )
        radicado = registrar_novedad(afiliado, codigo, deps, causal=causal)
        await _guardar(deps, *tocados)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def beneficiario_a_cotizante(
    cmd: c.BeneficiarioACotizante, deps: Dependencias
) -> c.Resultado:
    """Novedad 17: the beneficiary contributes on its own and leaves its cotizante's group."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        liquidacion = liquidar(deps, cmd.subtipo_cotizante, cmd.ibc)
        tocados = [afiliado]
        if afiliado.cotizante_id is not None:
            anterior = await cargar(deps, afiliado.cotizante_id)
            if afiliado.afiliado_id in anterior.grupo:
                anterior.excluir_beneficiario(
                    afiliado.afiliado_id, MotivoRetiro.CAMBIO_A_COTIZANTE, deps.hoy
                )
                tocados.append(anterior)
        afiliado.pasar_a_cotizante(
            tipo_cotizante=liquidacion["tipo_cotizante"],  # type: ignore[arg-type]
            subtipo_cotizante=cmd.subtipo_cotizante,
            ibc=cmd.ibc,
            rango_salarial=liquidacion["rango_salarial"],  # type: ignore[arg-type]
            empleador_id=cmd.empleador_id,
        )
        radicado = registrar_novedad(afiliado, CodigoNovedad.BENEFICIARIO_A_COTIZANTE, deps)
        await _guardar(deps, *tocados)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def unificar_conyuges(cmd: c.UnificarConyugesCotizantes, deps: Dependencias) -> c.Resultado:
    """Novedad 20: both spouses keep contributing; the spouse's beneficiaries move to this
    cotizante's group, each checked against the rules as it joins."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        conyuge = await cargar(deps, cmd.conyuge_id)
        if not (afiliado.es_cotizante and conyuge.es_cotizante):
            raise NoEsCotizante("La unificación es entre dos cónyuges cotizantes.")
        if afiliado.afiliado_id == conyuge.afiliado_id:
            raise GrupoFamiliarIncoherente("Indique el cónyuge, no el mismo cotizante.")
        tocados = [afiliado, conyuge]
        for miembro in list(conyuge.grupo.values()):
            beneficiario = await cargar(deps, miembro.afiliado_id)
            conyuge.excluir_beneficiario(
                miembro.afiliado_id, MotivoRetiro.TRASLADO_A_OTRO_COTIZANTE, deps.hoy
            )
            condiciones = c.CondicionesBeneficiario(
                estudiante_tiempo_completo=beneficiario.estudiante_tiempo_completo,
                discapacidad_permanente=beneficiario.discapacidad_permanente,
                pariente=beneficiario.pariente,
            )
            causal = _incluir(afiliado, beneficiario, miembro.parentesco, condiciones, deps)
            beneficiario.pasar_a_beneficiario(
                cotizante_id=afiliado.afiliado_id, parentesco=miembro.parentesco, causal=causal
            )
            tocados.append(beneficiario)
        radicado = registrar_novedad(afiliado, CodigoNovedad.UNIFICACION_CONYUGES_COTIZANTES, deps)
        await _guardar(deps, *tocados)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def actualizar_condicion(
    cmd: c.ActualizarCondicionBeneficiario, deps: Dependencias
) -> c.Resultado:
    """Novedades 21 and 22; the rule under which the beneficiary stays is re-evaluated."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        causal = _causal_tras_condicion(afiliado, cmd, deps)
        afiliado.actualizar_condicion(
            estudiante=cmd.estudiante_tiempo_completo,
            discapacidad=cmd.discapacidad_permanente,
            causal=causal,
        )
        codigo = (
            CodigoNovedad.DISCAPACIDAD_PERMANENTE
            if cmd.discapacidad_permanente
            else CodigoNovedad.ESTUDIOS
        )
        radicado = registrar_novedad(afiliado, codigo, deps, causal=causal)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


def _causal_tras_condicion(
    afiliado: Afiliado, cmd: c.ActualizarCondicionBeneficiario, deps: Dependencias
) -> CausalInclusion | None:
    if afiliado.parentesco not in (Parentesco.HIJO, Parentesco.HIJASTRO):
        return afiliado.causal_inclusion
    candidato = grupo_familiar.Candidato(
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        parentesco=afiliado.parentesco,
        fecha_nacimiento=afiliado.fecha_nacimiento,
        estudiante_tiempo_completo=cmd.estudiante_tiempo_completo,
        discapacidad_permanente=cmd.discapacidad_permanente,
    )
    return grupo_familiar.evaluar_inclusion(candidato, [], deps.hoy)


async def _cotizante_destino(deps: Dependencias, cotizante_id: Any, afiliado: Afiliado) -> Afiliado:
    nuevo = await cargar(deps, cotizante_id)
    if not nuevo.es_cotizante:
        raise NoEsCotizante("El afiliado de destino no es cotizante.")
    if nuevo.regimen is not afiliado.regimen:
        raise GrupoFamiliarIncoherente(
            f"Un beneficiario pertenece al régimen de su cotizante ({nuevo.regimen.value})."
        )
    return nuevo


def _incluir(
    cotizante: Afiliado,
    persona: Afiliado,
    parentesco: Parentesco,
    condiciones: c.CondicionesBeneficiario,
    deps: Dependencias,
) -> CausalInclusion:
    adicional = persona.tipo_afiliado is TipoAfiliado.ADICIONAL
    return incluir_en_grupo(
        cotizante,
        deps,
        beneficiario_id=persona.afiliado_id,
        tipo_afiliado=TipoAfiliado.ADICIONAL if adicional else TipoAfiliado.BENEFICIARIO,
        parentesco=parentesco,
        fecha_nacimiento=persona.fecha_nacimiento,
        sexo=persona.sexo,
        municipio=persona.contacto.municipio_divipola,
        condiciones=condiciones,
    )


# -- régimen, cotización, employers -----------------------------------------------------------


async def cambiar_regimen(cmd: c.CambiarRegimen, deps: Dependencias) -> c.Resultado:
    """Movilidad (Decreto 3047 de 2013): a cotizante in Sisbén I or II moves between regimes
    within the EPS and its family group moves with it. Moving to the contributory regime
    needs the cotizante type and IBC it will contribute with."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        if not afiliado.es_cotizante:
            raise MovilidadNoPermitida(
                "La movilidad la solicita el cabeza del grupo familiar (cotizante); su grupo "
                "cambia de régimen con él."
            )
        if cmd.regimen is Regimen.CONTRIBUTIVO and (cmd.subtipo_cotizante is None or not cmd.ibc):
            raise MovilidadNoPermitida(
                "Para pasar al régimen contributivo indique el tipo de cotizante y el IBC."
            )
        afiliado.cambiar_regimen(cmd.regimen, cmd.nivel_sisben, deps.hoy)
        if cmd.regimen is Regimen.CONTRIBUTIVO:
            assert cmd.subtipo_cotizante is not None and cmd.ibc is not None
            afiliado.actualizar_cotizacion(**liquidar(deps, cmd.subtipo_cotizante, cmd.ibc))
        tocados = [afiliado]
        for beneficiario_id in afiliado.grupo:
            beneficiario = await cargar(deps, beneficiario_id)
            beneficiario.cambiar_regimen(cmd.regimen, cmd.nivel_sisben, deps.hoy)
            tocados.append(beneficiario)
        await _guardar(deps, *tocados)
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def actualizar_cotizacion(cmd: c.ActualizarCotizacion, deps: Dependencias) -> c.Resultado:
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.actualizar_cotizacion(**liquidar(deps, cmd.subtipo_cotizante, cmd.ibc))
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def vincular_empleador(cmd: c.VincularEmpleador, deps: Dependencias) -> c.Resultado:
    """Links an employer; when the cotizante already has one it is novedad 18."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        await _exigir_empleador(deps, cmd.empleador_id)
        adicional = bool(afiliado.empleadores)
        afiliado.vincular_empleador(cmd.empleador_id, cmd.fecha_ingreso)
        radicado = (
            registrar_novedad(afiliado, CodigoNovedad.EMPLEADOR_ADICIONAL, deps)
            if adicional
            else None
        )
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


async def desvincular_empleador(cmd: c.DesvincularEmpleador, deps: Dependencias) -> c.Resultado:
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        afiliado.desvincular_empleador(cmd.empleador_id, cmd.fecha_retiro)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def cambiar_empleador(cmd: c.CambiarEmpleador, deps: Dependencias) -> c.Resultado:
    """Cambio de empleador: leaving one and joining the other commit together."""
    async with deps.uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        await _exigir_empleador(deps, cmd.empleador_id)
        if cmd.empleador_id == cmd.empleador_anterior_id:
            raise ConflictoDeEstado("El nuevo empleador es el mismo que el anterior.")
        afiliado.desvincular_empleador(cmd.empleador_anterior_id, cmd.fecha)
        afiliado.vincular_empleador(cmd.empleador_id, cmd.fecha)
        await _guardar(deps, afiliado)
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def _exigir_empleador(deps: Dependencias, empleador_id: Any) -> None:
    if await deps.uow.empleadores.obtener(empleador_id) is None:
        raise EmpleadorNoEncontrado(empleador_id)
