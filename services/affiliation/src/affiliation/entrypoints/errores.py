"""The one place where the service's exception types become HTTP problems (RFC 9457)."""

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

from affiliation.application.errores import AfiliadoNoEncontrado, DocumentoYaRegistrado
from affiliation.domain.errores import ErrorDeDominio
from eps_runtime.http import problem_response


def instalar_errores(app: FastAPI) -> None:
    """Domain rules → 422, a document already affiliated → 409, an unknown affiliate → 404."""

    @app.exception_handler(ErrorDeDominio)
    async def _regla(request: Request, error: ErrorDeDominio) -> JSONResponse:
        campos = [{"campo": error.campo, "mensaje": error.mensaje}] if error.campo else []
        return problem_response(
            422,
            error.codigo,
            "Datos no válidos",
            error.mensaje,
            request.url.path,
            errores=campos,
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
