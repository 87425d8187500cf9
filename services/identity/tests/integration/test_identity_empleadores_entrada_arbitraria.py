"""Arbitrary input never breaks the employer administration: a success or a Spanish problem.

Runs against a real, migrated PostgreSQL: some generated bodies are valid and really create,
change or delete profiles and delegates, so the rules' refusals are exercised too.
"""

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from eps_contracts.codec import to_envelope
from eps_contracts.events import EmpleadorRegistrado
from eps_runtime.auth import Rol
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.db import create_engine
from eps_runtime.http import service_app
from eps_runtime.http_auth import instalar_autenticacion
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.entrypoints import rutas_empleadores
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

SERVICIO = Path(__file__).resolve().parents[2]
EMISOR = EmisorTokens()

_PERFIL_ID = uuid4()
_ESCALARES = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.sampled_from(
        [
            "",
            " ",
            "CC",
            "NIT",
            "3001234567",
            "6015550101",
            "ana@empresa.test",
            "José Pérez",
            "descargar-certificados",
            "administrar-delegados",
            "1020304050",
            str(_PERFIL_ID),
            "%",
            "\\",
            "\x00",
        ]
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
    "nombre",
    "permisos",
    "nombres",
    "tipo_documento",
    "numero_documento",
    "cargo",
    "telefono",
    "celular",
    "correo",
    "perfil_id",
    "confirmar",
]
_CUERPOS = st.dictionaries(st.sampled_from(_CAMPOS), _JSON, max_size=8) | _JSON


@dataclass
class Contexto:
    cliente: httpx.AsyncClient
    base: str
    delegado_id: str


@pytest.fixture(scope="module")
async def contexto(infrastructure: Infrastructure) -> AsyncIterator[Contexto]:
    url = await infrastructure.create_migrated_database(SERVICIO, "identity")
    motor = create_engine(url)
    app = service_app(
        title="Identidad (prueba)",
        description="Administración delegada",
        settings=IdentitySettings(database_url=url),
        engine=motor,
    )
    instalar_autenticacion(app, EMISOR.verificador())
    app.include_router(rutas_empleadores.router)
    evento = EmpleadorRegistrado(
        empleador_id=uuid4(),
        tipo_documento="NIT",
        numero_documento="900123456",
        digito_verificacion=8,
        razon_social="Andina S.A.S.",
    )
    sobre = to_envelope(evento, event_id=uuid4(), time=datetime.now(UTC), aggregate_version=1)
    async with motor.begin() as conn:
        await EmpleadoresConocidosProjection().apply(
            conn, [ConsumedEvent(sobre, evento, "eps.affiliation.empleadores", 0, 0)]
        )
    token = EMISOR.emitir(rol=Rol.EMPLEADOR, empleador_id=evento.empleador_id)
    base = f"/empleadores/{evento.empleador_id}"
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app, raise_app_exceptions=False),
        base_url="http://identidad",
        headers={"Authorization": f"Bearer {token}"},
    ) as cliente:
        perfil = await cliente.post(
            f"{base}/perfiles", json={"nombre": "Base", "permisos": ["descargar-certificados"]}
        )
        assert perfil.status_code == 201, perfil.text
        delegado = await cliente.post(
            f"{base}/delegados",
            json={
                "nombres": "Ana Ruiz",
                "tipo_documento": "CC",
                "numero_documento": "1020304050",
                "celular": "3001234567",
                "correo": "ana@empresa.test",
                "perfil_id": perfil.json()["perfil_id"],
            },
        )
        assert delegado.status_code == 201, delegado.text
        yield Contexto(cliente, base, delegado.json()["delegado_id"])
    await motor.dispose()


def _rutas(c: Contexto, perfil_id: UUID) -> list[tuple[str, str]]:
    return [
        ("POST", "/perfiles"),
        ("PUT", f"/perfiles/{perfil_id}"),
        ("DELETE", f"/perfiles/{perfil_id}"),
        ("POST", "/delegados"),
        ("PUT", f"/delegados/{c.delegado_id}"),
        ("DELETE", f"/delegados/{c.delegado_id}"),
    ]


@settings(
    max_examples=120,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    ruta=st.integers(min_value=0, max_value=5),
    cuerpo=_CUERPOS,
    if_match=st.sampled_from([None, '"1"', "x", '"99"', 'W/"2"', "-1", "9" * 30]),
    perfil_id=st.sampled_from([_PERFIL_ID, uuid4()]),
)
async def test_cualquier_cuerpo_recibe_una_respuesta_sin_error_500(
    contexto: Contexto,
    ruta: int,
    cuerpo: Any,
    if_match: str | None,
    perfil_id: UUID,
) -> None:
    metodo, url = _rutas(contexto, perfil_id)[ruta]
    encabezados = {"If-Match": if_match} if if_match else {}

    respuesta = await contexto.cliente.request(
        metodo, contexto.base + url, json=cuerpo, headers=encabezados
    )

    assert respuesta.status_code < 500, (metodo, url, cuerpo, respuesta.text)
    if respuesta.status_code >= 400:
        assert respuesta.headers["content-type"].startswith("application/problem+json")
        assert respuesta.json()["detail"]


@settings(max_examples=60, deadline=None)
@given(
    filtro=st.dictionaries(
        st.sampled_from(["nombre", "documento", "correo"]), st.text(max_size=40), max_size=3
    )
)
async def test_cualquier_busqueda_responde_sin_error_500(
    contexto: Contexto, filtro: dict[str, str]
) -> None:
    respuesta = await contexto.cliente.get(f"{contexto.base}/delegados", params=filtro)
    assert respuesta.status_code in (200, 422), respuesta.text


async def test_caracteres_de_control_se_rechazan_con_422(contexto: Contexto) -> None:
    r = await contexto.cliente.post(
        f"{contexto.base}/perfiles",
        json={"nombre": "Nó\x00mina", "permisos": ["descargar-certificados"]},
    )
    assert r.status_code == 422, r.text
    r = await contexto.cliente.get(f"{contexto.base}/delegados", params={"nombre": "a\x00"})
    assert r.status_code in (200, 422), r.text
    r = await contexto.cliente.post(
        f"{contexto.base}/delegados",
        json={
            "nombres": "Ana Ruiz",
            "tipo_documento": "CC",
            "numero_documento": "555666777",
            "cargo": "Jefe\x00",
            "celular": "3001234567",
            "correo": "ana2@empresa.test",
            "perfil_id": str(uuid4()),
        },
    )
    assert r.status_code == 422, r.text
    r = await contexto.cliente.post(
        f"{contexto.base}/perfiles",
        content=b'{"nombre": "N\\ud800mina", "permisos": ["descargar-certificados"]}',
        headers={"Content-Type": "application/json"},
    )
    assert r.status_code == 422, r.text
    assert "caracteres no válidos" in r.json()["detail"]
