"""Accounts of the employer side over HTTP on a real, migrated PostgreSQL: the legal
representative's account, the delegates' activation, and their sessions with the permissions
read at issue time (``POST /sesiones`` with ``perfil`` and ``nit_empleador``)."""

import random
import uuid
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlparse

import httpx
import jwt
import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.codec import to_envelope
from eps_contracts.events import EmpleadorRegistrado
from eps_runtime.consumer import ConsumedEvent
from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace
from identity.adapters.empleadores_projection import EmpleadoresConocidosProjection

from .conftest import CONTRASENA, Flujo, RelojDePrueba

pytestmark = pytest.mark.integration

CONTRASENA_DELEGADO = "la nomina se paga el quince"


async def registrar_empleador(bd: AsyncEngine) -> tuple[uuid.UUID, str, int]:
    """An employer as affiliation registers it, applied to identity's read model."""
    nit = str(random.randint(800_000_000, 999_999_999))
    evento = EmpleadorRegistrado(
        empleador_id=uuid.uuid4(),
        tipo_documento="NIT",
        numero_documento=nit,
        digito_verificacion=7,
        razon_social="Comercializadora Andina S.A.S.",
    )
    sobre = to_envelope(evento, event_id=uuid.uuid4(), time=datetime.now(UTC), aggregate_version=1)
    async with bd.begin() as conn:
        await EmpleadoresConocidosProjection().apply(
            conn, [ConsumedEvent(sobre, evento, "eps.affiliation.empleadores", 0, 0)]
        )
    return evento.empleador_id, nit, 7


def solicitud_cuenta(nit: str, dv: int, numero: str = "52123456", **cambios: Any) -> dict[str, Any]:
    return {
        "nit": nit,
        "digito_verificacion": dv,
        "nombre_representante": "Marta Lucía Rojas",
        "tipo_documento": "CC",
        "numero_documento": numero,
        "email": "Representante@Empresa.test",
        "email_confirmacion": "representante@empresa.test",
        "telefono_movil": "3205551234",
        "acepta_terminos": True,
        "terminos_version": "2026-01",
    } | cambios


def claims(respuesta: httpx.Response) -> dict[str, Any]:
    assert respuesta.status_code == 200, respuesta.text
    datos: dict[str, Any] = jwt.decode(
        respuesta.json()["access_token"], options={"verify_signature": False}
    )
    return datos


def bearer(respuesta: httpx.Response) -> dict[str, str]:
    return {"Authorization": f"Bearer {respuesta.json()['access_token']}"}


def es_problema(r: httpx.Response, estado: int, code: str | None = None) -> dict[str, Any]:
    assert r.status_code == estado, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    problema: dict[str, Any] = r.json()
    if code is not None:
        assert problema["code"] == code, problema
    return problema


async def ingresar(
    flujo: Flujo,
    numero: str,
    perfil: str,
    nit: str | None,
    contrasena: str = CONTRASENA,
) -> httpx.Response:
    cuerpo: dict[str, Any] = {
        "tipo_documento": "CC",
        "numero_documento": numero,
        "contrasena": contrasena,
        "perfil": perfil,
    }
    if nit is not None:
        cuerpo["nit_empleador"] = nit
    return await flujo.http.post("/sesiones", json=cuerpo)


async def representante_con_sesion(
    flujo: Flujo, bd: AsyncEngine
) -> tuple[uuid.UUID, str, httpx.Response]:
    """A known employer whose legal representative opened the account, set its password
    with the e-mailed link and logged in; returns (empleador_id, nit, login response)."""
    empleador_id, nit, dv = await registrar_empleador(bd)
    creada = await flujo.http.post("/empleadores/cuenta", json=solicitud_cuenta(nit, dv))
    assert creada.status_code == 201, creada.text
    usuario_id = creada.json()["usuario_id"]
    registrado = await flujo.evento(usuario_id, "UsuarioRegistrado")
    assert registrado["rol"] == "empleador"
    assert registrado["empleador_id"] == str(empleador_id)
    assert registrado["email"] == "representante@empresa.test"
    token = await flujo.token_del_enlace(usuario_id, "UsuarioRegistrado")
    establecida = await flujo.establecer(token)
    assert establecida.status_code == 200, establecida.text
    sesion = await ingresar(flujo, "52123456", "empleador", nit)
    return empleador_id, nit, sesion


async def crear_delegado(
    flujo: Flujo, empleador_id: uuid.UUID, yo: dict[str, str], numero: str, permisos: list[str]
) -> tuple[str, str]:
    """The employer creates a profile and a delegate; returns (delegado_id, activation token)."""
    base = f"/empleadores/{empleador_id}"
    perfil = await flujo.http.post(
        f"{base}/perfiles", json={"nombre": f"Perfil {numero}", "permisos": permisos}, headers=yo
    )
    assert perfil.status_code == 201, perfil.text
    creado = await flujo.http.post(
        f"{base}/delegados",
        json={
            "nombres": "Laura Gómez",
            "tipo_documento": "CC",
            "numero_documento": numero,
            "cargo": "Analista de nómina",
            "telefono": "6015550101",
            "celular": "3001234567",
            "correo": f"laura.{numero}@empresa.test",
            "perfil_id": perfil.json()["perfil_id"],
        },
        headers=yo,
    )
    assert creado.status_code == 201, creado.text
    delegado_id: str = creado.json()["delegado_id"]
    evento = await flujo.evento(empleador_id, "DelegadoCreado")
    enlace = descifrar_enlace(evento["enlace"], EnlacesSettings().clave)
    token = urlparse(enlace).fragment.removeprefix("token=")
    return delegado_id, token


