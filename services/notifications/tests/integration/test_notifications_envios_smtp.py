"""Identity's events on real Kafka → the real consumers → ``envios`` → the sender → a real
SMTP server; ``NotificacionEnviada`` → the relay → Kafka."""

import asyncio
import io
import json
import logging
import uuid
from typing import Any

import pytest
import structlog
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.catalog import topic_for
from eps_contracts.codec import from_envelope
from eps_contracts.envelope import from_kafka_record
from eps_contracts.events.identity import (
    ContrasenaCambiada,
    DelegadoCreado,
    UsuarioRegistrado,
)
from eps_contracts.events.notifications import NotificacionEnviada
from eps_contracts.examples import example_of
from eps_runtime import consumer as runtime_consumer
from eps_runtime.enlaces import cifrar_enlace
from eps_runtime.kafka import ensure_topics
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.relay import OutboxRelay
from eps_runtime.testing.kafka import read_topic
from eps_runtime.testing.smtp import BuzonSmtp, puerto_libre
from eps_runtime.testing.wait import eventually
from notifications.adapters import enviador as adaptador_enviador
from notifications.adapters.enviador import Enviador
from notifications.domain.correos import message_id, notificacion_id

from ..conftest import (
    CLAVE,
    PonerseAlDia,
    Publicar,
    envios,
    nuevo_enviador,
    olvidar_lo_procesado,
)

pytestmark = pytest.mark.integration

ENLACE = "https://oficinavirtual.eps.example/contrasena?token=tk-9f8e7d6c5b4a3210"


def usuario_registrado(**cambios: Any) -> UsuarioRegistrado:
    evento = example_of(UsuarioRegistrado)
    cambios.setdefault("enlace", cifrar_enlace(ENLACE, CLAVE))
    return evento.model_copy(update=cambios)


async def test_usuario_registrado_envia_un_correo_con_el_enlace_para_crear_contrasena(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
) -> None:
    evento_id = await publicar(usuario_registrado())

    assert await ponerse_al_dia() == 1
    assert await enviador.enviar_pendientes() == 1

    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("ana.perez@example.com",)
    assert correo.asunto == "Registro usuario - Oficina Virtual"
    assert correo.mensaje["Message-ID"] == message_id(evento_id, "registro-usuario")
    texto, html = correo.cuerpo("plain"), correo.cuerpo("html")
    assert "Estimado(a) Señor(a) Ana María Pérez Gómez" in texto
    assert "bienvenida a nuestra Oficina Virtual" in texto
    assert ENLACE in texto
    assert f'href="{ENLACE}"' in html
    assert "23 de noviembre de 2026 a las 10:00 a. m." in texto
    assert "personal e intransferible" in texto


async def test_evento_repetido_no_envia_un_segundo_correo(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
    motor: AsyncEngine,
) -> None:
    evento_id = await publicar(usuario_registrado())
    await publicar(usuario_registrado(), event_id=evento_id)  # the relay published it twice
    assert await ponerse_al_dia() == 1
    assert await enviador.enviar_pendientes() == 1

    # Even with the consumer records gone (a rebuild reads the topics again), the unique
    # (event, template) key keeps the e-mail sent once.
    await olvidar_lo_procesado(motor)
    assert await ponerse_al_dia() == 1
    assert await enviador.enviar_pendientes() == 0

    await asyncio.sleep(0.3)  # time for a wrong second message to arrive
    assert len(buzon_smtp.recibidos) == 1
    [fila] = await envios(motor)
    assert (fila.evento_id, fila.estado, fila.intentos) == (evento_id, "enviado", 1)


async def test_smtp_caido_reintenta_y_no_pierde_el_correo(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, motor: AsyncEngine
) -> None:
    buzon = BuzonSmtp(puerto_libre())  # nobody listens on its port yet
    enviador = nuevo_enviador(motor, buzon.port, backoff_base_segundos=0.05)
    await publicar(usuario_registrado())
    await ponerse_al_dia()
    stop = asyncio.Event()
    tarea = asyncio.create_task(enviador.run(stop))
    try:
        [fila] = await eventually(
            lambda: envios(motor), until=lambda filas: filas[0].intentos >= 3, timeout=10
        )
        assert fila.estado == "pendiente"
        assert fila.ultimo_error  # the error's type, kept for whoever looks
        assert fila.proximo_intento_en > fila.creado_en

        with buzon:
            [correo] = await buzon.esperar(1, timeout=10)
            [fila] = await eventually(
                lambda: envios(motor), until=lambda filas: filas[0].estado == "enviado"
            )
    finally:
        stop.set()
        await tarea
    assert correo.asunto == "Registro usuario - Oficina Virtual"
    assert fila.intentos >= 4 and fila.enviado_en is not None
    assert enviador.fallos == fila.intentos - 1


