"""``python -m authorizations.dev.mipres --puerto 8091``: a local MIPRES simulator.

Serves ``GET /direccionamientos`` (every current direccionamiento, the shape the adapter
reads) and ``PUT /direccionamientos/{numero}`` to add or change one (tests, demos).
``POST /modo`` with ``{"modo": "normal" | "caido" | "basura"}`` makes it answer 503 or
garbage, to see the poller back off. Data lives in memory.
"""

from __future__ import annotations

import argparse
from typing import Literal

from fastapi import FastAPI, Response
from pydantic import BaseModel

from authorizations.adapters.mipres import DireccionamientoMIPRES
from authorizations.settings import AuthorizationsSettings
from eps_runtime.http import servir


class Modo(BaseModel):
    modo: Literal["normal", "caido", "basura"]


def crear_simulador() -> FastAPI:
    app = FastAPI(title="Simulador MIPRES (desarrollo)")
    datos: dict[str, DireccionamientoMIPRES] = {}
    estado = {"modo": "normal"}

    @app.get("/direccionamientos")
    async def listar() -> Response:
        if estado["modo"] == "caido":
            return Response(status_code=503)
        if estado["modo"] == "basura":
            return Response(b"<html>no es json", media_type="text/html")
        cuerpo = "[" + ",".join(d.model_dump_json() for d in datos.values()) + "]"
        return Response(cuerpo, media_type="application/json")

    @app.put("/direccionamientos/{numero}", status_code=204)
    async def poner(numero: str, d: DireccionamientoMIPRES) -> None:
        datos[d.numero_prescripcion] = d

    @app.post("/modo", status_code=204)
    async def modo(m: Modo) -> None:
        estado["modo"] = m.modo

    @app.get("/healthz")
    async def salud() -> dict[str, str]:
        return {"status": "ok"}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description="Simulador MIPRES")
    parser.add_argument("--puerto", type=int, default=8091)
    args = parser.parse_args()
    settings = AuthorizationsSettings(service_name="authorizations-mipres", http_port=args.puerto)
    servir(crear_simulador(), settings)


if __name__ == "__main__":
    main()
