"""The local SMTP sink: a real SMTP server that keeps every message as an ``.eml`` file.

    python -m notifications.dev.sink servir [--puerto 1025] [--dir .cache/smtp]
    python -m notifications.dev.sink ver [--ultimo] [--dir .cache/smtp]

(``--dir`` defaults to ``$NOTIFICATIONS_SINK_DIR``, else ``.cache/smtp``.)

``servir`` listens on 127.0.0.1 (development and tests only: it accepts mail for anyone and
delivers it nowhere). Each message is written, exactly as received, to a temporary file in
the same directory and renamed to ``<utc time>-<id>.eml`` once complete, so a reader never
sees half a message. ``ver`` lists what arrived (fecha, para, asunto) or prints the last
message, which is how a person reads the registration e-mail of the local stack.
"""

from __future__ import annotations

import argparse
import os
import signal
import tempfile
import threading
import uuid
from collections.abc import Sequence
from datetime import UTC, datetime
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path
from typing import Any, cast

from aiosmtpd.controller import Controller

from eps_runtime.logging import configure_logging, get_logger

# NOTIFICATIONS_SINK_DIR lets a test stack keep its mail apart from the developer's.
DIRECTORIO = Path(os.environ.get("NOTIFICATIONS_SINK_DIR", ".cache/smtp"))


class GuardarEnDirectorio:
    """aiosmtpd handler: one ``.eml`` per accepted message, written atomically."""

    def __init__(self, directorio: Path) -> None:
        self.directorio = directorio
        directorio.mkdir(parents=True, exist_ok=True)

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        guardar(self.directorio, bytes(envelope.original_content or envelope.content))
        return "250 OK"


def guardar(directorio: Path, crudo: bytes) -> Path:
    nombre = f"{datetime.now(UTC):%Y%m%dT%H%M%S%f}-{uuid.uuid4().hex[:8]}.eml"
    fd, temporal = tempfile.mkstemp(dir=directorio, prefix=".", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as archivo:
            archivo.write(crudo)
            archivo.flush()
            os.fsync(archivo.fileno())
        destino = directorio / nombre
        os.replace(temporal, destino)
        return destino
    except BaseException:
        Path(temporal).unlink(missing_ok=True)
        raise


def mensajes(directorio: Path) -> list[Path]:
    """The stored messages, oldest first."""
    return sorted(directorio.glob("*.eml")) if directorio.exists() else []


def leer(ruta: Path) -> EmailMessage:
    return BytesParser(policy=policy.default).parsebytes(ruta.read_bytes())


def listar(directorio: Path) -> str:
    filas = [f"{'fecha':<32}  {'para':<40}  asunto"]
    for ruta in mensajes(directorio):
        mensaje = leer(ruta)
        filas.append(
            f"{mensaje.get('Date', ''):<32}  {mensaje.get('To', ''):<40}  "
            f"{mensaje.get('Subject', '')}"
        )
    return "\n".join(filas)


def mostrar(ruta: Path) -> str:
    """Headers a person needs and the plain-text body (the HTML part if there is none)."""
    mensaje = leer(ruta)
    cabeceras = [
        f"{nombre}: {mensaje.get(cabecera, '')}"
        for nombre, cabecera in (
            ("De", "From"),
            ("Para", "To"),
            ("Fecha", "Date"),
            ("Asunto", "Subject"),
            ("Message-ID", "Message-ID"),
        )
    ]
    cuerpo = mensaje.get_body(preferencelist=("plain", "html"))
    texto = "" if cuerpo is None else str(cast(EmailMessage, cuerpo).get_content())
    return "\n".join([*cabeceras, f"Archivo: {ruta}", "", texto])


def servir(puerto: int, directorio: Path) -> None:
    controlador = Controller(GuardarEnDirectorio(directorio), hostname="127.0.0.1", port=puerto)
    detener = threading.Event()
    for senal in (signal.SIGTERM, signal.SIGINT):
        signal.signal(senal, lambda *_: detener.set())
    controlador.start()
    # A process of the stack: its log is JSON like every other (the ``ver`` command prints
    # for a person instead).
    configure_logging("smtp-sink")
    get_logger(__name__).info("smtp_sink_escuchando", puerto=puerto, directorio=str(directorio))
    try:
        detener.wait()
    finally:
        controlador.stop()


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m notifications.dev.sink", description=__doc__)
    comandos = parser.add_subparsers(dest="comando", required=True)
    p_servir = comandos.add_parser("servir", help="recibe correos por SMTP y los guarda")
    p_servir.add_argument("--puerto", type=int, default=1025)
    p_servir.add_argument("--dir", type=Path, default=DIRECTORIO)
    p_ver = comandos.add_parser("ver", help="lista los correos guardados")
    p_ver.add_argument("--ultimo", action="store_true", help="muestra el último correo")
    p_ver.add_argument("--dir", type=Path, default=DIRECTORIO)
    args = parser.parse_args(argv)
    if args.comando == "servir":
        servir(args.puerto, args.dir)
        return 0
    if args.ultimo:
        guardados = mensajes(args.dir)
        if not guardados:
            print(f"no hay correos en {args.dir}")
            return 1
        print(mostrar(guardados[-1]))
        return 0
    print(listar(args.dir))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
