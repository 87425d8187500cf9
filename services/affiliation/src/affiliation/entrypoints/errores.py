"""The one place where the service's exception types become HTTP problems (RFC 9457)."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from affiliation.application.errores import (
    AfiliadoNoEncontrado,
    DocumentoYaRegistrado,
    EmpleadorNoEncontrado,
    EmpleadorYaRegistrado,
)
from affiliation.application.puertos_soportes import SoporteNoEncontrado
from affiliation.domain.errores import ErrorDeDominio
from affiliation.domain.grupo_familiar import InclusionNoPermitida
from eps_runtime.http import problem_response


def instalar_errores(app: FastAPI) -> None:
    """Domain rules → 422 (a state that forbids the change → 409, a missing document or
    request of the affiliate → 404), a document already affiliated → 409, an unknown
    affiliate or employer → 404. A refused family-group inclusion names its rule."""

    @app.exception_handler(ErrorDeDominio)
    async def _regla(request: Request, error: ErrorDeDominio) -> JSONResponse:
        campos = [{"campo": error.campo, "mensaje": error.mensaje}] if error.campo else []
        extra: dict[str, Any] = (
            {"regla": str(error.regla)} if isinstance(error, InclusionNoPermitida) else {}
        )
        titulos = {409: "Estado no permite la operación", 404: "No encontrado"}
        return problem_response(
            error.estado_http,
            error.codigo,
            titulos.get(error.estado_http, "Datos no válidos"),
            error.mensaje,
            request.url.path,
            errores=campos,
            **extra,
        )

    @app.exception_handler(EmpleadorYaRegistrado)
    async def _empleador_duplicado(request: Request, error: EmpleadorYaRegistrado) -> JSONResponse:
        return problem_response(
            409, "empleador-ya-registrado", "Empleador ya registrado", str(error), request.url.path
        )

    @app.exception_handler(EmpleadorNoEncontrado)
    async def _sin_empleador(request: Request, error: EmpleadorNoEncontrado) -> JSONResponse:
        return problem_response(
            404, "empleador-no-encontrado", "Empleador no encontrado", str(error), request.url.path
        )

    @app.exception_handler(SoporteNoEncontrado)
    async def _sin_archivo(request: Request, error: SoporteNoEncontrado) -> JSONResponse:
        return problem_response(
            404,
            "soporte-no-encontrado",
            "No encontrado",
            "El documento soporte no está disponible.",
            request.url.path,
        )

    @app.exception_handler(DocumentoYaRegistrado)
    async def _duplicado(request: Request, error: DocumentoYaRegistrado) -> JSONResponse:
        return problem_response(
            409,
            "documento-ya-registrado",
            "Documento ya registrado",
            str(error),
            request.url.path,
        )

    @app.exception_handler(AfiliadoNoEncontrado)
    async def _no_encontrado(request: Request, error: AfiliadoNoEncontrado) -> JSONResponse:
        return problem_response(
            404,
            "afiliado-no-encontrado",
            "Afiliado no encontrado",
            str(error),
            request.url.path,
        )
