"""Employer administration over HTTP (seed 002) on a real, migrated PostgreSQL.

The app under test is built here with only the employer routes (as the identity app will
include them), verifying tokens of a test issuer; known employers are put in identity's
read model through its projection, as the consumer would.
"""

import asyncio
import hashlib
import json
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.codec import to_envelope
from eps_contracts.events import EmpleadorRegistrado
from eps_runtime.auth import Rol
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace
from eps_runtime.http import service_app
from eps_runtime.http_auth import instalar_autenticacion
from eps_runtime.testing.tokens import EmisorTokens
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection
from identity.adapters.empleadores_sql import AdministracionEmpleadoresSql
from identity.application.empleadores import ConfigActivacion, ServicioEmpleadores
from identity.entrypoints import rutas_empleadores
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

URL_ACTIVACION = "https://oficina.eps.test/delegados/activar"
TODOS = [
    "descargar-certificados",
    "gestionar-incapacidades",
    "solicitudes-administrativas",
    "aportes-y-cartera",
    "actualizar-datos-empleador",
    "administrar-delegados",
]

EMISOR = EmisorTokens()


@pytest.fixture
async def motor(identity_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(identity_database_url)
    yield motor
    await motor.dispose()


@pytest.fixture
def servicio(motor: AsyncEngine) -> ServicioEmpleadores:
    return ServicioEmpleadores(
        AdministracionEmpleadoresSql(motor),
        ConfigActivacion(
            url_activacion=URL_ACTIVACION,
            vigencia=timedelta(hours=72),
            clave_enlaces=EnlacesSettings().clave,
        ),
    )


@pytest.fixture
async def app(
    identity_database_url: str, motor: AsyncEngine, servicio: ServicioEmpleadores
) -> AsyncIterator[FastAPI]:
    app = service_app(
        title="Identidad (prueba)",
        description="Administración delegada",
        settings=IdentitySettings(database_url=identity_database_url),
        engine=motor,
    )
    instalar_autenticacion(app, EMISOR.verificador())
    app.state.servicio_empleadores = servicio
    app.include_router(rutas_empleadores.router)
    yield app


@pytest.fixture
async def http(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=app, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transporte, base_url="http://identidad") as c:
        yield c


async def registrar_empleador(motor: AsyncEngine) -> uuid.UUID:
    """An employer as affiliation registers it, applied to identity's read model."""
    evento = EmpleadorRegistrado(
        empleador_id=uuid.uuid4(),
        tipo_documento="NIT",
        numero_documento="900123456",
        digito_verificacion=8,
        razon_social="Comercializadora Andina S.A.S.",
    )
    sobre = to_envelope(evento, event_id=uuid.uuid4(), time=datetime.now(UTC), aggregate_version=1)
    async with motor.begin() as conn:
        await EmpleadoresConocidosProjection().apply(
            conn, [ConsumedEvent(sobre, evento, "eps.affiliation.empleadores", 0, 0)]
        )
    return evento.empleador_id


def empleador(empleador_id: uuid.UUID) -> dict[str, str]:
    token = EMISOR.emitir(rol=Rol.EMPLEADOR, empleador_id=empleador_id)
    return {"Authorization": f"Bearer {token}"}


def delegado(
    empleador_id: uuid.UUID, delegado_id: uuid.UUID | str, permisos: list[str]
) -> dict[str, str]:
    token = EMISOR.emitir(
        rol=Rol.DELEGADO, usuario_id=str(delegado_id), empleador_id=empleador_id, permisos=permisos
    )
    return {"Authorization": f"Bearer {token}"}


def con_version(cabeceras: dict[str, str], etag: str) -> dict[str, str]:
    return {**cabeceras, "If-Match": etag}


@dataclass
class Empresa:
    """An employer known to identity, and a client acting as its legal representative."""

    id: uuid.UUID
    http: httpx.AsyncClient

    @property
    def base(self) -> str:
        return f"/empleadores/{self.id}"

    @property
    def yo(self) -> dict[str, str]:
        return empleador(self.id)

    async def crear_perfil(self, nombre: str, permisos: list[str]) -> dict[str, Any]:
        r = await self.http.post(
            f"{self.base}/perfiles", json={"nombre": nombre, "permisos": permisos}, headers=self.yo
        )
        assert r.status_code == 201, r.text
        cuerpo: dict[str, Any] = r.json()
        return cuerpo

    async def crear_delegado(self, perfil_id: str, **campos: Any) -> dict[str, Any]:
        cuerpo = {
            "nombres": "Laura Gómez",
            "tipo_documento": "CC",
            "numero_documento": str(uuid.uuid4().int)[:10],
            "cargo": "Analista de nómina",
            "telefono": "6015550101",
            "celular": "3001234567",
            "correo": f"{uuid.uuid4().hex[:8]}@empresa.test",
            "perfil_id": perfil_id,
        } | campos
        r = await self.http.post(f"{self.base}/delegados", json=cuerpo, headers=self.yo)
        assert r.status_code == 201, r.text
        creado: dict[str, Any] = r.json()
        return creado

    async def etag(self) -> str:
        r = await self.http.get(f"{self.base}/perfiles", headers=self.yo)
        assert r.status_code == 200, r.text
        return r.headers["ETag"]


@pytest.fixture
async def empresa(motor: AsyncEngine, http: httpx.AsyncClient) -> Empresa:
    return Empresa(await registrar_empleador(motor), http)


def es_problema(r: httpx.Response, estado: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == estado, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problema: dict[str, Any] = r.json()
    if code is not None:
        assert problema["code"] == code, problema
    return problema


# -- the 100-profile limit ---------------------------------------------------------------------


async def test_perfil_101_se_rechaza_con_mensaje_claro(empresa: Empresa) -> None:
    for n in range(100):
        await empresa.crear_perfil(f"Perfil {n:03d}", ["descargar-certificados"])

    r = await empresa.http.post(
        f"{empresa.base}/perfiles",
        json={"nombre": "Perfil 101", "permisos": ["gestionar-incapacidades"]},
        headers=empresa.yo,
    )

    problema = es_problema(r, 409, "limite-de-perfiles")
    assert problema["detail"].startswith("Un empleador puede tener un máximo de 100 perfiles")
    assert "elimine un perfil" in problema["detail"]
    lista = (await empresa.http.get(f"{empresa.base}/perfiles", headers=empresa.yo)).json()
    assert lista["total"] == 100 and lista["maximo"] == 100
    assert "Perfil 101" not in {p["nombre"] for p in lista["perfiles"]}


async def test_perfiles_se_crean_consultan_modifican_y_eliminan(empresa: Empresa) -> None:
    creado = await empresa.crear_perfil("Nómina", ["aportes-y-cartera", "descargar-certificados"])
    url = f"{empresa.base}/perfiles/{creado['perfil_id']}"
    assert [p["codigo"] for p in creado["permisos"]] == [
        "aportes-y-cartera",
        "descargar-certificados",
    ]
    assert all(p["descripcion"] for p in creado["permisos"])

    consultado = await empresa.http.get(url, headers=empresa.yo)
    assert consultado.status_code == 200 and consultado.json() == creado

    r = await empresa.http.put(
        url,
        json={"nombre": "Nómina y cartera", "permisos": ["aportes-y-cartera"]},
        headers=con_version(empresa.yo, consultado.headers["ETag"]),
    )
    assert r.status_code == 200, r.text
    assert r.json()["nombre"] == "Nómina y cartera"

    repetido = await empresa.http.post(
        f"{empresa.base}/perfiles",
        json={"nombre": "NOMINA Y CARTERA", "permisos": ["aportes-y-cartera"]},
        headers=empresa.yo,
    )
    es_problema(repetido, 409, "perfil-repetido")

    r = await empresa.http.delete(url, headers=con_version(empresa.yo, r.headers["ETag"]))
    assert r.status_code == 204, r.text
    es_problema(await empresa.http.get(url, headers=empresa.yo), 404, "perfil-no-encontrado")


async def test_eliminar_perfil_en_uso_se_rechaza_y_dice_que_hacer(empresa: Empresa) -> None:
    perfil = await empresa.crear_perfil("Incapacidades", ["gestionar-incapacidades"])
    await empresa.crear_delegado(perfil["perfil_id"])

    r = await empresa.http.delete(
        f"{empresa.base}/perfiles/{perfil['perfil_id']}",
        headers=con_version(empresa.yo, await empresa.etag()),
    )

    problema = es_problema(r, 409, "perfil-en-uso")
    assert "asignado a 1 delegado" in problema["detail"]
    assert "Asigne otro perfil" in problema["detail"]


# -- who may administer ------------------------------------------------------------------------


async def test_delegado_sin_permiso_no_administra_delegados(empresa: Empresa) -> None:
    incapacidades = await empresa.crear_perfil("Incapacidades", ["gestionar-incapacidades"])
    administra = await empresa.crear_perfil("Administrador", TODOS)
    sin_permiso = await empresa.crear_delegado(incapacidades["perfil_id"])
    con_permiso = await empresa.crear_delegado(administra["perfil_id"], nombres="Pedro Ruiz")

    # Its token does not grant the permission.
    token_sin = delegado(empresa.id, sin_permiso["delegado_id"], ["gestionar-incapacidades"])
    for metodo, ruta, cuerpo in [
        ("GET", "/delegados", None),
        ("GET", "/perfiles", None),
        ("POST", "/perfiles", {"nombre": "Nuevo", "permisos": ["administrar-delegados"]}),
        ("GET", f"/delegados/{con_permiso['delegado_id']}", None),
    ]:
        r = await empresa.http.request(metodo, empresa.base + ruta, json=cuerpo, headers=token_sin)
        es_problema(r, 403, "sin-permiso")

    # A token that claims the permission its profile does not grant (any more) is not enough.
    inflado = delegado(empresa.id, sin_permiso["delegado_id"], ["administrar-delegados"])
    es_problema(await empresa.http.get(f"{empresa.base}/delegados", headers=inflado), 403)

    # The delegate whose profile grants it administers; it loses that at once when the
    # profile loses the permission.
    token_con = delegado(empresa.id, con_permiso["delegado_id"], TODOS)
    r = await empresa.http.get(f"{empresa.base}/delegados", headers=token_con)
    assert r.status_code == 200 and r.json()["total"] == 2
    r = await empresa.http.put(
        f"{empresa.base}/perfiles/{administra['perfil_id']}",
        json={"nombre": "Administrador", "permisos": ["descargar-certificados"]},
        headers=con_version(empresa.yo, r.headers["ETag"]),
    )
    assert r.status_code == 200, r.text
    es_problema(await empresa.http.get(f"{empresa.base}/delegados", headers=token_con), 403)


async def test_delegado_de_otro_empleador_recibe_404(
    empresa: Empresa, motor: AsyncEngine, http: httpx.AsyncClient
) -> None:
    otra = Empresa(await registrar_empleador(motor), http)
    perfil = await empresa.crear_perfil("Incapacidades", ["gestionar-incapacidades"])
    victima = await empresa.crear_delegado(perfil["perfil_id"])
    admin_otra = await otra.crear_perfil("Administrador", TODOS)
    intruso = await otra.crear_delegado(admin_otra["perfil_id"])
    token_intruso = delegado(otra.id, intruso["delegado_id"], TODOS)
    # The same token with the victim's employer id in its claims, as if forged: still not a
    # delegate of that employer.
    falso = delegado(empresa.id, intruso["delegado_id"], TODOS)
    afiliado = {
        "Authorization": "Bearer "
        + EMISOR.emitir(rol=Rol.AFILIADO, afiliado_id=uuid.uuid4(), permisos=TODOS)
    }
    inexistente = f"/empleadores/{uuid.uuid4()}/delegados"

    respuestas = []
    for cabeceras in (token_intruso, otra.yo, afiliado, falso):
        for metodo, ruta, cuerpo in [
            ("GET", "/delegados", None),
            ("GET", f"/delegados/{victima['delegado_id']}", None),
            ("GET", f"/perfiles/{perfil['perfil_id']}", None),
            ("POST", "/perfiles", {"nombre": "Intruso", "permisos": TODOS}),
            ("DELETE", f"/delegados/{victima['delegado_id']}", {"confirmar": True}),
        ]:
            r = await http.request(metodo, empresa.base + ruta, json=cuerpo, headers=cabeceras)
            respuestas.append(es_problema(r, 404, "empleador-no-encontrado"))
        # An employer that does not exist answers exactly the same.
        r = await http.get(inexistente, headers=cabeceras)
        respuestas.append(es_problema(r, 404, "empleador-no-encontrado"))

    assert {p["detail"] for p in respuestas} == {"El empleador solicitado no existe."}
    # Nothing changed for the victim.
    r = await http.get(f"{empresa.base}/delegados/{victima['delegado_id']}", headers=empresa.yo)
    assert r.status_code == 200
    lista = (await http.get(f"{empresa.base}/perfiles", headers=empresa.yo)).json()
    assert [p["nombre"] for p in lista["perfiles"]] == ["Incapacidades"]


async def test_sin_token_responde_401(empresa: Empresa) -> None:
    es_problema(await empresa.http.get(f"{empresa.base}/delegados"), 401, "sesion-requerida")


# -- delegates ---------------------------------------------------------------------------------


async def test_eliminar_delegado_exige_confirmacion_y_es_definitivo(
    empresa: Empresa, motor: AsyncEngine
) -> None:
    perfil = await empresa.crear_perfil("Administrador", TODOS)
    creado = await empresa.crear_delegado(perfil["perfil_id"])
    url = f"{empresa.base}/delegados/{creado['delegado_id']}"
    etag = await empresa.etag()
    con_etag = con_version(empresa.yo, etag)

    es_problema(await empresa.http.request("DELETE", url, headers=con_etag), 422, "datos-invalidos")
    r = await empresa.http.request("DELETE", url, json={"confirmar": False}, headers=con_etag)
    assert "definitiva" in es_problema(r, 422, "confirmacion-requerida")["detail"]
    r = await empresa.http.request("DELETE", url, json={"confirmar": True}, headers=empresa.yo)
    es_problema(r, 428, "version-requerida")
    assert (await empresa.http.get(url, headers=empresa.yo)).status_code == 200

    r = await empresa.http.request("DELETE", url, json={"confirmar": True}, headers=con_etag)
    assert r.status_code == 204, r.text

    es_problema(await empresa.http.get(url, headers=empresa.yo), 404, "delegado-no-encontrado")
    r = await empresa.http.request(
        "DELETE", url, json={"confirmar": True}, headers=con_version(empresa.yo, r.headers["ETag"])
    )
    es_problema(r, 404, "delegado-no-encontrado")
    lista = (await empresa.http.get(f"{empresa.base}/delegados", headers=empresa.yo)).json()
    assert lista == {"delegados": [], "total": 0}
    # The deleted delegate's still-valid token no longer reaches anything.
    token = delegado(empresa.id, creado["delegado_id"], TODOS)
    es_problema(await empresa.http.get(f"{empresa.base}/delegados", headers=token), 404)
    async with motor.connect() as conn:
        tipos = [
            f.event_type
            for f in await conn.execute(
                text("SELECT event_type FROM events WHERE stream_id = :id ORDER BY version"),
                {"id": empresa.id},
            )
        ]
        restos = await conn.execute(
            text(
                "SELECT (SELECT count(*) FROM delegados_empleador WHERE delegado_id = :d) "
                "+ (SELECT count(*) FROM activaciones_delegado WHERE delegado_id = :d)"
            ),
            {"d": uuid.UUID(creado["delegado_id"])},
        )
        assert restos.scalar_one() == 0
    assert tipos[-1] == "co.eps.identity.DelegadoEliminado.v1"


async def test_delegado_creado_lleva_enlace_cifrado_y_no_en_claro(
    empresa: Empresa, motor: AsyncEngine, servicio: ServicioEmpleadores
) -> None:
    perfil = await empresa.crear_perfil("Certificados", ["descargar-certificados"])
    creado = await empresa.crear_delegado(
        perfil["perfil_id"],
        nombres="Andrés Mejía",
        numero_documento="79888777",
        celular="3157778899",
        telefono="6017778899",
        correo="andres.mejia@empresa.test",
    )

    async with motor.connect() as conn:
        fila = (
            await conn.execute(
                text(
                    "SELECT data FROM events WHERE stream_id = :id AND event_type = "
                    "'co.eps.identity.DelegadoCreado.v1'"
                ),
                {"id": empresa.id},
            )
        ).one()
        hashes = [
            bytes(h)
            for (h,) in await conn.execute(
                text("SELECT token_hash FROM activaciones_delegado WHERE delegado_id = :d"),
                {"d": uuid.UUID(creado["delegado_id"])},
            )
        ]
        filas: list[str] = []
        for tabla in ("events", "outbox", "delegados_empleador", "activaciones_delegado"):
            filas.extend(str(f) for f in await conn.execute(text(f"SELECT * FROM {tabla}")))
        volcado = "\n".join(filas)
    datos = fila.data
    assert datos["delegado_id"] == creado["delegado_id"]
    assert datos["email"] == "andres.mejia@empresa.test"
    assert URL_ACTIVACION not in datos["enlace"]
    enlace = descifrar_enlace(datos["enlace"], EnlacesSettings().clave)
    assert enlace.startswith(URL_ACTIVACION + "#token=")
    token = enlace.split("#token=", 1)[1]
    assert len(token) >= 40
    # Only the token's hash is kept; neither it nor the link is anywhere in clear.
    assert hashes == [hashlib.sha256(token.encode()).digest()]
    assert token not in volcado and URL_ACTIVACION not in volcado
    # The event carries no document number nor phones.
    evento = json.dumps(datos)
    assert "79888777" not in evento and "3157778899" not in evento
    assert "6017778899" not in evento
    assert datetime.fromisoformat(datos["enlace_vence_en"]) > datetime.now(UTC) + timedelta(
        hours=71
    )
    # Single use.
    activacion = await servicio.usar_enlace_activacion(token)
    assert activacion is not None
    assert str(activacion.delegado_id) == creado["delegado_id"]
    assert await servicio.usar_enlace_activacion(token) is None
    assert await servicio.usar_enlace_activacion(token[:-1] + "x") is None


async def test_buscar_delegados_por_nombre_documento_o_correo(empresa: Empresa) -> None:
    perfil = await empresa.crear_perfil("Incapacidades", ["gestionar-incapacidades"])
    p = perfil["perfil_id"]
    jose = await empresa.crear_delegado(
        p, nombres="José Pérez", numero_documento="10203040", correo="jperez@andina.test"
    )
    maria = await empresa.crear_delegado(
        p, nombres="María Josefa Ríos", numero_documento="10999888", correo="mrios@andina.test"
    )
    carlos = await empresa.crear_delegado(
        p, nombres="Carlos Díaz", numero_documento="52000111", correo="cdiaz@otra.test"
    )

    async def buscar(**filtro: str) -> list[str]:
        r = await empresa.http.get(f"{empresa.base}/delegados", params=filtro, headers=empresa.yo)
        assert r.status_code == 200, r.text
        return [d["delegado_id"] for d in r.json()["delegados"]]

    assert await buscar() == [carlos["delegado_id"], jose["delegado_id"], maria["delegado_id"]]
    assert await buscar(nombre="jose") == [jose["delegado_id"], maria["delegado_id"]]
    assert await buscar(nombre="PÉREZ") == [jose["delegado_id"]]
    assert await buscar(documento="10203040") == [jose["delegado_id"]]
    assert await buscar(documento="10") == [jose["delegado_id"], maria["delegado_id"]]
    assert await buscar(correo="ANDINA.test") == [jose["delegado_id"], maria["delegado_id"]]
    assert await buscar(correo="cdiaz@otra.test") == [carlos["delegado_id"]]
    assert await buscar(nombre="jose", correo="mrios") == [maria["delegado_id"]]
    assert await buscar(nombre="%") == []
    assert await buscar(nombre="nadie") == []

    consultado = (
        await empresa.http.get(
            f"{empresa.base}/delegados/{jose['delegado_id']}", headers=empresa.yo
        )
    ).json()
    assert consultado["numero_documento"] == "10203040"
    assert consultado["perfil"]["nombre"] == "Incapacidades"
    assert consultado["perfil"]["permisos"][0]["codigo"] == "gestionar-incapacidades"


async def test_modificar_delegado_cambia_sus_datos_y_su_perfil(empresa: Empresa) -> None:
    uno = await empresa.crear_perfil("Uno", ["descargar-certificados"])
    dos = await empresa.crear_perfil("Dos", ["aportes-y-cartera"])
    creado = await empresa.crear_delegado(uno["perfil_id"], numero_documento="1234567")
    url = f"{empresa.base}/delegados/{creado['delegado_id']}"

    r = await empresa.http.put(
        url,
        json={
            "nombres": "Laura Gómez Arias",
            "cargo": "Jefe de nómina",
            "telefono": None,
            "celular": "3109998877",
            "correo": "laura.gomez@empresa.test",
            "perfil_id": dos["perfil_id"],
        },
        headers=con_version(empresa.yo, await empresa.etag()),
    )

    assert r.status_code == 200, r.text
    cuerpo = r.json()
    assert cuerpo["nombres"] == "Laura Gómez Arias"
    assert cuerpo["telefono"] is None and cuerpo["celular"] == "3109998877"
    assert cuerpo["numero_documento"] == "1234567"
    assert cuerpo["perfil"]["perfil_id"] == dos["perfil_id"]
    assert (await empresa.http.get(url, headers=empresa.yo)).json() == cuerpo


async def test_documento_o_correo_repetido_en_el_mismo_empleador_se_rechaza(
    empresa: Empresa,
) -> None:
    perfil = await empresa.crear_perfil("Uno", ["descargar-certificados"])
    await empresa.crear_delegado(
        perfil["perfil_id"], numero_documento="8000111", correo="uno@empresa.test"
    )
    base = {
        "nombres": "Otra Persona",
        "tipo_documento": "CC",
        "celular": "3001112233",
        "perfil_id": perfil["perfil_id"],
    }
    r = await empresa.http.post(
        f"{empresa.base}/delegados",
        json=base | {"numero_documento": "8000111", "correo": "dos@empresa.test"},
        headers=empresa.yo,
    )
    assert "documento" in es_problema(r, 409, "delegado-repetido")["detail"]
    r = await empresa.http.post(
        f"{empresa.base}/delegados",
        json=base | {"numero_documento": "8000222", "correo": "UNO@empresa.test"},
        headers=empresa.yo,
    )
    assert "correo" in es_problema(r, 409, "delegado-repetido")["detail"]


# -- concurrency -------------------------------------------------------------------------------


async def test_dos_cambios_a_la_vez_uno_recibe_409(empresa: Empresa) -> None:
    perfil = await empresa.crear_perfil("Cartera", ["aportes-y-cartera"])
    url = f"{empresa.base}/perfiles/{perfil['perfil_id']}"
    etag = await empresa.etag()

    async def cambiar(nombre: str) -> httpx.Response:
        return await empresa.http.put(
            url,
            json={"nombre": nombre, "permisos": ["aportes-y-cartera"]},
            headers=con_version(empresa.yo, etag),
        )

    respuestas = await asyncio.gather(cambiar("Cartera A"), cambiar("Cartera B"))

    assert sorted(r.status_code for r in respuestas) == [200, 409]
    perdedora = next(r for r in respuestas if r.status_code == 409)
    problema = es_problema(perdedora, 409, "conflicto-de-version")
    assert "Consulte de nuevo" in problema["detail"]
    ganadora = next(r for r in respuestas if r.status_code == 200).json()["nombre"]
    assert (await empresa.http.get(url, headers=empresa.yo)).json()["nombre"] == ganadora
    # A stale version keeps failing; the current one works.
    es_problema(await cambiar("Cartera C"), 409, "conflicto-de-version")


async def test_creaciones_simultaneas_sin_version_no_se_pierden(empresa: Empresa) -> None:
    await asyncio.gather(
        *(empresa.crear_perfil(f"Simultáneo {n}", ["descargar-certificados"]) for n in range(5))
    )
    lista = (await empresa.http.get(f"{empresa.base}/perfiles", headers=empresa.yo)).json()
    assert lista["total"] == 5


# -- bad input ---------------------------------------------------------------------------------


async def test_datos_invalidos_responden_422_en_espanol_nunca_500(empresa: Empresa) -> None:
    perfil = await empresa.crear_perfil("Uno", ["descargar-certificados"])
    delegado_bueno = {
        "nombres": "Laura Gómez",
        "tipo_documento": "CC",
        "numero_documento": "1020304050",
        "celular": "3001234567",
        "correo": "laura@empresa.test",
        "perfil_id": perfil["perfil_id"],
    }
    casos: list[tuple[str, str, Any, str]] = [
        ("POST", "/perfiles", {}, "nombre: es obligatorio"),
        ("POST", "/perfiles", {"nombre": "X", "permisos": []}, "permisos"),
        ("POST", "/perfiles", {"nombre": "X", "permisos": ["volar"]}, "Permisos no reconocidos"),
        (
            "POST",
            "/perfiles",
            {"nombre": "X", "permisos": ["aportes-y-cartera", "aportes-y-cartera"]},
            "una sola vez",
        ),
        ("POST", "/perfiles", {"nombre": "   ", "permisos": TODOS}, "nombre"),
        ("POST", "/perfiles", {"nombre": "X", "permisos": "todos"}, "debe ser una lista"),
        ("POST", "/perfiles", [1, 2], "objeto JSON"),
        ("POST", "/delegados", delegado_bueno | {"celular": "12345"}, "celular"),
        ("POST", "/delegados", delegado_bueno | {"correo": "no-es-correo"}, "correo"),
        ("POST", "/delegados", delegado_bueno | {"nombres": "R2-D2"}, "letras"),
        ("POST", "/delegados", delegado_bueno | {"numero_documento": "12AB"}, "dígitos"),
        ("POST", "/delegados", delegado_bueno | {"tipo_documento": "XX"}, "valor permitido"),
        ("POST", "/delegados", delegado_bueno | {"perfil_id": "abc"}, "identificador"),
        ("POST", "/delegados", delegado_bueno | {"perfil_id": str(uuid.uuid4())}, "perfil"),
        ("POST", "/delegados", delegado_bueno | {"telefono": "abc"}, "dígitos"),
        ("POST", "/delegados", delegado_bueno | {"admin": True}, "no es un campo admitido"),
        ("POST", "/delegados", delegado_bueno | {"nombres": "x" * 500}, "demasiado largo"),
        ("GET", "/delegados/no-es-un-uuid", None, "identificador"),
        ("GET", "/delegados?nombre=" + "a" * 300, None, "demasiado largo"),
    ]
    for metodo, ruta, cuerpo, fragmento in casos:
        r = await empresa.http.request(metodo, empresa.base + ruta, json=cuerpo, headers=empresa.yo)
        problema = es_problema(r, 422)
        assert fragmento in problema["detail"], (ruta, cuerpo, problema)

    r = await empresa.http.post(
        f"{empresa.base}/perfiles",
        content=b"{no es json",
        headers={**empresa.yo, "Content-Type": "application/json"},
    )
    assert "JSON" in es_problema(r, 422, "datos-invalidos")["detail"]
    r = await empresa.http.put(
        f"{empresa.base}/perfiles/{perfil['perfil_id']}",
        json={"nombre": "Uno", "permisos": ["descargar-certificados"]},
        headers=con_version(empresa.yo, "ayer"),
    )
    es_problema(r, 422, "if-match-invalido")
    r = await empresa.http.get("/empleadores/no-es-uuid/perfiles", headers=empresa.yo)
    es_problema(r, 422, "datos-invalidos")


async def test_el_mismo_delegado_creado_dos_veces_a_la_vez_queda_una_sola_vez(
    empresa: Empresa,
) -> None:
    perfil = await empresa.crear_perfil("Uno", ["descargar-certificados"])

    async def crear(correo: str) -> httpx.Response:
        return await empresa.http.post(
            f"{empresa.base}/delegados",
            json={
                "nombres": "Sofía Vargas",
                "tipo_documento": "CC",
                "numero_documento": "43111222",
                "celular": "3004445566",
                "correo": correo,
                "perfil_id": perfil["perfil_id"],
            },
            headers=empresa.yo,
        )

    respuestas = await asyncio.gather(crear("a@empresa.test"), crear("b@empresa.test"))

    assert sorted(r.status_code for r in respuestas) == [201, 409]
    es_problema(next(r for r in respuestas if r.status_code == 409), 409, "delegado-repetido")
    lista = (await empresa.http.get(f"{empresa.base}/delegados", headers=empresa.yo)).json()
    assert lista["total"] == 1


async def test_empleador_que_identidad_no_conoce_responde_404(http: httpx.AsyncClient) -> None:
    desconocido = uuid.uuid4()
    r = await http.get(f"/empleadores/{desconocido}/perfiles", headers=empleador(desconocido))
    es_problema(r, 404, "empleador-no-encontrado")
    r = await http.post(
        f"/empleadores/{desconocido}/perfiles",
        json={"nombre": "Uno", "permisos": ["descargar-certificados"]},
        headers=empleador(desconocido),
    )
    es_problema(r, 404, "empleador-no-encontrado")