async def activar(
    flujo: Flujo, token: str, contrasena: str = CONTRASENA_DELEGADO
) -> httpx.Response:
    return await flujo.http.post(
        "/delegados/activacion",
        json={"token": token, "contrasena": contrasena, "confirmacion": contrasena},
    )


async def test_representante_legal_crea_la_cuenta_y_administra_perfiles(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    empleador_id, nit, sesion = await representante_con_sesion(flujo, bd)

    datos = claims(sesion)
    assert datos["rol"] == "empleador"
    assert datos["empleador_id"] == str(empleador_id)
    assert "afiliado_id" not in datos
    yo = bearer(sesion)
    base = f"/empleadores/{empleador_id}"
    creado = await flujo.http.post(
        f"{base}/perfiles",
        json={"nombre": "Nómina", "permisos": ["aportes-y-cartera", "descargar-certificados"]},
        headers=yo,
    )
    assert creado.status_code == 201, creado.text
    lista = await flujo.http.get(f"{base}/perfiles", headers=yo)
    assert lista.status_code == 200
    assert [p["nombre"] for p in lista.json()["perfiles"]] == ["Nómina"]
    # Another employer's administration stays out of reach with this token.
    otro, _, _ = await registrar_empleador(bd)
    ajeno = await flujo.http.get(f"/empleadores/{otro}/perfiles", headers=yo)
    es_problema(ajeno, 404)

    # One account per employer.
    repetida = await flujo.http.post(
        "/empleadores/cuenta", json=solicitud_cuenta(nit, 7, numero="80111222")
    )
    es_problema(repetida, 409, "empleador-ya-registrado")
    # The refresh keeps the role and the employer.
    renovada = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": sesion.json()["refresh_token"]}
    )
    assert claims(renovada)["empleador_id"] == str(empleador_id)
    # The representative's document without the employer's account selector: no affiliate
    # account, so the usual 401.
    es_problema(await ingresar(flujo, "52123456", "afiliado", None), 401, "credenciales-invalidas")


async def test_empleador_desconocido_no_puede_crear_cuenta(flujo: Flujo, bd: AsyncEngine) -> None:
    desconocido = await flujo.http.post(
        "/empleadores/cuenta", json=solicitud_cuenta("123456789", 3)
    )
    problema = es_problema(desconocido, 404, "empleador-no-registrado")
    assert "no corresponden a un empleador registrado" in problema["detail"]

    _, nit, dv = await registrar_empleador(bd)
    otro_digito = await flujo.http.post(
        "/empleadores/cuenta", json=solicitud_cuenta(nit, (dv + 1) % 10)
    )
    es_problema(otro_digito, 404, "empleador-no-registrado")
    # Nothing was created: the right data still opens the account.
    bien = await flujo.http.post("/empleadores/cuenta", json=solicitud_cuenta(nit, dv))
    assert bien.status_code == 201, bien.text


