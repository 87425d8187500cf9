"""Handlers of registration (novedades 4–6 included) and personal data.

A handler is a plain function of the command and its ``Dependencias``; every command's
handler is listed in ``handlers.HANDLERS``.

Guarantee: each command runs in exactly one transaction; either all its effects (events on
every stream it touches, outbox rows, document claims, back-office tasks) commit, or none
does.
"""

from datetime import date
from typing import Any

from affiliation.application import comandos as c
from affiliation.application.dependencias import (
    Dependencias,
    cargar,
    ficha_ips,
    liquidar,
    registrar_novedad,
)
from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.application.grupo import incluir_en_grupo
from affiliation.domain import novedades
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.edad import meses_cumplidos
from affiliation.domain.errores import GrupoFamiliarIncoherente
from eps_contracts.types import CausalInclusion, Parentesco, TipoAfiliado

# A newborn is reported with novedad 6 up to the age a CN (certificado de nacido vivo) is valid.
MESES_RECIEN_NACIDO = 3


async def registrar_afiliado(cmd: c.RegistrarAfiliado, deps: Dependencias) -> c.Resultado:
    """Registers the person; ``DocumentoYaRegistrado`` if the document is already affiliated.

    A beneficiario or adicional joins its cotizante's group in the same transaction
    (novedad 4, 5 or 6), checked against the rules of Decreto 806 de 1998. The document
    claim and the events commit together, so two concurrent registrations of one document
    cannot both succeed, and two inclusions into one group are serialised by the
    cotizante's stream version.
    """
    async with deps.uow as uow:
        cotizante = None
        if cmd.cotizante_id is not None:
            cotizante = await uow.afiliados.obtener(cmd.cotizante_id)
        campos = _campos_de_registro(cmd, deps)
        radicado = None
        if cmd.tipo_afiliado is not TipoAfiliado.COTIZANTE and cotizante is not None:
            causal = _incluir_en_grupo(cmd, cotizante, deps)
            campos |= {"causal_inclusion": causal, "rango_salarial": cotizante.rango_salarial}
        afiliado = Afiliado.registrar(
            afiliado_id=cmd.afiliado_id,
            documento=cmd.documento,
            nombre=cmd.nombre,
            fecha_nacimiento=cmd.fecha_nacimiento,
            sexo=cmd.sexo,
            tipo_afiliado=cmd.tipo_afiliado,
            regimen=cmd.regimen,
            fecha_afiliacion=cmd.fecha_afiliacion or deps.hoy,
            contacto=cmd.contacto,
            hoy=deps.hoy,
            cotizante_id=cmd.cotizante_id,
            cotizante=cotizante,
            parentesco=cmd.parentesco,
            ips_primaria_codigo=cmd.ips_primaria_codigo,
            **campos,
        )
        if cotizante is not None and afiliado.causal_inclusion is not None:
            codigo = _codigo_de_inclusion(cmd, deps.hoy)
            radicado = registrar_novedad(
                afiliado,
                codigo,
                deps,
                por_afiliado=cmd.reportada_por_afiliado,
                causal=afiliado.causal_inclusion,
            )
        if not await uow.documentos.reservar(cmd.documento, cmd.afiliado_id):
            raise DocumentoYaRegistrado()
        await uow.afiliados.guardar(afiliado)
        if cotizante is not None and cotizante.cambios:
            await uow.afiliados.guardar(cotizante)
        await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version, radicado)


def _campos_de_registro(cmd: c.RegistrarAfiliado, deps: Dependencias) -> dict[str, Any]:
    campos: dict[str, Any] = {
        "estado_civil": cmd.estado_civil,
        "etnia": cmd.etnia,
        "escolaridad": cmd.escolaridad,
        "nivel_sisben": cmd.nivel_sisben,
        **ficha_ips(deps, cmd.ips_primaria_codigo),
    }
    if cmd.tipo_afiliado is TipoAfiliado.COTIZANTE and cmd.subtipo_cotizante and cmd.ibc:
        liquidacion = liquidar(deps, cmd.subtipo_cotizante, cmd.ibc)
        campos |= {
            "tipo_cotizante": liquidacion["tipo_cotizante"],
            "subtipo_cotizante": cmd.subtipo_cotizante,
            "ibc": cmd.ibc,
            "rango_salarial": liquidacion["rango_salarial"],
            "empleador_id": cmd.empleador_id,
        }
    elif cmd.tipo_afiliado is TipoAfiliado.COTIZANTE and (cmd.subtipo_cotizante or cmd.ibc):
        raise GrupoFamiliarIncoherente(
            "Indique a la vez el tipo de cotizante y el IBC, o ninguno de los dos."
        )
    if cmd.condiciones is not None and cmd.tipo_afiliado is not TipoAfiliado.COTIZANTE:
        campos |= {
            "pariente": cmd.condiciones.pariente,
            "estudiante_tiempo_completo": cmd.condiciones.estudiante_tiempo_completo,
            "discapacidad_permanente": cmd.condiciones.discapacidad_permanente,
        }
    return campos


