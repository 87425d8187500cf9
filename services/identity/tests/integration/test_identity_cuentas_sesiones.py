"""Account creation, the password link, login, tokens, refresh rotation, logout, change and
reset of the password, throttling. Real PostgreSQL."""

from urllib.parse import urlparse

import httpx
import jwt
import pytest
from sqlalchemy import text

from eps_runtime.auth import NoAutenticado, Rol, VerificadorTokens
from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace
from eps_runtime.testing.tokens import EmisorTokens

from .conftest import CONTRASENA, Flujo, RelojDePrueba


async def test_cuenta_creada_con_enlace_cifrado_de_un_solo_uso(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    creada = await flujo.crear_cuenta(await flujo.tiquete(ana), "Ana@Example.com")

    assert creada.status_code == 201
    cuerpo = creada.json()
    assert cuerpo["email"] == "ana@example.com"
    assert "ana@example.com" in cuerpo["mensaje"]
    evento = await flujo.evento(cuerpo["usuario_id"], "UsuarioRegistrado")
    assert evento["rol"] == "afiliado"
    assert evento["afiliado_id"] == str(ana.afiliado_id)
    assert evento["terminos_version"] == "2026-01"
    assert ana.numero not in str(evento)
    url = descifrar_enlace(evento["enlace"], EnlacesSettings().clave)
    assert urlparse(url).path == "/activar"
    token = await flujo.token_del_enlace(cuerpo["usuario_id"], "UsuarioRegistrado")
    async with flujo.bd.connect() as conn:
        filas = await conn.execute(
            text("SELECT contrasena_hash, rol FROM usuarios WHERE usuario_id = :id"),
            {"id": cuerpo["usuario_id"]},
        )
        usuario = filas.one()
        guardado = (await conn.execute(text("SELECT token_hash FROM enlaces_cuenta"))).scalar_one()
    assert usuario.contrasena_hash is None
    assert token.encode() not in bytes(guardado)
    # The ticket is single use.
    assert (await flujo.crear_cuenta("x" * 43)).json()["code"] == "validacion-vencida"


async def test_enlace_de_registro_reusado_vencido_o_alterado_se_rechaza(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.registrar(ana)
    token = await flujo.token_del_enlace(usuario_id, "UsuarioRegistrado")

    alterado = await flujo.establecer(token[:-2] + ("AA" if token[-2:] != "AA" else "BB"))
    assert alterado.status_code == 400 and alterado.json()["code"] == "enlace-invalido"

    primero = await flujo.establecer(token)
    assert primero.status_code == 200
    assert "Ya puedes ingresar" in primero.json()["mensaje"]
    evento = await flujo.evento(usuario_id, "ContrasenaEstablecida")
    assert evento["email"] == "ana@example.com"

    reusado = await flujo.establecer(token)
    assert reusado.status_code == 400 and reusado.json()["code"] == "enlace-usado"

    luis = await flujo.afiliado()
    otro_id = await flujo.registrar(luis, "luis@example.com")
    otro_token = await flujo.token_del_enlace(otro_id, "UsuarioRegistrado")
    reloj.avanzar(hours=24)
    vencido = await flujo.establecer(otro_token)
    assert vencido.status_code == 400 and vencido.json()["code"] == "enlace-vencido"


@pytest.mark.parametrize(
    ("contrasena", "confirmacion", "mensaje"),
    [
        ("corta12", "corta12", "al menos 8 caracteres"),
        ("password1", "password1", "muy común"),
        ("Contraseña123", "Contraseña123", "muy común"),
        ("una frase larga", "otra frase larga", "no coincide"),
    ],
)
async def test_contrasena_debil_o_sin_confirmar_se_rechaza_sin_gastar_el_enlace(
    flujo: Flujo, contrasena: str, confirmacion: str, mensaje: str
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.registrar(ana)
    token = await flujo.token_del_enlace(usuario_id, "UsuarioRegistrado")

    respuesta = await flujo.http.post(
        "/cuentas/contrasena",
        json={"token": token, "contrasena": contrasena, "confirmacion": confirmacion},
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "contrasena-invalida"
    assert mensaje in respuesta.json()["detail"]
    assert (await flujo.establecer(token)).status_code == 200


async def _verificador(http: httpx.AsyncClient) -> VerificadorTokens:
    return VerificadorTokens.desde_jwks((await http.get("/.well-known/jwks.json")).json())


async def test_ingreso_emite_token_que_los_servicios_verifican_con_el_jwks(
    flujo: Flujo,
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)

    respuesta = await flujo.ingresar(ana)

    assert respuesta.status_code == 200, respuesta.text
    cuerpo = respuesta.json()
    assert cuerpo["token_type"] == "Bearer" and cuerpo["expires_in"] == 15 * 60
    llamante = await (await _verificador(flujo.http)).verificar(cuerpo["access_token"])
    assert llamante.rol is Rol.AFILIADO
    assert llamante.usuario_id == usuario_id
    assert llamante.afiliado_id == ana.afiliado_id
    assert llamante.token_id
    assert jwt.get_unverified_header(cuerpo["access_token"])["alg"] == "EdDSA"
    exito = await flujo.evento(usuario_id, "InicioSesionExitoso")
    assert exito["segundo_factor"] is False
    assert ana.numero not in str(exito)


async def test_contrasena_o_documento_incorrectos_dan_el_mismo_401(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    nadie = await flujo.afiliado()

    mala = await flujo.ingresar(ana, "otra contraseña cualquiera")
    sin_cuenta = await flujo.ingresar(nadie)

    assert mala.status_code == sin_cuenta.status_code == 401
    assert mala.json()["detail"] == sin_cuenta.json()["detail"]
    fallo = await flujo.evento(usuario_id, "InicioSesionFallido")
    assert fallo["motivo"] == "credenciales"
    assert ana.numero not in str(fallo) and "contrase" not in str(fallo)


async def test_token_alterado_vencido_o_de_otra_clave_se_rechaza(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    verificador = await _verificador(flujo.http)
    token = (await flujo.ingresar(ana)).json()["access_token"]
    cabecera, carga, firma = token.split(".")

    otra_carga = jwt.utils.base64url_encode(
        jwt.utils.base64url_decode(carga).replace(b'"afiliado"', b'"operador"')
    ).decode()
    de_otra_clave = EmisorTokens().emitir(rol=Rol.AFILIADO, afiliado_id=ana.afiliado_id)
    reloj.avanzar(hours=-1)
    vencido = (await flujo.ingresar(ana)).json()["access_token"]

    for malo, codigo in (
        (f"{cabecera}.{otra_carga}.{firma}", "token-invalido"),
        (f"{cabecera}.{carga}.{firma[:-4]}AAAA", "token-invalido"),
        (de_otra_clave, "token-invalido"),
        (vencido, "token-expirado"),
    ):
        with pytest.raises(NoAutenticado) as rechazo:
            await verificador.verificar(malo)
        assert rechazo.value.codigo == codigo
        # identity's own authenticated endpoint refuses it too.
        respuesta = await flujo.http.put(
            "/cuentas/contrasena",
            headers={"Authorization": f"Bearer {malo}"},
            json={
                "contrasena_actual": CONTRASENA,
                "contrasena_nueva": "otra frase muy larga",
                "confirmacion": "otra frase muy larga",
            },
        )
        assert respuesta.status_code == 401 and respuesta.json()["code"] == codigo


async def test_refresh_usado_dos_veces_revoca_la_familia(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    primero = (await flujo.ingresar(ana)).json()["refresh_token"]

    renovada = await flujo.http.post("/sesiones/renovar", json={"refresh_token": primero})
    assert renovada.status_code == 200
    segundo = renovada.json()["refresh_token"]
    assert segundo != primero
    await (await _verificador(flujo.http)).verificar(renovada.json()["access_token"])

    reuso = await flujo.http.post("/sesiones/renovar", json={"refresh_token": primero})
    assert reuso.status_code == 401 and reuso.json()["code"] == "sesion-invalida"
    # The legitimate holder's newer token is revoked with the family.
    tras_reuso = await flujo.http.post("/sesiones/renovar", json={"refresh_token": segundo})
    assert tras_reuso.status_code == 401
    # Another session of the same person is untouched.
    otra = (await flujo.ingresar(ana)).json()["refresh_token"]
    assert (
        await flujo.http.post("/sesiones/renovar", json={"refresh_token": otra})
    ).status_code == 200


async def test_cerrar_sesion_la_termina_y_la_sesion_vence(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    refresh = (await flujo.ingresar(ana)).json()["refresh_token"]

    cerrada = await flujo.http.request(
        "DELETE", "/sesiones/actual", json={"refresh_token": refresh}
    )

    assert cerrada.status_code == 204
    renovar = await flujo.http.post("/sesiones/renovar", json={"refresh_token": refresh})
    assert renovar.status_code == 401

    larga = (await flujo.ingresar(ana)).json()["refresh_token"]
    reloj.avanzar(hours=8)
    vencida = await flujo.http.post("/sesiones/renovar", json={"refresh_token": larga})
    assert vencida.status_code == 401


async def test_fallos_repetidos_demoran_sin_bloquear_por_largo_tiempo(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    for _ in range(3):
        assert (await flujo.ingresar(ana, "no es la contraseña")).status_code == 401

    demorado = await flujo.ingresar(ana)  # even the right password waits
    assert demorado.status_code == 429
    assert demorado.json()["code"] == "demasiadas-solicitudes"
    assert demorado.headers["Retry-After"] == "1"

    reloj.avanzar(seconds=1)
    assert (await flujo.ingresar(ana, "tampoco es")).status_code == 401
    reloj.avanzar(seconds=1)
    assert (await flujo.ingresar(ana)).status_code == 429  # now 2 s after the 4th failure
    reloj.avanzar(seconds=1)
    assert (await flujo.ingresar(ana)).status_code == 200


async def test_cien_fallos_en_una_hora_por_cuenta_y_luego_se_puede_de_nuevo(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    await flujo.ingresar(ana, "no es la contraseña")
    async with flujo.bd.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO fallos_inicio_sesion (clave, ocurrido_en) "
                "SELECT clave, ocurrido_en - make_interval(secs => g * 30) "
                "FROM fallos_inicio_sesion, generate_series(1, 99) g "
                "WHERE clave LIKE 'cuenta:%'"
            )
        )
    reloj.avanzar(minutes=2)

    limitado = await flujo.ingresar(ana)
    assert limitado.status_code == 429
    # Until the oldest failure leaves the hour (about 8 minutes), not a long lockout.
    espera = int(limitado.headers["Retry-After"])
    assert 7 * 60 < espera <= 9 * 60

    reloj.avanzar(seconds=espera - 5)
    assert (await flujo.ingresar(ana)).status_code == 429
    reloj.avanzar(seconds=5)
    assert (await flujo.ingresar(ana)).status_code == 200


async def test_cambiar_contrasena_cierra_las_demas_sesiones(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    otra_sesion = (await flujo.ingresar(ana)).json()["refresh_token"]
    acceso = (await flujo.ingresar(ana)).json()["access_token"]
    nueva = "mi nueva frase secreta"

    incorrecta = await flujo.http.put(
        "/cuentas/contrasena",
        headers={"Authorization": f"Bearer {acceso}"},
        json={"contrasena_actual": "no es", "contrasena_nueva": nueva, "confirmacion": nueva},
    )
    assert incorrecta.status_code == 401
    assert incorrecta.json()["code"] == "contrasena-actual-incorrecta"

    cambio = await flujo.http.put(
        "/cuentas/contrasena",
        headers={"Authorization": f"Bearer {acceso}"},
        json={"contrasena_actual": CONTRASENA, "contrasena_nueva": nueva, "confirmacion": nueva},
    )

    assert cambio.status_code == 200
    assert (
        await flujo.http.post("/sesiones/renovar", json={"refresh_token": otra_sesion})
    ).status_code == 401
    assert (
        await flujo.http.post(
            "/sesiones/renovar", json={"refresh_token": cambio.json()["refresh_token"]}
        )
    ).status_code == 200
    assert (await flujo.ingresar(ana)).status_code == 401
    assert (await flujo.ingresar(ana, nueva)).status_code == 200
    assert (await flujo.evento(usuario_id, "ContrasenaCambiada"))["email"] == "ana@example.com"


async def test_restablecimiento_responde_igual_exista_o_no_la_cuenta(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    sesion = (await flujo.ingresar(ana)).json()["refresh_token"]
    nadie = {"tipo_documento": "CC", "numero_documento": "123456789"}

    existe = await flujo.http.post("/cuentas/restablecimiento", json=ana.documento)
    no_existe = await flujo.http.post("/cuentas/restablecimiento", json=nadie)

    assert existe.status_code == no_existe.status_code == 202
    assert existe.json() == no_existe.json()
    token = await flujo.token_del_enlace(usuario_id, "RestablecimientoSolicitado")
    nueva = "frase restablecida nueva"
    assert (await flujo.establecer(token, nueva)).status_code == 200
    assert (await flujo.ingresar(ana, nueva)).status_code == 200
    assert (
        await flujo.http.post("/sesiones/renovar", json={"refresh_token": sesion})
    ).status_code == 401
    assert (await flujo.establecer(token, "otra frase distinta")).json()["code"] == ("enlace-usado")

    # A reset link lives one hour.
    await flujo.http.post("/cuentas/restablecimiento", json=ana.documento)
    tardio = await flujo.token_del_enlace(usuario_id, "RestablecimientoSolicitado")
    reloj.avanzar(hours=1)
    assert (await flujo.establecer(tardio)).json()["code"] == "enlace-vencido"


async def test_datos_invalidos_de_cuentas_y_sesiones_responden_422(
    http: httpx.AsyncClient,
) -> None:
    casos = [
        ("POST", "/cuentas/contrasena", {"token": "corto", "contrasena": "x", "confirmacion": 1}),
        ("POST", "/cuentas/contrasena", {"token": "ñ" * 40}),
        ("POST", "/sesiones", {"tipo_documento": "CC", "numero_documento": "abc"}),
        ("POST", "/sesiones", {"tipo_documento": "CC", "numero_documento": "1", "contrasena": ""}),
        ("POST", "/sesiones/renovar", {"refresh_token": None}),
        ("DELETE", "/sesiones/actual", {}),
        ("POST", "/cuentas/restablecimiento", {"numero_documento": "1"}),
    ]
    for metodo, ruta, cuerpo in casos:
        respuesta = await http.request(metodo, ruta, json=cuerpo)
        assert respuesta.status_code == 422, (ruta, respuesta.text)
        assert respuesta.json()["code"] == "datos-invalidos"


async def test_ingresos_por_cliente_limitados_antes_de_revisar_la_contrasena(
    flujo: Flujo, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)

    codigos = [(await flujo.ingresar(ana)).status_code for _ in range(61)]

    assert codigos == [200] * 60 + [429]
    reloj.avanzar(seconds=1)
    assert (await flujo.ingresar(ana)).status_code == 200
