"""Uploads with a ceiling: a body over the limit is refused on the way in, declared or not."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Annotated

import httpx
from fastapi import APIRouter, FastAPI, File, UploadFile

from eps_runtime.http import Problem, install_problem_handlers
from eps_runtime.limite_cuerpo import ruta_con_limite

LIMITE = 10_000
leidos: list[int] = []


def _demasiado_grande() -> Problem:
    return Problem(
        "El archivo supera el tamaño máximo permitido.",
        code="archivo-demasiado-grande",
        status=413,
        title="Archivo demasiado grande",
    )


def _app() -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    router = APIRouter(route_class=ruta_con_limite(LIMITE, _demasiado_grande))

    @router.post("/cargas")
    async def cargar(archivo: Annotated[UploadFile, File()]) -> dict[str, int]:
        contenido = await archivo.read()
        leidos.append(len(contenido))
        return {"bytes": len(contenido)}

    app.include_router(router)
    return app


def _cliente() -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=_app()), base_url="http://t")


def _multipart(tamano: int) -> tuple[bytes, str]:
    limite = "frontera"
    cuerpo = (
        (
            f'--{limite}\r\nContent-Disposition: form-data; name="archivo"; filename="a.pdf"\r\n'
            "Content-Type: application/pdf\r\n\r\n"
        ).encode()
        + b"x" * tamano
        + f"\r\n--{limite}--\r\n".encode()
    )
    return cuerpo, f"multipart/form-data; boundary={limite}"


async def test_un_archivo_dentro_del_limite_llega_al_endpoint() -> None:
    cuerpo, tipo = _multipart(1_000)
    async with _cliente() as cliente:
        respuesta = await cliente.post("/cargas", content=cuerpo, headers={"Content-Type": tipo})
    assert respuesta.status_code == 200, respuesta.text
    assert respuesta.json() == {"bytes": 1_000}


async def test_un_tamano_declarado_mayor_se_rechaza_sin_leer_el_cuerpo() -> None:
    cuerpo, tipo = _multipart(LIMITE * 2)
    leidos.clear()
    async with _cliente() as cliente:
        respuesta = await cliente.post("/cargas", content=cuerpo, headers={"Content-Type": tipo})
    assert respuesta.status_code == 413
    assert respuesta.headers["content-type"] == "application/problem+json"
    assert respuesta.json()["code"] == "archivo-demasiado-grande"
    assert leidos == []


async def test_un_cuerpo_sin_tamano_declarado_se_corta_al_pasar_el_limite() -> None:
    cuerpo, tipo = _multipart(LIMITE * 5)

    async def por_partes() -> AsyncIterator[bytes]:
        for inicio in range(0, len(cuerpo), 4096):
            yield cuerpo[inicio : inicio + 4096]

    leidos.clear()
    async with _cliente() as cliente:
        respuesta = await cliente.post(
            "/cargas", content=por_partes(), headers={"Content-Type": tipo}
        )
    assert respuesta.status_code == 413
    assert respuesta.json()["code"] == "archivo-demasiado-grande"
    assert leidos == []


async def test_un_formulario_ilegible_es_un_422_en_espanol() -> None:
    async with _cliente() as cliente:
        respuesta = await cliente.post(
            "/cargas",
            content=b"--otra\r\nbasura sin cabeceras",
            headers={"Content-Type": "multipart/form-data; boundary=frontera"},
        )
    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"] == "application/problem+json"
    assert "formulario" in respuesta.json()["detail"]
