"""«Olvidé mi contraseña» for the employer's legal representative and for delegates (the same
flow as affiliates', with ``perfil`` and ``nit_empleador``), and a delegate's account that
follows the employer's changes to its name and e-mail. Real PostgreSQL."""

from urllib.parse import urlparse

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace

from .conftest import Flujo, RelojDePrueba
from .test_identity_cuentas_empleador import (
    CONTRASENA_DELEGADO,
    activar,
    bearer,
    claims,
    crear_delegado,
    es_problema,
    ingresar,
    representante_con_sesion,
)

pytestmark = pytest.mark.integration

NUEVA = "una frase nueva y larga"


async def restablecer(
    flujo: Flujo, numero: str, perfil: str | None = None, nit: str | None = None
) -> httpx.Response:
    cuerpo = {"tipo_documento": "CC", "numero_documento": numero}
    if perfil is not None:
        cuerpo["perfil"] = perfil
    if nit is not None:
        cuerpo["nit_empleador"] = nit
    return await flujo.http.post("/cuentas/restablecimiento", json=cuerpo)


async def test_empleador_restablece_la_contrasena_con_el_enlace_del_correo(
    flujo: Flujo, bd: AsyncEngine, reloj: RelojDePrueba
) -> None:
    _, nit, sesion = await representante_con_sesion(flujo, bd)
    usuario_id = claims(sesion)["sub"]

    pedido = await restablecer(flujo, "52123456", "empleador", nit)

    assert pedido.status_code == 202, pedido.text
    evento = await flujo.evento(usuario_id, "RestablecimientoSolicitado")
    assert evento["email"] == "representante@empresa.test"
    assert evento["nombre"] == "Marta Lucía Rojas"
    assert urlparse(descifrar_enlace(evento["enlace"], EnlacesSettings().clave)).path == (
        "/restablecer"
    )
    token = await flujo.token_del_enlace(usuario_id, "RestablecimientoSolicitado")
    assert (await flujo.establecer(token, NUEVA)).status_code == 200
    assert (await ingresar(flujo, "52123456", "empleador", nit, NUEVA)).status_code == 200
    # Setting it ended the sessions opened before; the link is single use.
    viejo = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": sesion.json()["refresh_token"]}
    )
    es_problema(viejo, 401, "sesion-invalida")
    es_problema(await flujo.establecer(token, NUEVA), 400, "enlace-usado")
    # Time-limited: an hour.
    await restablecer(flujo, "52123456", "empleador", nit)
    otro = await flujo.token_del_enlace(usuario_id, "RestablecimientoSolicitado")
    reloj.avanzar(hours=1, seconds=1)
    es_problema(await flujo.establecer(otro, NUEVA), 400, "enlace-vencido")


async def test_delegado_restablece_la_contrasena_y_el_eliminado_no_recibe_enlace(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    empleador_id, nit, sesion = await representante_con_sesion(flujo, bd)
    yo = bearer(sesion)
    delegado_id, activacion = await crear_delegado(
        flujo, empleador_id, yo, "1033444666", ["descargar-certificados"]
    )
    assert (await activar(flujo, activacion)).status_code == 201

    assert (await restablecer(flujo, "1033444666", "delegado", nit)).status_code == 202
    token = await flujo.token_del_enlace(delegado_id, "RestablecimientoSolicitado")
    assert (await flujo.establecer(token, NUEVA)).status_code == 200
    assert (await ingresar(flujo, "1033444666", "delegado", nit, NUEVA)).status_code == 200
    es_problema(
        await ingresar(flujo, "1033444666", "delegado", nit, CONTRASENA_DELEGADO),
        401,
        "credenciales-invalidas",
    )

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
    antes = await contar_enlaces(bd)
    assert (await restablecer(flujo, "1033444666", "delegado", nit)).status_code == 202
    assert await contar_enlaces(bd) == antes


async def contar_enlaces(bd: AsyncEngine) -> int:
    async with bd.connect() as conn:
        n: int = (
            await conn.execute(
                text("SELECT count(*) FROM enlaces_cuenta WHERE proposito = 'restablecimiento'")
            )
        ).scalar_one()
    return n


async def test_restablecimiento_responde_igual_exista_o_no_la_cuenta_del_empleador(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    _, nit, _ = await representante_con_sesion(flujo, bd)
    existe = await restablecer(flujo, "52123456", "empleador", nit)
    otro_documento = await restablecer(flujo, "52999999", "empleador", nit)
    nit_desconocido = await restablecer(flujo, "52123456", "empleador", "123456789")
    como_delegado = await restablecer(flujo, "52123456", "delegado", nit)

    respuestas = [existe, otro_documento, nit_desconocido, como_delegado]
    assert {r.status_code for r in respuestas} == {202}
    assert len({r.json()["mensaje"] for r in respuestas}) == 1
    assert await contar_enlaces(bd) == 1


@pytest.mark.parametrize(
    ("cuerpo", "campo"),
    [
        ({"perfil": "empleador"}, "NIT"),
        ({"perfil": "afiliado", "nit_empleador": "900123456"}, "NIT"),
        ({"perfil": "gerente", "nit_empleador": "900123456"}, "perfil"),
        ({"perfil": "empleador", "nit_empleador": "9A"}, "nit_empleador"),
    ],
)
async def test_restablecimiento_con_perfil_o_nit_invalido_responde_422_en_espanol(
    flujo: Flujo, cuerpo: dict[str, str], campo: str
) -> None:
    respuesta = await flujo.http.post(
        "/cuentas/restablecimiento",
        json={"tipo_documento": "CC", "numero_documento": "52123456", **cuerpo},
    )
    assert respuesta.status_code == 422, respuesta.text
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    assert campo in respuesta.text


async def test_cuenta_del_delegado_sigue_el_nombre_y_correo_que_modifica_el_empleador(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    empleador_id, nit, sesion = await representante_con_sesion(flujo, bd)
    yo = bearer(sesion)
    delegado_id, activacion = await crear_delegado(
        flujo, empleador_id, yo, "1033444777", ["descargar-certificados"]
    )
    assert (await activar(flujo, activacion)).status_code == 201
    ruta = f"/empleadores/{empleador_id}/delegados/{delegado_id}"
    actual = await flujo.http.get(ruta, headers=yo)
    ficha = actual.json()

    modificado = await flujo.http.put(
        ruta,
        headers={**yo, "If-Match": actual.headers["ETag"]},
        json={
            "nombres": "Laura Gómez Díaz",
            "cargo": ficha["cargo"],
            "telefono": ficha["telefono"],
            "celular": "3007654321",
            "correo": "laura.nueva@empresa.test",
            "perfil_id": ficha["perfil"]["perfil_id"],
        },
    )

    assert modificado.status_code == 200, modificado.text
    async with bd.connect() as conn:
        cuenta = (
            await conn.execute(
                text("SELECT nombre, email, telefono_movil FROM usuarios WHERE usuario_id = :id"),
                {"id": delegado_id},
            )
        ).one()
    assert tuple(cuenta) == ("Laura Gómez Díaz", "laura.nueva@empresa.test", "3007654321")
    # The reset e-mail goes to the new address, greeting the new name.
    assert (await restablecer(flujo, "1033444777", "delegado", nit)).status_code == 202
    evento = await flujo.evento(delegado_id, "RestablecimientoSolicitado")
    assert (evento["email"], evento["nombre"]) == ("laura.nueva@empresa.test", "Laura Gómez Díaz")
