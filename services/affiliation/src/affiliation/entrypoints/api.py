"""HTTP API of the affiliation service (back office for now; authentication comes later).

Run with ``uvicorn affiliation.entrypoints.api:app`` or ``python -m affiliation.entrypoints.api``.

Guarantees: one command per request, one transaction per command; changing an affiliate
requires the version the client read (``If-Match``), so a concurrent change gets a 409
instead of being overwritten; every error is problem+json in Spanish, bad input is a 422.
"""

from typing import Annotated, Any
from uuid import UUID, uuid4

import uvicorn
from fastapi import APIRouter, Depends, FastAPI, Header, Request, Response

from affiliation.application import consultas
from affiliation.application.comandos import ActualizarDatosContacto, RegistrarAfiliado
from affiliation.bootstrap import Aplicacion, bootstrap
from affiliation.domain.valores import DatosContacto, Documento, NombreCompleto
from affiliation.entrypoints.errores import instalar_errores
from affiliation.entrypoints.esquemas import (
    AfiliadoCreado,
    AfiliadoVista,
    CambioDatosContacto,
    EventoVista,
    HistorialVista,
    SolicitudRegistro,
)
from affiliation.settings import AffiliationSettings
from eps_runtime.db import create_engine
from eps_runtime.http import Problem, service_app
from eps_runtime.logging import get_logger

log = get_logger(__name__)

_PROBLEMA: dict[str, Any] = {"content": {"application/problem+json": {}}}


def _aplicacion(request: Request) -> Aplicacion:
    aplicacion: Aplicacion = request.app.state.aplicacion
    return aplicacion


AplicacionDep = Annotated[Aplicacion, Depends(_aplicacion)]

router = APIRouter(tags=["afiliados"])


@router.post(
    "/afiliados",
    status_code=201,
    summary="Registrar un afiliado",
    responses={409: _PROBLEMA, 422: _PROBLEMA},
)
async def registrar_afiliado(
    solicitud: SolicitudRegistro, response: Response, aplicacion: AplicacionDep
) -> AfiliadoCreado:
    comando = RegistrarAfiliado(
        afiliado_id=uuid4(),
        documento=Documento(solicitud.tipo_documento, solicitud.numero_documento),
        nombre=NombreCompleto(
            solicitud.primer_nombre,
            solicitud.primer_apellido,
            solicitud.segundo_nombre,
            solicitud.segundo_apellido,
        ),
        fecha_nacimiento=solicitud.fecha_nacimiento,
        sexo=solicitud.sexo,
        tipo_afiliado=solicitud.tipo_afiliado,
        regimen=solicitud.regimen,
        fecha_afiliacion=solicitud.fecha_afiliacion,
        cotizante_id=solicitud.cotizante_id,
        parentesco=solicitud.parentesco,
        contacto=DatosContacto(
            solicitud.email,
            solicitud.telefono_movil,
            solicitud.direccion,
            solicitud.municipio_divipola,
        ),
        ips_primaria_codigo=solicitud.ips_primaria_codigo,
    )
    resultado = await aplicacion.ejecutar(comando)
    log.info("afiliado_registrado", afiliado_id=str(resultado.afiliado_id))
    response.headers["Location"] = f"/afiliados/{resultado.afiliado_id}"
    response.headers["ETag"] = _etag(resultado.version)
    return AfiliadoCreado(afiliado_id=resultado.afiliado_id, version=resultado.version)


@router.get("/afiliados/{afiliado_id}", summary="Consultar un afiliado", responses={404: _PROBLEMA})
async def consultar_afiliado(
    afiliado_id: UUID, response: Response, aplicacion: AplicacionDep
) -> AfiliadoVista:
    afiliado = await consultas.obtener_afiliado(afiliado_id, aplicacion.nueva_unidad_de_trabajo())
    response.headers["ETag"] = _etag(afiliado.version)
    return AfiliadoVista.de(afiliado)


@router.patch(
    "/afiliados/{afiliado_id}/contacto",
    summary="Actualizar datos de contacto",
    responses={404: _PROBLEMA, 409: _PROBLEMA, 422: _PROBLEMA, 428: _PROBLEMA},
)
async def actualizar_datos_contacto(
    afiliado_id: UUID,
    cambio: CambioDatosContacto,
    response: Response,
    aplicacion: AplicacionDep,
    if_match: Annotated[str | None, Header(description='Versión consultada, p. ej. "3".')] = None,
) -> AfiliadoCreado:
    version = _version_esperada(if_match, cambio.version)
    campos: dict[str, Any] = {
        campo: getattr(cambio, campo) for campo in cambio.model_fields_set - {"version"}
    }
    if not campos:
        raise Problem(
            "Indique al menos un dato de contacto para actualizar.",
            code="sin-datos-de-contacto",
            status=422,
            title="Datos inválidos",
        )
    comando = ActualizarDatosContacto(afiliado_id=afiliado_id, version_esperada=version, **campos)
    resultado = await aplicacion.ejecutar(comando)
    response.headers["ETag"] = _etag(resultado.version)
    return AfiliadoCreado(afiliado_id=resultado.afiliado_id, version=resultado.version)


@router.get(
    "/afiliados/{afiliado_id}/historial",
    summary="Historial de eventos de un afiliado",
    responses={404: _PROBLEMA},
)
async def historial(afiliado_id: UUID, aplicacion: AplicacionDep) -> HistorialVista:
    eventos = await consultas.historial(afiliado_id, aplicacion.nueva_unidad_de_trabajo())
    return HistorialVista(afiliado_id=afiliado_id, eventos=[EventoVista.de(e) for e in eventos])


def _etag(version: int) -> str:
    return f'"{version}"'


def _version_esperada(if_match: str | None, en_cuerpo: int | None) -> int:
    """The version the client read: from ``If-Match`` (``3``, ``"3"`` or ``W/"3"``) or body."""
    if if_match is None and en_cuerpo is None:
        raise Problem(
            "Indique la versión del afiliado que consultó (encabezado If-Match o campo "
            "version), para no sobrescribir cambios hechos por otra persona.",
            code="version-requerida",
            status=428,
            title="Versión requerida",
        )
    if if_match is None:
        assert en_cuerpo is not None
        return en_cuerpo
    valor = if_match.strip().removeprefix("W/").strip('"')
    if not (valor.isascii() and valor.isdigit()) or int(valor) < 1:
        raise Problem(
            'El encabezado If-Match debe contener la versión del afiliado, por ejemplo "3".',
            code="if-match-invalido",
            status=422,
            title="Datos inválidos",
        )
    if en_cuerpo is not None and en_cuerpo != int(valor):
        raise Problem(
            "La versión del encabezado If-Match y la del campo version no coinciden.",
            code="version-contradictoria",
            status=422,
            title="Datos inválidos",
        )
    return int(valor)


def create_app(settings: AffiliationSettings | None = None) -> FastAPI:
    """The API over ``settings``' database (the engine connects lazily)."""
    settings = settings or AffiliationSettings()
    engine = create_engine(settings.database_url)
    app = service_app(
        title="Afiliación — Oficina Virtual EPS",
        description="Afiliados, grupo familiar y datos de contacto.",
        settings=settings,
        engine=engine,
    )
    app.state.aplicacion = bootstrap(engine, soportes_dir=settings.soportes_dir)
    instalar_errores(app)
    app.include_router(router)
    return app


app = create_app()


def main() -> None:
    settings = AffiliationSettings()
    uvicorn.run(app, host=settings.http_host, port=settings.http_port, access_log=False)


if __name__ == "__main__":
    main()
