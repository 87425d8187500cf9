"""``python -m billing.dev.pasarela --port 8090``: a payment-gateway simulator (PSE and card).

Local stack and tests only, never deployed. It behaves like a PSE gateway:

- ``GET /bancos``: the bank list. What each bank does when the affiliate pays:
  1007 BANCOLOMBIA and 1051 DAVIVIENDA approve; 1001 BANCO DE BOGOTA rejects («Transacción
  rechazada por la entidad financiera»); 1009 CITIBANK stays pending and is approved on a
  later query; 1022 BANCO UNION stays pending and is rejected on a later query.
  By card: 4000000000000002 is declined, any other 16-digit number approves.
- ``POST /transacciones``: creates a transaction, idempotent by ``referencia`` (the same
  reference answers the same transaction); answers ``id`` and ``url_pago``.
- ``GET /pagar/{id}``: the checkout page a browser can click through (Pagar / Cancelar);
  ``POST /pagar/{id}`` resolves it, sends the signed notification (with retries) and
  redirects to the shop's return URL.
- ``GET /transacciones/{id}``: the query; a transaction never paid expires after
  ``--expira-s`` seconds («La petición ha expirado»).
- ``POST /control``: ``{"lento_s": 2.5, "caida": true, "notificar": false}`` to be slow, down
  (503 on every API call), or silent (no notifications: only the query tells).

Notifications are JSON signed with HMAC-SHA256 (``billing.adapters.firma``) using
``BILLING_PASARELA_SECRETO`` (the development key by default).
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import time
import uuid
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

import httpx
from fastapi import FastAPI, Form, HTTPException, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from pydantic import BaseModel, Field

from billing.adapters.firma import CABECERA, firmar
from billing.domain.valores import MOTIVO_CANCELADA, MOTIVO_EXPIRADA, MOTIVO_RECHAZADA_BANCO
from billing.settings import SECRETO_DESARROLLO
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)

BANCOS = {
    "1007": ("BANCOLOMBIA", "APRUEBA"),
    "1051": ("DAVIVIENDA", "APRUEBA"),
    "1001": ("BANCO DE BOGOTA", "RECHAZA"),
    "1009": ("CITIBANK", "PENDIENTE_APRUEBA"),
    "1022": ("BANCO UNION", "PENDIENTE_RECHAZA"),
}
TARJETA_RECHAZADA = "4000000000000002"


class NuevaTransaccion(BaseModel):
    referencia: str = Field(min_length=1, max_length=64)
    valor: int = Field(gt=0, le=10_000_000_000)
    medio: str = Field(pattern=r"^(PSE|TARJETA_CREDITO)$")
    banco: str | None = Field(default=None, max_length=10)
    descripcion: str = Field(default="", max_length=200)
    url_retorno: str = Field(max_length=500)
    url_notificacion: str = Field(max_length=500)


class Control(BaseModel):
    lento_s: float = Field(default=0, ge=0, le=60)
    caida: bool = False
    notificar: bool = True


@dataclass
class Transaccion:
    id: str
    datos: NuevaTransaccion
    creada: float = field(default_factory=time.time)
    estado: str = "PENDIENTE"
    motivo: str | None = None
    resolver_en_consulta: str | None = None

    def json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "referencia": self.datos.referencia,
            "estado": self.estado,
            "valor": self.datos.valor,
            "medio": self.datos.medio,
            "motivo": self.motivo,
        }


def crear_app(secreto: bytes, expira_s: float = 900.0) -> FastAPI:
    app = FastAPI(title="Simulador de pasarela de pagos (solo desarrollo)")
    transacciones: dict[str, Transaccion] = {}
    por_referencia: dict[str, str] = {}
    control = Control()
    tareas: set[asyncio.Task[None]] = set()
    app.state.transacciones = transacciones
    app.state.control = control

    async def _api() -> None:
        if control.caida:
            raise HTTPException(503, "pasarela caída (simulada)")
        if control.lento_s:
            await asyncio.sleep(control.lento_s)

    async def _notificar(t: Transaccion) -> None:
        cuerpo = json.dumps(t.json()).encode()
        for intento in range(6):
            try:
                async with httpx.AsyncClient(timeout=5) as cliente:
                    r = await cliente.post(
                        t.datos.url_notificacion,
                        content=cuerpo,
                        headers={
                            "Content-Type": "application/json",
                            CABECERA: firmar(secreto, cuerpo, int(time.time())),
                        },
                    )
                if r.status_code < 500:
                    log.info("notificacion_enviada", id=t.id, estado=r.status_code)
                    return
            except httpx.HTTPError:
                pass
            await asyncio.sleep(min(0.5 * 2**intento, 10))
        log.warning("notificacion_no_entregada", id=t.id)

    def _terminar(t: Transaccion, estado: str, motivo: str | None = None) -> None:
        t.estado, t.motivo = estado, motivo
        if control.notificar:
            tarea = asyncio.get_running_loop().create_task(_notificar(t))
            tareas.add(tarea)
            tarea.add_done_callback(tareas.discard)

    def _buscar(id_: str) -> Transaccion:
        t = transacciones.get(id_)
        if t is None:
            raise HTTPException(404, "transacción desconocida")
        return t

    @app.get("/healthz")
    async def salud() -> dict[str, str]:
        return {"estado": "ok"}

    @app.post("/control")
    async def controlar(nuevo: Control) -> Control:
        control.lento_s, control.caida, control.notificar = (
            nuevo.lento_s,
            nuevo.caida,
            nuevo.notificar,
        )
        return control

    @app.get("/bancos")
    async def bancos() -> list[dict[str, str]]:
        await _api()
        return [{"codigo": c, "nombre": n} for c, (n, _) in BANCOS.items()]

    @app.post("/transacciones", status_code=201)
    async def crear(nueva: NuevaTransaccion, request: Request) -> dict[str, Any]:
        await _api()
        existente = por_referencia.get(nueva.referencia)
        if existente is None:
            existente = f"SIM-{uuid.uuid4().hex[:16].upper()}"
            transacciones[existente] = Transaccion(existente, nueva)
            por_referencia[nueva.referencia] = existente
        t = transacciones[existente]
        base = str(request.base_url).rstrip("/")
        return t.json() | {"url_pago": f"{base}/pagar/{t.id}"}

    @app.get("/transacciones/{id_}")
    async def consultar(id_: str) -> dict[str, Any]:
        await _api()
        t = _buscar(id_)
        if t.estado == "PENDIENTE":
            if t.resolver_en_consulta == "APRUEBA":
                t.estado = "APROBADO"
            elif t.resolver_en_consulta == "RECHAZA":
                t.estado, t.motivo = "RECHAZADO", MOTIVO_RECHAZADA_BANCO
            elif time.time() - t.creada > expira_s:
                t.estado, t.motivo = "RECHAZADO", MOTIVO_EXPIRADA
        return t.json()

    @app.get("/pagar/{id_}", response_class=HTMLResponse)
    async def pagina(id_: str) -> str:
        t = _buscar(id_)
        valor = "$" + f"{t.datos.valor:,}".replace(",", ".")
        tarjeta = (
            '<label>Número de tarjeta <input name="tarjeta" inputmode="numeric" '
            'maxlength="16" pattern="[0-9]{16}" required></label>'
            if t.datos.medio == "TARJETA_CREDITO"
            else f"<p>Banco: {html.escape(BANCOS.get(t.datos.banco or '', ('?', ''))[0])}</p>"
        )
        return f"""<!doctype html><html lang="es"><head><meta charset="utf-8">
