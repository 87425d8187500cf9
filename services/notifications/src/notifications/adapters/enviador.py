"""The sender worker: delivers the pending rows of ``envios`` through SMTP.

Guarantees:
- Nothing is lost while SMTP is down: a failed send leaves the row pending with its next
  attempt time (exponential backoff from ``backoff_base_segundos``, capped at
  ``backoff_max_segundos``) and the error's type; the worker keeps trying.
- A row is marked sent, its bodies (with the link) and attachments erased and
  ``NotificacionEnviada``
  appended to the service's event store in ONE transaction, after the SMTP server accepted
  the message; the relay publishes that event from the outbox.
- Several workers may run: each row is taken with ``FOR UPDATE SKIP LOCKED`` and held
  until its transaction ends, so no two workers send the same row at the same time.

The one duplicate that cannot be avoided: the worker dies (or the database goes away) after
the SMTP server accepted a message and before the transaction commits. The row is still
pending and the message is sent again. Both copies carry the same ``Message-ID``
(``<notificacion_id@...>``, where ``notificacion_id`` is a UUIDv5 of the event id and the
template), so mail clients and servers that de-duplicate by Message-ID show it once, and
anyone investigating sees the two deliveries are one notification. ``NotificacionEnviada``
is still appended once: only the transaction that commits appends it.

Logs carry the notification id, the event id and the template, never the recipient's
address, the body or the link.
"""

from __future__ import annotations

import asyncio
import contextlib
import uuid
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from opentelemetry.trace import SpanKind
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.events.notifications import NotificacionEnviada
from eps_runtime.eventstore import EventStore
from eps_runtime.logging import get_logger
from eps_runtime.tracing import context_from_traceparent, tracer
from notifications.adapters.smtp import ServidorSmtp, construir_mensaje
from notifications.domain.correos import Adjunto

log = get_logger(__name__)

_TOMAR = text(
    """
    SELECT notificacion_id, evento_id, evento_tipo, plantilla, destinatario, asunto, texto,
           html, adjuntos, message_id, traceparent, intentos
    FROM envios
    WHERE estado = 'pendiente' AND proximo_intento_en <= :ahora
    ORDER BY proximo_intento_en, creado_en
    LIMIT 1
    FOR UPDATE SKIP LOCKED
    """
)
_ENVIADO = text(
    """
    UPDATE envios SET estado = 'enviado', enviado_en = :enviado_en, intentos = intentos + 1,
                      texto = NULL, html = NULL, ultimo_error = NULL
    WHERE notificacion_id = :id
    """
)
_ADJUNTOS = text(
    "SELECT nombre, mime, contenido FROM envios_adjuntos WHERE notificacion_id = :id ORDER BY orden"
)
_BORRAR_ADJUNTOS = text("DELETE FROM envios_adjuntos WHERE notificacion_id = :id")
_REINTENTAR = text(
    """
    UPDATE envios SET intentos = intentos + 1, proximo_intento_en = :proximo,
                      ultimo_error = :error
    WHERE notificacion_id = :id
    """
)

Reloj = Callable[[], datetime]


def _ahora() -> datetime:
    return datetime.now(UTC)


