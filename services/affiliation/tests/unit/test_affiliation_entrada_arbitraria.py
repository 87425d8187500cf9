"""Arbitrary input never breaks the API: every answer is a success or a problem+json 4xx."""

from collections.abc import AsyncIterator
from datetime import date
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from affiliation.application.comandos import RegistrarAfiliado
from affiliation.bootstrap import bootstrap_en_memoria
from affiliation.domain.valores import DatosContacto, NombreCompleto
from affiliation.entrypoints.api import create_app
from affiliation.settings import AffiliationSettings
from eps_contracts.types import Regimen, Sexo, TipoAfiliado, TipoDocumento
from eps_contracts.valores import Documento
from eps_runtime.auth import Rol
from eps_runtime.testing.tokens import EmisorTokens

HOY = date(2026, 11, 22)

# Values that tend to break parsers and rules: wrong types, edge numbers, odd text.
_ESCALARES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        ["", " ", "CC", "HIJO", "CONYUGE", "1990-02-30", "76001", "3001234567", "NIT", "ADICIONAL"]
    ),
)
_JSON = st.recursive(
    _ESCALARES,
    lambda hijos: (
        st.lists(hijos, max_size=3) | st.dictionaries(st.text(max_size=8), hijos, max_size=3)
    ),
    max_leaves=8,
)
_CAMPOS = [
    "codigo",
    "tipo_documento",
    "numero_documento",
    "primer_nombre",
    "primer_apellido",
    "fecha_nacimiento",
    "sexo",
    "tipo_afiliado",
    "regimen",
    "parentesco",
    "cotizante_id",
    "beneficiario",
    "condiciones",
    "motivo",
    "detalle",
    "version",
    "ibc",
    "subtipo_cotizante",
    "estado_civil",
    "nuevo_cotizante_id",
    "aprobado",
    "regimen",
    "nivel_sisben",
    "digito_verificacion",
    "razon_social",
    "personas",
    "municipio_residencia",
    "departamento_residencia",
    "direccion_residencia",
    "email",
    "confirmacion_email",
    "ips_deseada_codigo",
    "afiliado_id",
]
_CUERPOS = st.dictionaries(st.sampled_from(_CAMPOS), _JSON, max_size=8)


@pytest.fixture(scope="module")
def emisor_local() -> EmisorTokens:
    return EmisorTokens()


@pytest.fixture(scope="module")
async def contexto(emisor_local: EmisorTokens) -> AsyncIterator[tuple[httpx.AsyncClient, UUID]]:
    app = create_app(AffiliationSettings(), verificador=emisor_local.verificador())
    aplicacion = bootstrap_en_memoria(hoy=lambda: HOY)
    app.state.aplicacion = aplicacion
    titular = uuid4()
    await aplicacion.ejecutar(
        RegistrarAfiliado(
            afiliado_id=titular,
            documento=Documento(TipoDocumento.CC, "1000000001"),
            nombre=NombreCompleto("Ana", "Pérez"),
            fecha_nacimiento=date(1990, 5, 17),
            sexo=Sexo.F,
            tipo_afiliado=TipoAfiliado.COTIZANTE,
            regimen=Regimen.CONTRIBUTIVO,
            contacto=DatosContacto("ana@example.com", "3001234567", "Calle 5", "76001"),
        )
    )
    operador = emisor_local.emitir(rol=Rol.OPERADOR)
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://afiliacion",
        headers={"Authorization": f"Bearer {operador}"},
    ) as cliente:
        yield cliente, titular
    await app.state.engine.dispose()


def _rutas(titular: UUID) -> list[tuple[str, str]]:
    return [
        ("POST", "/afiliados"),
        ("POST", f"/afiliados/{titular}/novedades"),
        ("POST", f"/afiliados/{titular}/suspension"),
        ("POST", f"/afiliados/{titular}/retiro"),
        ("POST", f"/afiliados/{titular}/movilidad"),
        ("PUT", f"/afiliados/{titular}/cotizacion"),
        ("POST", f"/afiliados/{titular}/planes-pac"),
        ("POST", f"/afiliados/{titular}/solicitudes-ips/{uuid4()}/decision"),
        ("PATCH", f"/afiliados/{titular}/contacto"),
        ("POST", "/empleadores"),
    ]


@settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ruta=st.integers(min_value=0, max_value=9),
    cuerpo=_CUERPOS,
    if_match=st.sampled_from([None, '"1"', "x", '"99"']),
)
async def test_cualquier_cuerpo_recibe_una_respuesta_sin_error_500(
    contexto: tuple[httpx.AsyncClient, UUID],
    ruta: int,
    cuerpo: dict[str, Any],
    if_match: str | None,
) -> None:
    cliente, titular = contexto
    metodo, url = _rutas(titular)[ruta]
    encabezados = {"If-Match": if_match} if if_match else {}

    respuesta = await cliente.request(metodo, url, json=cuerpo, headers=encabezados)

    assert respuesta.status_code < 500, (metodo, url, cuerpo, respuesta.text)
    if respuesta.status_code >= 400:
        assert respuesta.headers["content-type"].startswith("application/problem+json")
        assert respuesta.json()["detail"]
