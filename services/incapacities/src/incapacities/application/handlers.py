"""Use cases: one handler per command, one transaction each (HANDLERS is the registry)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

from eps_contracts.events.incapacities import Contingencia
from eps_runtime.calendario import fecha_colombia, sumar_dias_habiles
from incapacities.application.acceso import (
    aportante_que_radica,
    exigir_ver,
    puede_impugnar,
    titular_de_cuenta,
)
from incapacities.application.comandos import (
    DecidirIncapacidad,
    ImpugnarLiquidacion,
    PagarIncapacidades,
    Radicada,
    RadicarIncapacidad,
    RegistrarCuentaReembolso,
    VigilarPlazos,
)
from incapacities.application.puertos import (
    AlmacenCertificados,
    CuentaReembolso,
    Fila,
    UnidadDeTrabajo,
)
from incapacities.domain.cadena import encadenar
from incapacities.domain.derecho import ibc_base, negacion
from incapacities.domain.errores import (
    MENSAJE_LABORAL,
    MENSAJE_NO_ENCONTRADA,
    DiagnosticoDesconocido,
    DiasNoValidos,
    EstadoNoPermite,
    FechaNoValida,
    IncapacidadNoEncontrada,
    OrigenLaboral,
)
from incapacities.domain.incapacidad import Estado, Incapacidad
from incapacities.domain.liquidacion import liquidar
from incapacities.domain.reglas import Reglas
from incapacities.referencia import Diagnostico, normalizar_cie10

SERIE_FOLIO = "folio-incapacidad"
CONTINGENCIAS_LABORALES = frozenset({"ACCIDENTE_DE_TRABAJO", "ENFERMEDAD_LABORAL", "LABORAL"})
DIAS_MAXIMOS_CERTIFICADO = 180


@dataclass(frozen=True)
class Dependencias:
    uow: UnidadDeTrabajo
    ahora: datetime
    reglas: Reglas
    catalogo: dict[str, Diagnostico]
    almacen: AlmacenCertificados
    nueva_uow: Callable[[], UnidadDeTrabajo]


def _contingencia(valor: str) -> Contingencia:
    if valor.upper() in CONTINGENCIAS_LABORALES:
        raise OrigenLaboral(MENSAJE_LABORAL)
    try:
        return Contingencia(valor)
    except ValueError:
        raise DatosInvalidosContingencia() from None


class DatosInvalidosContingencia(OrigenLaboral):
    codigo = "contingencia-no-valida"

    def __init__(self) -> None:
        super().__init__(
            "La contingencia debe ser ENFERMEDAD_GENERAL, LICENCIA_MATERNIDAD o "
            "LICENCIA_PATERNIDAD."
        )


def _validar_dias(contingencia: Contingencia, dias: int, reglas: Reglas) -> None:
    maximo = {
        Contingencia.ENFERMEDAD_GENERAL: DIAS_MAXIMOS_CERTIFICADO,
        Contingencia.LICENCIA_MATERNIDAD: reglas.licencia_maternidad_dias,
        Contingencia.LICENCIA_PATERNIDAD: reglas.licencia_paternidad_dias,
    }[contingencia]
    if not 1 <= dias <= maximo:
        raise DiasNoValidos(f"Los días de esta contingencia deben estar entre 1 y {maximo}.")


async def radicar(cmd: RadicarIncapacidad, d: Dependencias) -> Radicada:
    contingencia = _contingencia(cmd.contingencia)
    diagnostico = d.catalogo.get(normalizar_cie10(cmd.diagnostico))
    if diagnostico is None:
        raise DiagnosticoDesconocido(
            "El código CIE-10 del diagnóstico no existe en el catálogo de la EPS."
        )
    _validar_dias(contingencia, cmd.dias, d.reglas)
    hoy = fecha_colombia(d.ahora)
    if cmd.fecha_inicio > hoy:
        raise FechaNoValida("La fecha de inicio no puede ser posterior a hoy.")
    if (hoy - cmd.fecha_inicio).days > 365:
        raise FechaNoValida("La fecha de inicio no puede ser de hace más de un año.")
    async with d.uow as uow:
        cotizante = await uow.situaciones.cotizante(cmd.cotizante_id)
        aportante_id = aportante_que_radica(cmd.llamante, cotizante)
        await uow.vista.bloquear_cotizante(cmd.cotizante_id)
        cadena = encadenar(
            await uow.vista.periodos(cmd.cotizante_id),
            contingencia,
            diagnostico.grupo,
            cmd.fecha_inicio,
            cmd.dias,
            d.reglas.dias_prorroga,
        )
        folio = await uow.consecutivos.siguiente(SERIE_FOLIO)
        decidir_antes = sumar_dias_habiles(hoy, d.reglas.dias_habiles_decision)
        incapacidad = Incapacidad.radicar(
            incapacidad_id=uuid4(),
            folio=folio,
            cotizante_id=cmd.cotizante_id,
            aportante_id=aportante_id,
            contingencia=contingencia,
            diagnostico=diagnostico.codigo,
            grupo_diagnostico=diagnostico.grupo,
            fecha_inicio=cmd.fecha_inicio,
            dias=cmd.dias,
            prorroga_de=cadena.prorroga_de,
            dias_acumulados=cadena.dias_previos + cmd.dias,
            profesional=cmd.profesional,
            ips=cmd.ips,
            certificado_formato=cmd.certificado.formato.extension,
            certificado_sha256=cmd.certificado.sha256,
            radicada_en=d.ahora,
            decidir_antes=decidir_antes,
        )
        await uow.incapacidades.guardar(incapacidad)
        e = incapacidad.datos
        await uow.vista.guardar(
            Fila(
                incapacidad_id=e.incapacidad_id,
                folio=folio,
                cotizante_id=e.cotizante_id,
                aportante_id=aportante_id,
                contingencia=contingencia,
                diagnostico=e.diagnostico,
                grupo=e.grupo_diagnostico,
                fecha_inicio=e.fecha_inicio,
                dias=e.dias,
                dias_acumulados=e.dias_acumulados,
                prorroga_de=e.prorroga_de,
                estado=Estado.EN_TRAMITE.value,
                decidir_antes=decidir_antes,
                pagar_antes=None,
                motivo=None,
                valor_eps=None,
                version=incapacidad.version,
            )
        )
        d.almacen.guardar(
            e.incapacidad_id, cmd.certificado.formato.extension, cmd.certificado.contenido
        )
        await uow.commit()
    return Radicada(e.incapacidad_id, folio, e.prorroga_de, e.dias_acumulados, decidir_antes)


async def _cargar(uow: UnidadDeTrabajo, incapacidad_id: UUID) -> tuple[Incapacidad, Fila]:
    incapacidad = await uow.incapacidades.obtener(incapacidad_id)
    fila = await uow.vista.obtener(incapacidad_id)
    if incapacidad is None or fila is None:
        raise IncapacidadNoEncontrada(MENSAJE_NO_ENCONTRADA)
    return incapacidad, fila


async def decidir(cmd: DecidirIncapacidad, d: Dependencias) -> Fila:
    async with d.uow as uow:
        incapacidad, fila = await _cargar(uow, cmd.incapacidad_id)
        e = incapacidad.datos
        situacion = await uow.situaciones.situacion(e.cotizante_id)
        no = negacion(situacion, e.fecha_inicio, d.reglas.semanas_minimas)
        ibc = ibc_base(situacion, e.fecha_inicio)
        pagar_antes: date | None = None
        valor: int | None = None
        if no is None and ibc is not None:
            liquidacion = liquidar(
                e.contingencia,
                ibc,
                e.fecha_inicio,
                e.dias,
                e.dias_acumulados - e.dias,
                d.reglas,
            )
            if liquidacion.valor_eps == 0:
                motivo = (
                    "Los días de esta incapacidad están a cargo del fondo de pensiones (desde "
                    "el día 181)."
                    if liquidacion.dias_afp
                    else "Los días 1 y 2 de la incapacidad los paga el empleador: no hay "
                    "subsidio de la EPS."
                )
                causal = "fondo-pensiones" if liquidacion.dias_afp else "solo-dias-empleador"
                incapacidad.sin_subsidio(causal, motivo, d.ahora)
                estado, texto = Estado.SIN_SUBSIDIO, motivo
            else:
                pagar_antes = sumar_dias_habiles(
                    fecha_colombia(d.ahora), d.reglas.dias_habiles_pago
                )
                incapacidad.liquidar(liquidacion, d.ahora, pagar_antes)
                estado, texto, valor = Estado.LIQUIDADA, None, liquidacion.valor_eps
        elif no is not None and not no.rechazo:
            incapacidad.sin_subsidio(no.causal, no.motivo, d.ahora)
            estado, texto = Estado.SIN_SUBSIDIO, no.motivo
        else:
            causal = no.causal if no else "sin-ibc"
            motivo = no.motivo if no else "No hay aportes que permitan determinar el IBC."
            incapacidad.rechazar(causal, motivo, d.ahora)
            estado, texto = Estado.RECHAZADA, motivo
        await uow.incapacidades.guardar(incapacidad)
        nueva = replace(
            fila,
            estado=estado.value,
            motivo=texto,
            valor_eps=valor,
            pagar_antes=pagar_antes,
            version=incapacidad.version,
        )
        await uow.vista.guardar(nueva)
        await uow.commit()
    return nueva


async def impugnar(cmd: ImpugnarLiquidacion, d: Dependencias) -> Fila:
    async with d.uow as uow:
        incapacidad, fila = await _cargar(uow, cmd.incapacidad_id)
        exigir_ver(cmd.llamante, fila)
        if not puede_impugnar(cmd.llamante, fila):
            raise IncapacidadNoEncontrada(MENSAJE_NO_ENCONTRADA)
        incapacidad.impugnar(cmd.motivo, d.ahora)
        await uow.incapacidades.guardar(incapacidad)
        nueva = replace(fila, version=incapacidad.version)
        await uow.vista.guardar(nueva)
        await uow.commit()
    return nueva


async def pagar(cmd: PagarIncapacidades, d: Dependencias) -> list[Fila]:
    pagadas = []
    async with d.uow as uow:
        for incapacidad_id in dict.fromkeys(cmd.incapacidades):
            incapacidad, fila = await _cargar(uow, incapacidad_id)
            if await uow.cuentas.obtener(fila.aportante_id or fila.cotizante_id) is None:
                raise SinCuentaReembolso(
                    f"El aportante de la incapacidad con folio {fila.folio} no ha registrado "
                    "la cuenta bancaria para el pago de incapacidades."
                )
            incapacidad.pagar(cmd.fecha_pago, cmd.lote)
            await uow.incapacidades.guardar(incapacidad)
            nueva = replace(fila, estado=Estado.PAGADA.value, version=incapacidad.version)
            await uow.vista.guardar(nueva)
            pagadas.append(nueva)
        await uow.commit()
    return pagadas


async def vigilar(cmd: VigilarPlazos, d: Dependencias) -> int:
    """One transaction per late incapacity, so one conflict does not undo the others."""
    hoy = fecha_colombia(d.ahora)
    async with d.uow as uow:
        vencidas = [f.incapacidad_id for f in await uow.vista.vencidas(hoy)]
    registrados = 0
    for incapacidad_id in vencidas:
        async with d.nueva_uow() as uow:
            incapacidad = await uow.incapacidades.obtener(incapacidad_id)
            if incapacidad is None or not incapacidad.registrar_plazo_incumplido(hoy, d.ahora):
                continue
            await uow.incapacidades.guardar(incapacidad)
            await uow.commit()
            registrados += 1
    return registrados


class SinCuentaReembolso(EstadoNoPermite):
    codigo = "sin-cuenta-reembolso"


async def registrar_cuenta(cmd: RegistrarCuentaReembolso, d: Dependencias) -> CuentaReembolso:
    cuenta = CuentaReembolso(cmd.banco, cmd.tipo_cuenta, cmd.numero)
    async with d.uow as uow:
        cotizante = (
            await uow.situaciones.cotizante(cmd.llamante.afiliado_id)
            if cmd.llamante.afiliado_id
            else None
        )
        await uow.cuentas.registrar(titular_de_cuenta(cmd.llamante, cotizante), cuenta)
        await uow.commit()
    return cuenta


Handler = Callable[[Any, Dependencias], Awaitable[Any]]
HANDLERS: dict[type, Handler] = {
    RadicarIncapacidad: radicar,
    DecidirIncapacidad: decidir,
    ImpugnarLiquidacion: impugnar,
    PagarIncapacidades: pagar,
    VigilarPlazos: vigilar,
    RegistrarCuentaReembolso: registrar_cuenta,
}