async def test_cada_envio_publica_notificacion_enviada(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    enviador: Enviador,
    buzon_smtp: BuzonSmtp,
    notifications_database_url: str,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    registrado = await publicar(usuario_registrado())
    cambiada = await publicar(example_of(ContrasenaCambiada), version=3)
    delegado = example_of(DelegadoCreado).model_copy(
        update={"enlace": cifrar_enlace(ENLACE, CLAVE)}
    )
    creado = await publicar(delegado)
    assert await ponerse_al_dia() == 3
    assert await enviador.enviar_pendientes() == 3
    await buzon_smtp.esperar(3)

    topico = topic_prefix + topic_for(NotificacionEnviada).name
    await ensure_topics(kafka_bootstrap, [topico])
    relay = OutboxRelay(
        service="notifications",
        database_url=notifications_database_url,
        bootstrap_servers=kafka_bootstrap,
        topic_prefix=topic_prefix,
    )
    stop = asyncio.Event()
    tarea = asyncio.create_task(relay.run(stop))
    try:
        registros = await read_topic(kafka_bootstrap, topico, until=lambda r: len(r) >= 3)
    finally:
        stop.set()
        await tarea

    publicados = {}
    for registro in registros:
        sobre = from_kafka_record(registro.key, registro.value, list(registro.headers))
        evento = from_envelope(sobre)
        assert isinstance(evento, NotificacionEnviada)
        assert sobre.source == "/eps/notifications"
        publicados[(evento.evento_id, evento.plantilla)] = evento
    assert set(publicados) == {
        (registrado, "registro-usuario"),
        (cambiada, "contrasena-cambiada"),
        (creado, "delegado-creado"),
    }
    enviada = publicados[(creado, "delegado-creado")]
    assert enviada.notificacion_id == notificacion_id(creado, "delegado-creado")
    assert enviada.destinatario == "carlos.gomez@pacifico.example.com"
    assert enviada.evento_tipo == DelegadoCreado.ce_type()
    assert enviada.asunto == "Acceso como delegado - Oficina Virtual"


async def test_el_correo_nunca_lleva_una_contrasena_ni_el_enlace_en_los_logs(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    buzon_smtp: BuzonSmtp,
    motor: AsyncEngine,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    salida = io.StringIO()
    raiz = logging.getLogger()
    manejadores, nivel = raiz.handlers[:], raiz.level
    configure_logging("notifications", level="DEBUG", stream=salida)
    structlog.configure(cache_logger_on_first_use=False)  # other tests keep their output
    # Loggers an earlier test already used stay bound to its configuration: fresh ones here.
    for modulo in (adaptador_enviador, runtime_consumer):
        monkeypatch.setattr(modulo, "log", get_logger(modulo.__name__))
    try:
        # One failed attempt (closed port) and one success, so both paths log.
        cerrado = nuevo_enviador(motor, puerto_libre(), backoff_base_segundos=0.01)
        await publicar(usuario_registrado())
        await ponerse_al_dia()
        assert await cerrado.enviar_pendientes() == 0
        await asyncio.sleep(0.05)
        assert await nuevo_enviador(motor, buzon_smtp.port).enviar_pendientes() == 1
        [correo] = await buzon_smtp.esperar(1)
    finally:
        structlog.reset_defaults()
        raiz.handlers[:], raiz.level = manejadores, nivel

    lineas = [json.loads(linea) for linea in salida.getvalue().splitlines()]
    eventos = {linea["event"] for linea in lineas}
    assert {"correo_no_enviado_se_reintentara", "correo_enviado", "events_applied"} <= eventos
    registro = salida.getvalue()
    assert ENLACE not in registro and "tk-9f8e7d6c5b4a3210" not in registro
    assert "ana.perez@example.com" not in registro

    # The e-mail gives a link to set the password, never a password.
    texto = correo.cuerpo("plain")
    assert ENLACE in texto
    assert "Contraseña:" not in texto and "contraseña es:" not in texto.lower()
    # Once sent, the link no longer lives in the database either.
    [fila] = await envios(motor)
    assert fila.texto is None and fila.html is None
    assert uuid.UUID(str(fila.notificacion_id)) == notificacion_id(fila.evento_id, fila.plantilla)
