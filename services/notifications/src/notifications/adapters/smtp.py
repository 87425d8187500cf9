"""Sending one composed e-mail through an SMTP server (aiosmtplib).

The message carries a Message-ID derived from (event, template) only, so the same e-mail
sent twice is recognisable as one by the receiving side and by whoever reads the logs.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from email.message import EmailMessage
from email.utils import format_datetime
from typing import Literal

import aiosmtplib

from notifications.domain.correos import Adjunto


@dataclass(frozen=True)
class ServidorSmtp:
    host: str = "127.0.0.1"
    port: int = 1025
    tls: Literal["ninguno", "starttls", "implicito"] = "ninguno"
    usuario: str | None = None
    clave: str | None = None
    timeout_segundos: float = 30.0

    async def enviar(self, mensaje: EmailMessage) -> None:
        """Returns once the server accepted the message; raises on any refusal or outage."""
        await aiosmtplib.send(
            mensaje,
            hostname=self.host,
            port=self.port,
            use_tls=self.tls == "implicito",
            start_tls=self.tls == "starttls",
            username=self.usuario,
            password=self.clave,
            timeout=self.timeout_segundos,
        )


def construir_mensaje(
    *,
    remitente: str,
    destinatario: str,
    asunto: str,
    texto: str,
    html: str | None,
    message_id: str,
    fecha: datetime,
    adjuntos: Sequence[Adjunto] = (),
) -> EmailMessage:
    """A multipart/alternative message (plain text first, HTML second) in UTF-8; with
    attachments, that message and the files inside a multipart/mixed one."""
    mensaje = EmailMessage()
    mensaje["From"] = remitente
    mensaje["To"] = destinatario
    mensaje["Subject"] = asunto
    mensaje["Date"] = format_datetime(fecha)
    mensaje["Message-ID"] = message_id
    mensaje["Auto-Submitted"] = "auto-generated"
    mensaje.set_content(texto)
    if html is not None:
        mensaje.add_alternative(html, subtype="html")
    for adjunto in adjuntos:
        principal, secundario = adjunto.mime.split("/", 1)
        mensaje.add_attachment(
            adjunto.contenido, maintype=principal, subtype=secundario, filename=adjunto.nombre
        )
    return mensaje
