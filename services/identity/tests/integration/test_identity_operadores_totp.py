"""Back-office operators: created by the command line, they log in only with TOTP."""

import asyncio
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest

from eps_runtime.auth import Rol, VerificadorTokens
from identity.entrypoints.operadores import main
from identity.settings import IdentitySettings

from .conftest import CONTRASENA, Flujo, Persona, RelojDePrueba

ARGUMENTOS = [
    "crear",
    "--tipo-documento",
    "CC",
    "--numero-documento",
    "1000000999",
    "--email",
    "Olga@EPS.example",
    "--nombre",
    "Olga Ruiz",
]


async def test_operador_creado_por_consola_ingresa_solo_con_codigo_totp(
    flujo: Flujo,
    identity_settings: IdentitySettings,
    reloj: RelojDePrueba,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert await asyncio.to_thread(main, ARGUMENTOS, identity_settings) == 0
    salida = capsys.readouterr().out
    usuario_id = salida.split("usuario_id: ")[1].split()[0]
    uri = salida.split("totp: ")[1].split()[0]
    secreto = parse_qs(urlparse(uri).query)["secret"][0]
    evento = await flujo.evento(usuario_id, "UsuarioRegistrado")
    assert evento["rol"] == "operador" and evento["email"] == "olga@eps.example"
    token = await flujo.token_del_enlace(usuario_id, "UsuarioRegistrado")
    assert (await flujo.establecer(token)).status_code == 200
    olga = Persona("CC", "1000000999")

    sin_codigo = await flujo.ingresar(olga)
    assert sin_codigo.status_code == 401
    assert sin_codigo.json()["code"] == "segundo-factor-requerido"

    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    con_codigo = await flujo.ingresar(olga, CONTRASENA, codigo_totp=codigo)
    assert con_codigo.status_code == 200, con_codigo.text
    jwks = (await flujo.http.get("/.well-known/jwks.json")).json()
    llamante = await VerificadorTokens.desde_jwks(jwks).verificar(con_codigo.json()["access_token"])
    assert llamante.rol is Rol.OPERADOR and llamante.afiliado_id is None

    # The same code does not work twice.
    reloj.avanzar(seconds=5)
    repetido = await flujo.ingresar(olga, CONTRASENA, codigo_totp=codigo)
    assert repetido.status_code == 401
    assert (await flujo.evento(usuario_id, "InicioSesionFallido"))["motivo"] == "segundo-factor"

    # A second operator with the same document is refused.
    assert await asyncio.to_thread(main, ARGUMENTOS, identity_settings) == 1


def test_argumentos_invalidos_de_la_consola_terminan_con_estado_2() -> None:
    with pytest.raises(SystemExit) as salida:
        main(["crear", "--tipo-documento", "CC", "--numero-documento", "abc"])
    assert salida.value.code == 2


async def test_afiliado_activa_y_desactiva_el_segundo_factor(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    acceso = (await flujo.ingresar(ana)).json()["access_token"]
    cabeceras = {"Authorization": f"Bearer {acceso}"}

    iniciado = await flujo.http.post("/cuentas/totp", headers=cabeceras)
    assert iniciado.status_code == 201
    secreto = parse_qs(urlparse(iniciado.json()["uri"]).query)["secret"][0]
    # Not on until confirmed: logging in still needs no code.
    assert (await flujo.ingresar(ana)).status_code == 200
    malo = await flujo.http.post(
        "/cuentas/totp/confirmacion", headers=cabeceras, json={"codigo": "000000"}
    )
    assert malo.status_code == 400 and malo.json()["code"] == "codigo-totp-invalido"
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    confirmado = await flujo.http.post(
        "/cuentas/totp/confirmacion", headers=cabeceras, json={"codigo": codigo}
    )
    assert confirmado.status_code == 200
    assert (await flujo.http.post("/cuentas/totp", headers=cabeceras)).status_code == 409

    assert (await flujo.ingresar(ana)).json()["code"] == "segundo-factor-requerido"
    reloj.avanzar(seconds=30)
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    con_codigo = await flujo.ingresar(ana, CONTRASENA, codigo_totp=codigo)
    assert con_codigo.status_code == 200

    reloj.avanzar(seconds=30)
    desactivado = await flujo.http.request(
        "DELETE",
        "/cuentas/totp",
        headers=cabeceras,
        json={"contrasena": CONTRASENA, "codigo": pyotp.TOTP(secreto).at(reloj.ahora)},
    )
    assert desactivado.status_code == 200
    assert (await flujo.ingresar(ana)).status_code == 200
