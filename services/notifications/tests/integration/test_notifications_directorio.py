"""E-mails addressed by ``afiliado_id`` / ``empleador_id``: affiliation's events on real Kafka
→ the contacts directory; a domain event (``OPSAutorizada``, with an e-mail of a test-only
domain) → ``envios`` → the sender → a real SMTP server. Both orders, redeliveries, rebuilds
and both consumers racing: every e-mail once, none lost."""

import asyncio
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.affiliation import (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    EmpleadorRegistrado,
)
from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.events.identity import PerfilCreado
from eps_contracts.examples import example_of
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.rebuild import rebuild_projection, reset_projection
from eps_runtime.testing.smtp import BuzonSmtp
from notifications.adapters.enviador import Enviador
from notifications.adapters.resumen_envios import resumen
from notifications.bootstrap import Notificaciones
from notifications.domain.correos import message_id

from ..avisos_prueba import CON_OPS, PDF, cargador, registro_con_prueba
from ..conftest import Armar, PonerseAlDia, Publicar, envios, olvidar_lo_procesado

pytestmark = pytest.mark.integration


@pytest.fixture
def notificaciones(armar: Armar) -> Notificaciones:
    """The service with the test domain's e-mails and its topic subscribed."""
    return armar(registro=registro_con_prueba(), plantillas=cargador(), correos=CON_OPS)


def registrado(email: str | None = "ana.perez@example.com", **cambios: Any) -> AfiliadoRegistrado:
    evento = example_of(AfiliadoRegistrado)
    return evento.model_copy(update={"afiliado_id": uuid.uuid4(), "email": email, **cambios})


def ops_de(afiliado: AfiliadoRegistrado) -> OPSAutorizada:
    evento = example_of(OPSAutorizada)
    return evento.model_copy(update={"ops_id": uuid.uuid4(), "afiliado_id": afiliado.afiliado_id})


def contacto(afiliado: AfiliadoRegistrado, email: str | None) -> DatosContactoActualizados:
    return DatosContactoActualizados(afiliado_id=afiliado.afiliado_id, email=email)


async def directorio(motor: AsyncEngine) -> list[tuple[Any, ...]]:
    async with motor.connect() as conn:
        filas = await conn.execute(
            text("SELECT tipo, persona_id, version, email, nombre FROM directorio_contactos")
        )
        return sorted(tuple(f) for f in filas)


async def test_ops_de_un_afiliado_conocido_llega_a_su_correo_con_su_nombre_y_el_pdf(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
) -> None:
    ana = registrado()
    await publicar(ana)
    evento_id = await publicar(ops_de(ana))

    assert await ponerse_al_dia() == 2  # the directory's consumers run first
    assert await enviador.enviar_pendientes() == 1

    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("ana.perez@example.com",)
    assert correo.asunto == "Autorización AUT-2026-000123 - Oficina Virtual"
    assert correo.mensaje["Message-ID"] == message_id(evento_id, "ops-autorizada")
    assert "Estimado(a) Señor(a) Ana María Pérez Gómez:" in correo.cuerpo("plain")
    assert "por $20.100 vence el 23 de diciembre de 2026." in correo.cuerpo("plain")
    [adjunto] = list(correo.mensaje.iter_attachments())
    assert adjunto.get_filename() == "OPS-AUT-2026-000123.pdf"
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_content() == PDF


async def test_ops_que_llega_antes_que_el_afiliado_espera_y_sale_una_vez_cuando_se_conoce(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    notificaciones: Notificaciones,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
    motor: AsyncEngine,
) -> None:
    ana = registrado(email="ana.vieja@example.com")
    autorizada = ops_de(ana)
    ops = await publicar(autorizada)
    assert await ponerse_al_dia(notificaciones.proyecciones_correos()) == 1
    [fila] = await envios(motor)
    assert (fila.estado, fila.destinatario, fila.texto) == ("esperando_contacto", None, None)
    assert await enviador.enviar_pendientes() == 0  # nothing to send while it waits

    registro = await publicar(ana)
    await publicar(contacto(ana, "ana.nueva@example.com"), version=2)
    assert await ponerse_al_dia(notificaciones.proyecciones_directorio()) == 2
    [fila] = await envios(motor)
    assert (fila.estado, fila.destinatario, fila.evento_datos) == (
        "pendiente",
        "ana.nueva@example.com",  # the contact as the directory's batch left it
        None,
    )
    assert await enviador.enviar_pendientes() == 1

    # The relay published both again, and a rebuild reads every topic from the start.
    await publicar(autorizada, event_id=ops)
    await publicar(ana, event_id=registro)
    await olvidar_lo_procesado(motor)
    assert await ponerse_al_dia() == 3
    assert await enviador.enviar_pendientes() == 0

    await asyncio.sleep(0.3)  # time for a wrong second message to arrive
    [correo] = buzon_smtp.recibidos
    assert correo.destinatarios == ("ana.nueva@example.com",)
    assert correo.mensaje["Message-ID"] == message_id(ops, "ops-autorizada")
    assert [a.get_content() for a in correo.mensaje.iter_attachments()] == [PDF]
    [fila] = await envios(motor)
    assert (fila.estado, fila.intentos) == ("enviado", 1)


