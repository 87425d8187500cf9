"""Filing, prórrogas, overlaps, validation and payment on in-memory fakes."""

from datetime import date
from uuid import UUID, uuid4

import pytest

from eps_contracts.events.incapacities import IncapacidadLiquidada, IncapacidadRadicada
from eps_contracts.types import TipoCotizante
from eps_runtime.archivos import validar_archivo
from eps_runtime.auth import Llamante, Rol
from eps_runtime.errores import ConflictoDeEstado, DatosInvalidos, NoEncontrado, Prohibido
from eps_runtime.permisos import PERMISO_GESTIONAR_INCAPACIDADES
from incapacities.adapters.memoria import AlmacenEnMemoria
from incapacities.application.comandos import (
    DecidirIncapacidad,
    ImpugnarLiquidacion,
    PagarIncapacidades,
    RadicarIncapacidad,
    RegistrarCuentaReembolso,
)
from incapacities.application.consultas import buscar, detalle
from incapacities.bootstrap import Aplicacion

from .conftest import EMPLEADOR, cotizante_al_dia, pdf_valido

PDF = pdf_valido()
EMPRESA = Llamante(usuario_id="e1", rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)

Par = tuple[Aplicacion, AlmacenEnMemoria]


def radicar(
    cotizante_id: UUID,
    inicio: date,
    dias: int,
    diagnostico: str = "J06.9",
    contingencia: str = "ENFERMEDAD_GENERAL",
    llamante: Llamante = EMPRESA,
) -> RadicarIncapacidad:
    return RadicarIncapacidad(
        llamante=llamante,
        cotizante_id=cotizante_id,
        contingencia=contingencia,
        diagnostico=diagnostico,
        fecha_inicio=inicio,
        dias=dias,
        profesional="Dra. Laura Gómez, RM 12345",
        ips="IPS Centro",
        certificado=validar_archivo("certificado.pdf", PDF),
    )


async def test_el_empleador_radica_y_recibe_folios_consecutivos(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    primera = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3))
    segunda = await app.ejecutar(radicar(cotizante, date(2026, 3, 10), 2, diagnostico="M54.5"))
    assert (primera.folio, segunda.folio) == (1, 2)
    # 15 días hábiles desde el viernes 20 de marzo: el lunes festivo 23 (San José) y la
    # Semana Santa (2 y 3 de abril) no cuentan.
    assert primera.decidir_antes == date(2026, 4, 15)
    assert [type(e) for e in estado.eventos.streams[primera.incapacidad_id]] == [
        IncapacidadRadicada
    ]