<title>Pasarela de pagos (simulador)</title></head><body>
<h1>Pasarela de pagos — simulador</h1>
<p>{html.escape(t.datos.descripcion)}</p><p>Valor: <strong>{valor}</strong></p>
<p>Estado: <span id="estado">{t.estado}</span></p>
<form method="post">{tarjeta}
<button name="accion" value="pagar" type="submit">Pagar</button></form>
<form method="post"><button name="accion" value="cancelar" type="submit">Cancelar</button></form>
</body></html>"""

    @app.post("/pagar/{id_}")
    async def pagar(
        id_: str,
        accion: str = Form(max_length=10),
        tarjeta: str | None = Form(default=None, max_length=16),
    ) -> Response:
        t = _buscar(id_)
        if t.estado == "PENDIENTE" and t.resolver_en_consulta is None:
            if accion == "cancelar":
                _terminar(t, "RECHAZADO", MOTIVO_CANCELADA)
            elif t.datos.medio == "TARJETA_CREDITO":
                if tarjeta == TARJETA_RECHAZADA:
                    _terminar(t, "RECHAZADO", MOTIVO_RECHAZADA_BANCO)
                else:
                    _terminar(t, "APROBADO")
            else:
                comportamiento = BANCOS.get(t.datos.banco or "", ("", "APRUEBA"))[1]
                if comportamiento == "APRUEBA":
                    _terminar(t, "APROBADO")
                elif comportamiento == "RECHAZA":
                    _terminar(t, "RECHAZADO", MOTIVO_RECHAZADA_BANCO)
                else:
                    t.resolver_en_consulta = comportamiento.removeprefix("PENDIENTE_")
        destino = t.datos.url_retorno
        separador = "&" if "?" in destino else "?"
        return RedirectResponse(
            destino + separador + urlencode({"transaccion": t.datos.referencia}), status_code=303
        )

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8090)
    parser.add_argument("--expira-s", type=float, default=900.0)
    argumentos = parser.parse_args()
    configure_logging("billing-pasarela", "INFO")
    secreto = os.environ.get("BILLING_PASARELA_SECRETO", SECRETO_DESARROLLO).encode()
    import uvicorn

    uvicorn.run(
        crear_app(secreto, argumentos.expira_s),
        host="127.0.0.1",
        port=argumentos.port,
        access_log=False,
        log_config=None,
    )


if __name__ == "__main__":
    main()