async def test_delegado_activa_su_cuenta_e_ingresa_con_sus_permisos(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    # The delegate is also an affiliate with an account of its own, same document.
    persona = await flujo.afiliado()
    await flujo.con_contrasena(persona)
    empleador_id, nit, sesion = await representante_con_sesion(flujo, bd)
    yo = bearer(sesion)
    delegado_id, token = await crear_delegado(
        flujo, empleador_id, yo, persona.numero, ["administrar-delegados", "descargar-certificados"]
    )

    debil = await activar(flujo, token, "12345678")
    es_problema(debil, 422, "contrasena-invalida")
    activado = await activar(flujo, token)  # a refused password does not spend the link
    assert activado.status_code == 201, activado.text
    assert activado.json()["usuario_id"] == delegado_id
    establecida = await flujo.evento(delegado_id, "ContrasenaEstablecida")
    assert establecida["email"] == f"laura.{persona.numero}@empresa.test"

    como_delegado = await ingresar(flujo, persona.numero, "delegado", nit, CONTRASENA_DELEGADO)
    datos = claims(como_delegado)
    assert datos["rol"] == "delegado"
    assert datos["sub"] == delegado_id
    assert datos["empleador_id"] == str(empleador_id)
    assert datos["permisos"] == ["administrar-delegados", "descargar-certificados"]
    # The same document still logs in as the affiliate by default, with its own password.
    como_afiliado = await flujo.ingresar(persona)
    assert claims(como_afiliado)["rol"] == "afiliado"
    es_problema(await ingresar(flujo, persona.numero, "delegado", nit), 401)
    # A delegate's token works on its employer's administration.
    perfiles = await flujo.http.get(
        f"/empleadores/{empleador_id}/perfiles", headers=bearer(como_delegado)
    )
    assert perfiles.status_code == 200, perfiles.text
    # Another employer's NIT: no such delegate there.
    _, otro_nit, _ = await registrar_empleador(bd)
    es_problema(
        await ingresar(flujo, persona.numero, "delegado", otro_nit, CONTRASENA_DELEGADO), 401
    )


async def test_delegado_eliminado_no_puede_ingresar_ni_renovar(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    empleador_id, nit, sesion = await representante_con_sesion(flujo, bd)
    yo = bearer(sesion)
    delegado_id, token = await crear_delegado(
        flujo, empleador_id, yo, "1033444555", ["descargar-certificados"]
    )
    assert (await activar(flujo, token)).status_code == 201
    dentro = await ingresar(flujo, "1033444555", "delegado", nit, CONTRASENA_DELEGADO)
    assert claims(dentro)["permisos"] == ["descargar-certificados"]

    etag = (await flujo.http.get(f"/empleadores/{empleador_id}/perfiles", headers=yo)).headers[
        "ETag"
    ]
    borrado = await flujo.http.request(
        "DELETE",
        f"/empleadores/{empleador_id}/delegados/{delegado_id}",
        json={"confirmar": True},
        headers={**yo, "If-Match": etag},
    )
    assert borrado.status_code in (200, 204), borrado.text

    renovada = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": dentro.json()["refresh_token"]}
    )
    problema = es_problema(renovada, 401, "cuenta-inactiva")
    assert "eliminado" in problema["detail"]
    otra_vez = await ingresar(flujo, "1033444555", "delegado", nit, CONTRASENA_DELEGADO)
    es_problema(otra_vez, 401, "cuenta-inactiva")
    # A wrong password is still just wrong credentials (nothing learned about the account).
    es_problema(
        await ingresar(flujo, "1033444555", "delegado", nit, "otra clave larga"),
        401,
        "credenciales-invalidas",
    )


async def test_enlace_de_activacion_reusado_se_rechaza(
    flujo: Flujo, bd: AsyncEngine, reloj: RelojDePrueba
) -> None:
    empleador_id, _, sesion = await representante_con_sesion(flujo, bd)
    yo = bearer(sesion)
    _, token = await crear_delegado(flujo, empleador_id, yo, "1033444556", ["aportes-y-cartera"])
    assert (await activar(flujo, token)).status_code == 201

    reusado = await activar(flujo, token, "otra contrasena distinta")
    problema = es_problema(reusado, 400, "enlace-invalido")
    assert "ya fue usado" in problema["detail"]
    # Altered: one character changed.
    alterado = token[:-1] + ("A" if token[-1] != "A" else "B")
    es_problema(await activar(flujo, alterado), 400, "enlace-invalido")
    # Expired: the link lives 72 hours.
    _, otro = await crear_delegado(flujo, empleador_id, yo, "1033444557", ["aportes-y-cartera"])
    reloj.avanzar(hours=73)
    es_problema(await activar(flujo, otro), 400, "enlace-invalido")


@pytest.mark.parametrize(
    ("ruta", "cuerpo"),
    [
        ("/delegados/activacion", {}),
        ("/delegados/activacion", {"token": "x", "contrasena": "a", "confirmacion": "a"}),
        ("/delegados/activacion", {"token": ["a" * 20], "contrasena": 1, "confirmacion": None}),
        ("/empleadores/cuenta", {}),
        ("/empleadores/cuenta", solicitud_cuenta("12ab", 3)),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 12)),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 1, acepta_terminos=False)),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 1, email_confirmacion="x@y.co")),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 1, numero_documento="12a")),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 1, nombre_representante="R2D2")),
        ("/empleadores/cuenta", solicitud_cuenta("900123456", 1, sobra=True)),
        (
            "/sesiones",
            {
                "tipo_documento": "CC",
                "numero_documento": "52123456",
                "contrasena": "x",
                "perfil": "delegado",
            },
        ),
        (
            "/sesiones",
            {
                "tipo_documento": "CC",
                "numero_documento": "52123456",
                "contrasena": "x",
                "perfil": "jefe",
                "nit_empleador": "900123456",
            },
        ),
        (
            "/sesiones",
            {
                "tipo_documento": "CC",
                "numero_documento": "52123456",
                "contrasena": "x",
                "nit_empleador": "900123456",
            },
        ),
    ],
)
async def test_identity_cuentas_empleador_entrada_invalida_422_en_espanol(
    flujo: Flujo, ruta: str, cuerpo: Any
) -> None:
    r = await flujo.http.post(ruta, json=cuerpo)
    problema = es_problema(r, 422)
    assert problema["detail"]
    texto = str(problema)
    assert "Field required" not in texto and "Input should" not in texto, texto