async def test_prorroga_del_mismo_grupo_dentro_de_30_dias_acumula_dias(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    primera = await app.ejecutar(radicar(cotizante, date(2026, 2, 1), 10, "J06.9"))
    # termina el 10 de febrero; el 12 de marzo es el día 30 después
    prorroga = await app.ejecutar(radicar(cotizante, date(2026, 3, 12), 5, "J02.9"))
    assert (prorroga.prorroga_de, prorroga.dias_acumulados) == (primera.incapacidad_id, 15)


async def test_la_que_empieza_el_dia_31_no_es_prorroga(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    await app.ejecutar(radicar(cotizante, date(2026, 2, 1), 10, "J06.9"))
    nueva = await app.ejecutar(radicar(cotizante, date(2026, 3, 13), 5, "J06.9"))
    assert (nueva.prorroga_de, nueva.dias_acumulados) == (None, 5)


async def test_otro_grupo_de_diagnostico_no_es_prorroga(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    await app.ejecutar(radicar(cotizante, date(2026, 2, 1), 10, "J06.9"))
    nueva = await app.ejecutar(radicar(cotizante, date(2026, 2, 12), 5, "M54.5"))
    assert nueva.prorroga_de is None


async def test_certificados_superpuestos_se_rechazan(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 10))
    with pytest.raises(ConflictoDeEstado, match="se cruzan"):
        await app.ejecutar(radicar(cotizante, date(2026, 3, 11), 3))


async def test_origen_laboral_se_remite_a_la_arl(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    with pytest.raises(DatosInvalidos, match="ARL") as error:
        await app.ejecutar(
            radicar(
                cotizante_al_dia(estado), date(2026, 3, 2), 3, contingencia="ENFERMEDAD_LABORAL"
            )
        )
    assert error.value.codigo == "origen-laboral"


async def test_codigo_cie10_inexistente_se_rechaza(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    with pytest.raises(DatosInvalidos, match="CIE-10"):
        await app.ejecutar(radicar(cotizante_al_dia(estado), date(2026, 3, 2), 3, "Z99.99"))


async def test_delegado_sin_permiso_recibe_403_y_otro_empleador_404(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    delegado = Llamante(usuario_id="d", rol=Rol.DELEGADO, empleador_id=EMPLEADOR)
    with pytest.raises(Prohibido):
        await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3, llamante=delegado))
    otro = Llamante(usuario_id="o", rol=Rol.EMPLEADOR, empleador_id=uuid4())
    with pytest.raises(NoEncontrado):
        await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3, llamante=otro))
    con_permiso = Llamante(
        usuario_id="d2",
        rol=Rol.DELEGADO,
        empleador_id=EMPLEADOR,
        permisos=frozenset({PERMISO_GESTIONAR_INCAPACIDADES}),
    )
    assert (await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3, llamante=con_permiso))).folio


async def test_el_independiente_radica_la_suya_y_nadie_mas_la_ve(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado, tipo=TipoCotizante.INDEPENDIENTE)
    yo = Llamante(usuario_id="i", rol=Rol.AFILIADO, afiliado_id=cotizante)
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3, llamante=yo))
    assert (await detalle(app.nueva_unidad_de_trabajo(), yo, radicada.incapacidad_id)).folio == 1
    extrano = Llamante(usuario_id="x", rol=Rol.AFILIADO, afiliado_id=uuid4())
    with pytest.raises(NoEncontrado):
        await detalle(app.nueva_unidad_de_trabajo(), extrano, radicada.incapacidad_id)
    with pytest.raises(NoEncontrado):
        await detalle(app.nueva_unidad_de_trabajo(), EMPRESA, radicada.incapacidad_id)
    assert await buscar(app.nueva_unidad_de_trabajo(), extrano, None, None) == []


async def test_liquidada_y_pagada_al_aportante(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3))
    fila = await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    assert (fila.estado, fila.valor_eps) == ("LIQUIDADA", 66_670)
    lote = PagarIncapacidades("L-1", date(2026, 3, 25), (radicada.incapacidad_id,))
    with pytest.raises(ConflictoDeEstado, match="cuenta bancaria"):
        await app.ejecutar(lote)
    cuenta = await app.ejecutar(
        RegistrarCuentaReembolso(EMPRESA, "Banco de Occidente", "AHORROS", "0123456789")
    )
    assert cuenta.enmascarada == "****6789"
    [pagada] = await app.ejecutar(
        PagarIncapacidades("L-1", date(2026, 3, 25), (radicada.incapacidad_id,))
    )
    assert pagada.estado == "PAGADA"
    with pytest.raises(ConflictoDeEstado):
        await app.ejecutar(PagarIncapacidades("L-2", date(2026, 3, 26), (radicada.incapacidad_id,)))


async def test_menos_de_cuatro_semanas_cotizadas_la_rechaza(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado, periodos=())
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 5))
    fila = await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    assert fila.estado == "RECHAZADA" and "4 semanas" in (fila.motivo or "")


async def test_mora_al_inicio_deja_la_incapacidad_sin_subsidio(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    estado.moras[cotizante] = ("2026-02",)
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 5))
    fila = await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    assert fila.estado == "SIN SUBSIDIO" and "mora" in (fila.motivo or "")


