"""A real SMTP server inside the test process, keeping what it receives in memory.

Tests of a service that sends e-mail point its SMTP settings at ``BuzonSmtp().port`` and
read the messages the server actually accepted (parsed, with their raw bytes), never a
mock of the client. It can be created on a port before being started, so a test can let a
sender fail against a closed port first and open the mailbox later.

Needs ``aiosmtpd`` (in the workspace's ``dev`` group). Use the ``buzon_smtp`` fixture, or
the class as a context manager.
"""

from __future__ import annotations

import asyncio
import logging
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from typing import Any, cast

import pytest
from aiosmtpd.controller import Controller


def puerto_libre() -> int:
    """A TCP port of 127.0.0.1 nobody listens on right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@dataclass(frozen=True)
class CorreoRecibido:
    remitente: str
    destinatarios: tuple[str, ...]
    crudo: bytes

    @property
    def mensaje(self) -> EmailMessage:
        return BytesParser(policy=policy.default).parsebytes(self.crudo)

    @property
    def asunto(self) -> str:
        return str(self.mensaje["Subject"])

    def cuerpo(self, subtipo: str = "plain") -> str:
        """The ``text/<subtipo>`` part, decoded ("" when there is none)."""
        parte = self.mensaje.get_body(preferencelist=(subtipo,))
        return "" if parte is None else str(cast(EmailMessage, parte).get_content())


class _Guardar:
    def __init__(self, buzon: BuzonSmtp) -> None:
        self.buzon = buzon

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        correo = CorreoRecibido(
            remitente=str(envelope.mail_from),
            destinatarios=tuple(str(r) for r in envelope.rcpt_tos),
            crudo=bytes(envelope.original_content or envelope.content),
        )
        with self.buzon._cerrojo:
            self.buzon._recibidos.append(correo)
        return "250 OK"


class BuzonSmtp:
    """An SMTP server on 127.0.0.1:``port`` (a free one by default) storing in memory."""

    def __init__(self, port: int | None = None) -> None:
        self.port = port or puerto_libre()
        self._recibidos: list[CorreoRecibido] = []
        self._cerrojo = threading.Lock()
        self._controlador: Controller | None = None

    @property
    def recibidos(self) -> list[CorreoRecibido]:
        with self._cerrojo:
            return list(self._recibidos)

    def iniciar(self) -> None:
        if self._controlador is None:
            # aiosmtpd logs each command (recipients included) at INFO: the server is the
            # test's, not the code under test's, and must not muddy assertions on its logs.
            logging.getLogger("mail.log").setLevel(logging.WARNING)
            self._controlador = Controller(_Guardar(self), hostname="127.0.0.1", port=self.port)
            self._controlador.start()

    def detener(self) -> None:
        if self._controlador is not None:
            self._controlador.stop()
            self._controlador = None

    def __enter__(self) -> BuzonSmtp:
        self.iniciar()
        return self

    def __exit__(self, *_: object) -> None:
        self.detener()

    async def esperar(self, cantidad: int = 1, timeout: float = 15.0) -> list[CorreoRecibido]:
        """Waits until at least ``cantidad`` messages arrived; returns them all."""
        limite = time.monotonic() + timeout
        while len(self.recibidos) < cantidad:
            if time.monotonic() > limite:
                raise TimeoutError(
                    f"{len(self.recibidos)} correos recibidos, se esperaban {cantidad}"
                )
            await asyncio.sleep(0.05)
        return self.recibidos


@pytest.fixture
def buzon_smtp() -> Iterator[BuzonSmtp]:
    """A started in-memory SMTP server; its ``port`` is where the code under test sends."""
    with BuzonSmtp() as buzon:
        yield buzon