class Enviador:
    def __init__(
        self,
        *,
        engine: AsyncEngine,
        smtp: ServidorSmtp,
        remitente: str,
        lote: int = 50,
        espera_segundos: float = 0.5,
        backoff_base_segundos: float = 2.0,
        backoff_max_segundos: float = 600.0,
        reloj: Reloj = _ahora,
    ) -> None:
        self.engine = engine
        self.smtp = smtp
        self.remitente = remitente
        self.lote = lote
        self.espera_segundos = espera_segundos
        self.backoff_base_segundos = backoff_base_segundos
        self.backoff_max_segundos = backoff_max_segundos
        self.reloj = reloj
        self.store = EventStore()
        self.enviados = 0
        self.fallos = 0
        self._tracer = tracer("notifications.enviador")

    def espera_tras(self, intentos_fallidos: int) -> float:
        """Seconds before the next attempt after ``intentos_fallidos`` failures (≥ 1)."""
        exponente = min(intentos_fallidos - 1, 30)
        return float(min(self.backoff_base_segundos * 2**exponente, self.backoff_max_segundos))

    async def run(self, stop: asyncio.Event) -> None:
        """Sends what is due until ``stop``; pauses when nothing is, or the database is down."""
        while not stop.is_set():
            try:
                enviados = await self.enviar_pendientes()
            except Exception as error:  # the database: retried, nothing is lost
                log.warning("enviador_sin_base_de_datos", error=type(error).__name__)
                enviados = 0
            if enviados == 0:
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(stop.wait(), timeout=self.espera_segundos)

    async def enviar_pendientes(self) -> int:
        """One pass over the due rows (at most ``lote``); returns how many were sent."""
        enviados = 0
        for _ in range(self.lote):
            resultado = await self._enviar_uno()
            if resultado is None:
                break
            enviados += resultado
        return enviados

    async def _enviar_uno(self) -> int | None:
        """Sends the next due row: 1 sent, 0 failed (rescheduled), ``None`` nothing due."""
        async with self.engine.begin() as conn:
            fila = (await conn.execute(_TOMAR, {"ahora": self.reloj()})).first()
            if fila is None:
                return None
            with self._tracer.start_as_current_span(
                "smtp send",
                context=context_from_traceparent(fila.traceparent),
                kind=SpanKind.CLIENT,
                attributes={
                    "notificacion.id": str(fila.notificacion_id),
                    "notificacion.plantilla": fila.plantilla,
                },
            ):
                adjuntos = await self._adjuntos(conn, fila)
                mensaje = construir_mensaje(
                    remitente=self.remitente,
                    destinatario=fila.destinatario,
                    asunto=fila.asunto,
                    texto=fila.texto or "",
                    html=fila.html,
                    message_id=fila.message_id,
                    fecha=self.reloj(),
                    adjuntos=adjuntos,
                )
                try:
                    await self.smtp.enviar(mensaje)
                except Exception as error:
                    await self._reprogramar(conn, fila, error)
                    return 0
                await self._registrar_envio(conn, fila)
                return 1

    async def _adjuntos(self, conn: AsyncConnection, fila: Any) -> list[Adjunto]:
        if not fila.adjuntos:
            return []
        filas = await conn.execute(_ADJUNTOS, {"id": fila.notificacion_id})
        return [Adjunto(f.nombre, f.mime, bytes(f.contenido)) for f in filas]

    async def _reprogramar(self, conn: AsyncConnection, fila: Any, error: Exception) -> None:
        fallidos = fila.intentos + 1
        espera = self.espera_tras(fallidos)
        await conn.execute(
            _REINTENTAR,
            {
                "id": fila.notificacion_id,
                "proximo": self.reloj() + timedelta(seconds=espera),
                # The type and SMTP code only: a server's reply may quote the recipient.
                "error": _describir(error),
            },
        )
        self.fallos += 1
        log.warning(
            "correo_no_enviado_se_reintentara",
            notificacion_id=str(fila.notificacion_id),
            event_id=str(fila.evento_id),
            plantilla=fila.plantilla,
            intentos=fallidos,
            reintento_en_segundos=espera,
            error=_describir(error),
        )

    async def _registrar_envio(self, conn: AsyncConnection, fila: Any) -> None:
        enviado_en = self.reloj()
        await conn.execute(_ENVIADO, {"id": fila.notificacion_id, "enviado_en": enviado_en})
        if fila.adjuntos:
            await conn.execute(_BORRAR_ADJUNTOS, {"id": fila.notificacion_id})
        notificacion_id: uuid.UUID = fila.notificacion_id
        await self.store.append(
            conn,
            stream_id=notificacion_id,
            stream_type=NotificacionEnviada.aggregate_type,
            expected_version=0,
            events=[
                NotificacionEnviada(
                    notificacion_id=notificacion_id,
                    evento_id=fila.evento_id,
                    evento_tipo=fila.evento_tipo,
                    plantilla=fila.plantilla,
                    destinatario=fila.destinatario,
                    asunto=fila.asunto,
                    enviado_en=enviado_en,
                )
            ],
        )
        self.enviados += 1
        log.info(
            "correo_enviado",
            notificacion_id=str(notificacion_id),
            event_id=str(fila.evento_id),
            plantilla=fila.plantilla,
            message_id=fila.message_id,
        )


def _describir(error: BaseException) -> str:
    codigo = getattr(error, "code", None)
    return type(error).__name__ + (f" {codigo}" if isinstance(codigo, int) else "")