async def test_dos_dias_queda_sin_subsidio_por_ser_del_empleador(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    radicada = await app.ejecutar(radicar(cotizante_al_dia(estado), date(2026, 3, 2), 2))
    fila = await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    assert fila.estado == "SIN SUBSIDIO"


async def test_desacuerdo_del_aportante_y_reliquidacion(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    cotizante = cotizante_al_dia(estado)
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 3, 2), 3))
    await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    await app.ejecutar(ImpugnarLiquidacion(EMPRESA, radicada.incapacidad_id, "IBC errado"))
    await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    tipos = [type(e) for e in estado.eventos.streams[radicada.incapacidad_id]]
    assert tipos.count(IncapacidadLiquidada) == 2


async def test_decision_vencida_se_registra_una_sola_vez_como_plazo_incumplido(
    app_y_estado: Par,
) -> None:
    from dataclasses import replace as _replace
    from datetime import timedelta

    from eps_contracts.events.incapacities import PlazoIncapacidadIncumplido
    from incapacities.application.comandos import VigilarPlazos

    app, estado = app_y_estado
    radicada = await app.ejecutar(radicar(cotizante_al_dia(estado), date(2026, 3, 2), 5))
    assert await app.ejecutar(VigilarPlazos()) == 0
    ahora = app.reloj()
    tarde = _replace(app, reloj=lambda: ahora + timedelta(days=40))
    assert await tarde.ejecutar(VigilarPlazos()) == 1
    assert await tarde.ejecutar(VigilarPlazos()) == 0
    tipos = [type(e) for e in estado.eventos.streams[radicada.incapacidad_id]]
    assert tipos.count(PlazoIncapacidadIncumplido) == 1


async def test_plazo_de_decision_cruza_navidad_ano_nuevo_y_reyes_trasladado_al_lunes() -> None:
    from datetime import datetime

    from eps_contracts.nombres import ZONA_COLOMBIA
    from incapacities.bootstrap import bootstrap_en_memoria

    # Radicada el miércoles 23-dic-2026: no cuentan el 25-dic, el 1-ene ni el lunes 11-ene
    # (Reyes, 6-ene trasladado por Ley Emiliani): 15 días hábiles = lunes 18-ene-2027.
    app, estado = bootstrap_en_memoria(
        reloj=lambda: datetime(2026, 12, 23, 16, 59, tzinfo=ZONA_COLOMBIA)
    )
    radicada = await app.ejecutar(radicar(cotizante_al_dia(estado), date(2026, 12, 21), 3))
    assert radicada.decidir_antes == date(2027, 1, 18)


async def test_plazo_de_pago_salta_la_asuncion_trasladada_al_lunes() -> None:
    from datetime import datetime

    from eps_contracts.nombres import ZONA_COLOMBIA
    from incapacities.bootstrap import bootstrap_en_memoria

    # Liquidada el viernes 14-ago-2026; el lunes 17 es festivo (Asunción, 15-ago trasladado):
    # 5 días hábiles = lunes 24-ago.
    app, estado = bootstrap_en_memoria(
        reloj=lambda: datetime(2026, 8, 14, 9, 0, tzinfo=ZONA_COLOMBIA)
    )
    cotizante = cotizante_al_dia(estado, periodos=("2026-06", "2026-07"))
    radicada = await app.ejecutar(radicar(cotizante, date(2026, 8, 3), 5))
    fila = await app.ejecutar(DecidirIncapacidad(radicada.incapacidad_id))
    assert fila.pagar_antes == date(2026, 8, 24)


async def test_un_dependiente_no_registra_la_cuenta_de_su_empleador(app_y_estado: Par) -> None:
    app, estado = app_y_estado
    dependiente = cotizante_al_dia(estado)
    yo = Llamante(usuario_id="a", rol=Rol.AFILIADO, afiliado_id=dependiente)
    with pytest.raises(Prohibido):
        await app.ejecutar(RegistrarCuentaReembolso(yo, "Banco", "AHORROS", "0123456789"))
