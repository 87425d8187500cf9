"""A fake CAPTCHA provider over real HTTP on 127.0.0.1: ``siteverify`` as Turnstile, hCaptcha
and reCAPTCHA answer it, served by uvicorn in a thread of the test process.

Tests point ``<SERVICE>_CAPTCHA_URL_VERIFICACION`` at ``SiteverifyFalso.url`` and play the
human with ``emitir()`` (the token a solved widget would hand the browser). Like the real
providers, it accepts each issued token exactly once, for the configured secret only
(``timeout-or-duplicate`` the second time, ``invalid-input-secret`` for another secret), and
remembers every verification it received (``recibidas``). ``averiado = True`` makes it answer
an HTML error page, as a provider behind a failing proxy would.

Use the ``siteverify`` fixture (import it in a conftest), or the class as a context manager.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
import uvicorn
from fastapi import FastAPI, Form
from fastapi.responses import HTMLResponse, JSONResponse, Response

from eps_runtime.testing.smtp import puerto_libre

SECRETO_PRUEBA = "secreto-de-prueba-del-captcha"
RUTA = "/siteverify"


@dataclass(frozen=True)
class Verificacion:
    """One POST the provider received (what the code under test sent)."""

    secreto: str
    token: str
    ip: str | None
    exito: bool


class SiteverifyFalso:
    """The provider on 127.0.0.1:``port`` (a free one by default)."""

    def __init__(self, secreto: str = SECRETO_PRUEBA, port: int | None = None) -> None:
        self.secreto = secreto
        self.port = port or puerto_libre()
        self.averiado = False
        self._emitidos: set[str] = set()
        self._usados: set[str] = set()
        self._recibidas: list[Verificacion] = []
        self._cerrojo = threading.Lock()
        self._servidor: uvicorn.Server | None = None
        self._hilo: threading.Thread | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}{RUTA}"

    @property
    def recibidas(self) -> list[Verificacion]:
        with self._cerrojo:
            return list(self._recibidas)

    def emitir(self) -> str:
        """A fresh token, as a widget solved by a human returns it."""
        token = f"XXXX.DUMMY.TOKEN.{uuid.uuid4().hex}"
        with self._cerrojo:
            self._emitidos.add(token)
        return token

    def _verificar(self, secreto: str, token: str, ip: str | None) -> dict[str, object]:
        with self._cerrojo:
            if secreto != self.secreto:
                codigos = ["invalid-input-secret"]
            elif token in self._usados:
                codigos = ["timeout-or-duplicate"]
            elif token not in self._emitidos:
                codigos = ["invalid-input-response"]
            else:
                self._usados.add(token)
                codigos = []
            self._recibidas.append(Verificacion(secreto, token, ip, not codigos))
        if codigos:
            return {"success": False, "error-codes": codigos}
        return {"success": True, "error-codes": [], "hostname": "127.0.0.1"}

    def app(self) -> FastAPI:
        app = FastAPI(openapi_url=None, docs_url=None, redoc_url=None)

        @app.post(RUTA)
        async def siteverify(
            secret: str = Form(""), response: str = Form(""), remoteip: str | None = Form(None)
        ) -> Response:
            if self.averiado:
                return HTMLResponse("<html><body>502 Bad Gateway</body></html>", status_code=200)
            return JSONResponse(self._verificar(secret, response, remoteip))

        return app

    def iniciar(self) -> None:
        if self._servidor is not None:
            return
        configuracion = uvicorn.Config(
            self.app(), host="127.0.0.1", port=self.port, log_config=None, access_log=False
        )
        self._servidor = uvicorn.Server(configuracion)
        self._hilo = threading.Thread(target=self._servidor.run, daemon=True)
        self._hilo.start()
        limite = time.monotonic() + 15
        while not self._servidor.started:
            if time.monotonic() > limite or not self._hilo.is_alive():
                raise RuntimeError("el siteverify falso no arrancó")
            time.sleep(0.02)

    def detener(self) -> None:
        if self._servidor is not None and self._hilo is not None:
            self._servidor.should_exit = True
            self._hilo.join(timeout=15)
        self._servidor = self._hilo = None

    def __enter__(self) -> SiteverifyFalso:
        self.iniciar()
        return self

    def __exit__(self, *_: object) -> None:
        self.detener()


def url_sin_servidor() -> str:
    """A siteverify URL on a port of 127.0.0.1 nobody listens on (the provider down)."""
    return f"http://127.0.0.1:{puerto_libre()}{RUTA}"


@pytest.fixture
def siteverify() -> Iterator[SiteverifyFalso]:
    """A started fake provider; its ``url`` is where the code under test verifies."""
    with SiteverifyFalso() as proveedor:
        yield proveedor