def _incluir_en_grupo(
    cmd: c.RegistrarAfiliado, cotizante: Afiliado, deps: Dependencias
) -> CausalInclusion | None:
    if cmd.parentesco is None or cotizante.tipo_afiliado is not TipoAfiliado.COTIZANTE:
        return None  # Afiliado.registrar refuses it with the precise reason
    return incluir_en_grupo(
        cotizante,
        deps,
        beneficiario_id=cmd.afiliado_id,
        tipo_afiliado=cmd.tipo_afiliado,
        parentesco=cmd.parentesco,
        fecha_nacimiento=cmd.fecha_nacimiento,
        sexo=cmd.sexo,
        municipio=cmd.contacto.municipio_divipola,
        condiciones=cmd.condiciones or c.CondicionesBeneficiario(),
    )


def _codigo_de_inclusion(cmd: c.RegistrarAfiliado, hoy: date) -> novedades.CodigoNovedad:
    """Novedad 5 for an adicional, 6 for a child reported within its first months (the
    novedad is reported today, whatever the affiliation date), else 4."""
    if cmd.tipo_afiliado is TipoAfiliado.ADICIONAL:
        return novedades.CodigoNovedad.UPC_ADICIONAL
    hijo = cmd.parentesco in (Parentesco.HIJO, Parentesco.HIJASTRO)
    if hijo and meses_cumplidos(cmd.fecha_nacimiento, hoy) < MESES_RECIEN_NACIDO:
        return novedades.CodigoNovedad.BENEFICIARIOS_RECIEN_NACIDOS
    return novedades.CodigoNovedad.BENEFICIARIOS_DIRECTOS


async def actualizar_datos_contacto(
    cmd: c.ActualizarDatosContacto, deps: Dependencias
) -> c.Resultado:
    """Replaces the given contact fields if the affiliate is still at ``version_esperada``.

    A change that changes nothing records no event and returns the current version.
    """
    async with deps.uow as uow:
        afiliado = await cargar(deps, cmd.afiliado_id, cmd.version_esperada)
        if afiliado.actualizar_datos_contacto(cmd.aplicado_a(afiliado.contacto)):
            await uow.afiliados.guardar(afiliado)
            await uow.commit()
    return c.Resultado(afiliado.afiliado_id, afiliado.version)


async def actualizar_datos_personales(
    cmd: c.ActualizarDatosPersonales, deps: Dependencias
) -> c.Resultado:
    """Manual 4.1.1: the same data for every selected person, in one transaction.

    Each person must still be at the version the client read; if any moved, nothing is
    written (409). The result names the first person and carries every version.
    """
    if not cmd.personas:
        raise GrupoFamiliarIncoherente("Seleccione al menos una persona para actualizar.")
    async with deps.uow as uow:
        afiliados, cambiados = [], 0
        for persona in cmd.personas:
            afiliado = await cargar(deps, persona.afiliado_id, persona.version_esperada)
            afiliado.actualizar_datos_contacto(cmd.contacto)
            afiliado.actualizar_datos_sociodemograficos(cmd.etnia, cmd.escolaridad)
            if afiliado.cambios:
                await uow.afiliados.guardar(afiliado)
                cambiados += 1
            afiliados.append(afiliado)
        if cambiados:
            await uow.commit()
    primero = afiliados[0]
    versiones = tuple((a.afiliado_id, a.version) for a in afiliados)
    return c.Resultado(primero.afiliado_id, primero.version, versiones=versiones)