async def test_afiliado_sin_correo_deja_el_correo_no_enviable_en_ambos_ordenes_sin_reintentos(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    notificaciones: Notificaciones,
    enviador: Enviador,
    motor: AsyncEngine,
) -> None:
    conocida, desconocida = registrado(email=None), registrado(email=None)
    await publicar(conocida)
    await publicar(ops_de(conocida))  # the directory knows her first
    await publicar(ops_de(desconocida))  # the e-mail first, then the person
    await ponerse_al_dia()
    await publicar(desconocida)
    await ponerse_al_dia(notificaciones.proyecciones_directorio())

    # An address learnt later does not revive them: they are not retried.
    await publicar(contacto(conocida, "tarde@example.com"), version=2)
    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 0
    filas = await envios(motor)
    assert [(f.estado, f.motivo, f.destinatario) for f in filas] == [
        ("no_enviable", "sin_correo", None)
    ] * 2
    [estado] = await resumen(motor)
    assert (estado.estado, estado.motivo, estado.cantidad) == ("no_enviable", "sin_correo", 2)


async def test_perfil_creado_llega_al_correo_del_empleador_con_su_razon_social(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
) -> None:
    await publicar(example_of(PerfilCreado))  # before the employer is known
    await ponerse_al_dia()
    await publicar(example_of(EmpleadorRegistrado))
    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 1
    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("nomina@pacifico.example.com",)
    assert "Estimado(a) Señor(a) Comercializadora del Pacífico S.A.S.:" in correo.cuerpo("plain")
    assert "Perfil Nómina creado." in correo.cuerpo("plain")


async def test_reconstruir_el_directorio_lo_deja_igual_y_completa_lo_que_espera_sin_reenviar(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    notificaciones: Notificaciones,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
    motor: AsyncEngine,
    kafka_bootstrap: str,
) -> None:
    ana = registrado()
    await publicar(ana)
    await publicar(example_of(EmpleadorRegistrado))
    primera = await publicar(ops_de(ana))
    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 1
    antes = await directorio(motor)
    assert len(antes) == 2

    # The directory is emptied; an e-mail for Ana arrives before the rebuild re-learns her.
    for proyeccion in notificaciones.proyecciones_directorio():
        await reset_projection(motor, proyeccion)
    segunda = await publicar(ops_de(ana))
    await ponerse_al_dia(notificaciones.proyecciones_correos())
    assert [f.estado for f in await envios(motor)] == ["enviado", "esperando_contacto"]

    for proyeccion in notificaciones.proyecciones_directorio():
        await rebuild_projection(motor, proyeccion, kafka_bootstrap, progress=False)
    assert await directorio(motor) == antes
    assert await enviador.enviar_pendientes() == 1
    correos = await buzon_smtp.esperar(2)
    await asyncio.sleep(0.3)
    assert sorted(c.mensaje["Message-ID"] for c in buzon_smtp.recibidos) == sorted(
        [message_id(primera, "ops-autorizada"), message_id(segunda, "ops-autorizada")]
    )
    assert {c.destinatarios for c in correos} == {("ana.perez@example.com",)}


async def test_directorio_y_correos_a_la_vez_cada_ops_sale_una_vez_a_su_afiliado(
    publicar: Publicar,
    notificaciones: Notificaciones,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
    motor: AsyncEngine,
    kafka_bootstrap: str,
) -> None:
    personas = [registrado(email=f"afiliado{i}@example.com") for i in range(40)]
    for i, persona in enumerate(personas):  # half the OPS before their affiliate, half after
        if i % 2:
            await publicar(ops_de(persona))
        await publicar(persona)
        if not i % 2:
            await publicar(ops_de(persona))

    # Both consumers at once, in small batches, so their transactions interleave.
    consumidores = [
        ExactlyOnceConsumer(
            projection=p, engine=motor, bootstrap_servers=kafka_bootstrap, batch_size=3
        )
        for p in notificaciones.proyecciones()
    ]
    await asyncio.gather(*(c.run_until_caught_up() for c in consumidores))

    filas = await envios(motor)
    assert len(filas) == 40
    assert {f.estado for f in filas} == {"pendiente"}  # none left waiting
    while await enviador.enviar_pendientes():
        pass
    recibidos = await buzon_smtp.esperar(40)
    destinos = sorted(d for c in recibidos for d in c.destinatarios)
    assert destinos == sorted(p.email for p in personas if p.email)
