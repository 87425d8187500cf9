"""Public catalogs the Oficina Virtual's forms are built from, under ``/catalogos``.

No session is needed: they hold reference data only (DIVIPOLA, the IPS catalog, document
types and their ages, the FUAN's novedades with their support documents, the reasons for an
IPS change), never anyone's personal data. They change only with a new release, so clients
may cache them for an hour.
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.exceptions import RequestValidationError

from affiliation.application.consultas_afiliado import (
    NOMBRE_ESCOLARIDAD,
    NOMBRE_ETNIA,
    NOMBRE_MOTIVO_CAMBIO_IPS,
)
from affiliation.domain.edad import EDAD_POR_DOCUMENTO, NOMBRE_DOCUMENTO
from affiliation.domain.novedades import NOVEDADES, soportes_de_novedad
from affiliation.domain.soportes import TipoSoporte
from affiliation.entrypoints.esquemas_afiliado import (
    DepartamentoVista,
    IPSVista,
    MotivoVista,
    MunicipioVista,
    NovedadVista,
    OpcionVista,
    TipoDocumentoVista,
    TipoSoporteVista,
)
from affiliation.entrypoints.esquemas_afiliado import Municipio as CodigoMunicipio
from affiliation.referencia import DatosReferencia
from eps_contracts.types import TipoAfiliado, TipoDocumento
from eps_runtime.http import NotFound

CACHE_CATALOGO = "public, max-age=3600"


def _cacheable(response: Response) -> None:
    """Successful answers only: a problem response is built apart and carries no cache header."""
    response.headers["Cache-Control"] = CACHE_CATALOGO


router = APIRouter(prefix="/catalogos", tags=["catálogos"], dependencies=[Depends(_cacheable)])


def _referencia(request: Request) -> DatosReferencia:
    referencia: DatosReferencia = request.app.state.aplicacion.referencia
    return referencia


ReferenciaDep = Annotated[DatosReferencia, Depends(_referencia)]

_404: dict[int | str, dict[str, Any]] = {404: {"content": {"application/problem+json": {}}}}
_422: dict[int | str, dict[str, Any]] = {422: {"content": {"application/problem+json": {}}}}


@router.get("/departamentos", summary="Departamentos de Colombia (DIVIPOLA)")
async def departamentos(referencia: ReferenciaDep) -> list[DepartamentoVista]:
    return [
        DepartamentoVista(codigo=d.codigo, nombre=d.nombre)
        for d in referencia.divipola.departamentos()
    ]


@router.get(
    "/departamentos/{codigo}/municipios",
    summary="Municipios de un departamento (DIVIPOLA)",
    responses=_404,
)
async def municipios(codigo: str, referencia: ReferenciaDep) -> list[MunicipioVista]:
    if codigo not in {d.codigo for d in referencia.divipola.departamentos()}:
        raise NotFound(
            "No existe un departamento con ese código DIVIPOLA (2 dígitos).",
            code="departamento-no-encontrado",
        )
    return [
        MunicipioVista(codigo=m.codigo, nombre=m.nombre, departamento_codigo=m.departamento_codigo)
        for m in referencia.divipola.municipios(codigo)
    ]


@router.get("/ips", summary="IPS de un municipio", responses=_422)
async def ips(
    municipio: Annotated[
        CodigoMunicipio, Query(description="Código DIVIPOLA del municipio (5 dígitos).")
    ],
    referencia: ReferenciaDep,
) -> list[IPSVista]:
    if referencia.divipola.municipio(municipio) is None:
        raise RequestValidationError(
            [
                {
                    "type": "divipola",
                    "loc": ("query", "municipio"),
                    "msg": "no es un municipio de Colombia (DIVIPOLA)",
                    "input": municipio,
                }
            ]
        )
    return [
        IPSVista(
            codigo=i.codigo,
            nombre=i.nombre,
            direccion=i.direccion,
            telefono=i.telefono,
            municipio_divipola=i.municipio_divipola,
        )
        for i in referencia.ips.por_municipio(municipio)
    ]


@router.get(
    "/tipos-documento",
    summary="Tipos de documento y las edades para las que sirven",
)
async def tipos_documento() -> list[TipoDocumentoVista]:
    """Decreto 780 de 2016, art. 2.1.3.5: RC before 7 years, TI from 7 to 17, CC from 18..."""
    vistas = []
    for tipo in TipoDocumento:
        rango = EDAD_POR_DOCUMENTO.get(tipo)
        vistas.append(
            TipoDocumentoVista(
                codigo=tipo,
                nombre=NOMBRE_DOCUMENTO[tipo],
                edad_desde_meses=rango.desde_meses if rango else None,
                edad_hasta_meses=rango.hasta_meses if rango else None,
                edades=rango.descripcion if rango else None,
            )
        )
    return vistas


@router.get(
    "/novedades",
    summary="Novedades del FUAN (1 a 22) y sus documentos soporte",
)
async def novedades() -> list[NovedadVista]:
    """The documents listed are the novedad's own; an inclusion also needs those of the
    causal the person joins under (see ``/catalogos/tipos-soporte``)."""
    return [
        NovedadVista(
            codigo=int(d.codigo),
            nombre=d.nombre,
            grupo=d.grupo.value,
            aplica_a=[t for t in TipoAfiliado if t in d.aplica_a],
            soportes=[
                TipoSoporteVista(codigo=s, descripcion=s.descripcion)
                for s in soportes_de_novedad(d.codigo)
            ],
        )
        for d in NOVEDADES.values()
    ]


@router.get("/motivos-cambio-ips", summary="Motivos del cambio de IPS")
async def motivos_cambio_ips() -> list[MotivoVista]:
    return [MotivoVista(codigo=m, nombre=n) for m, n in NOMBRE_MOTIVO_CAMBIO_IPS.items()]


@router.get("/tipos-soporte", summary="Tipos de documento soporte")
async def tipos_soporte() -> list[TipoSoporteVista]:
    return [TipoSoporteVista(codigo=t, descripcion=t.descripcion) for t in TipoSoporte]


@router.get("/etnias", summary="Pertenencia étnica (formulario de datos personales)")
async def etnias() -> list[OpcionVista]:
    return [OpcionVista(codigo=e.value, nombre=n) for e, n in NOMBRE_ETNIA.items()]


@router.get("/escolaridades", summary="Nivel de escolaridad (formulario de datos personales)")
async def escolaridades() -> list[OpcionVista]:
    return [OpcionVista(codigo=e.value, nombre=n) for e, n in NOMBRE_ESCOLARIDAD.items()]
