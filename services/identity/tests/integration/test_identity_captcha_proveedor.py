"""Issue 17.1 outside development: each registration step verifies its ``X-Captcha`` token
with the CAPTCHA provider (a fake ``siteverify`` over real HTTP), which accepts each token
once, so a script must get a human to solve a widget for every request."""

from collections.abc import AsyncIterator, Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from pydantic import SecretStr

from eps_runtime.captcha_proveedor import CaptchaMalConfigurado
from eps_runtime.testing.captcha import SECRETO_PRUEBA, SiteverifyFalso, url_sin_servidor
from eps_runtime.testing.captcha import siteverify as siteverify  # the fixture
from identity.adapters.firma import FirmaTokens
from identity.entrypoints.api import create_app
from identity.settings import IdentitySettings

from .conftest import Flujo, Persona, RelojDePrueba

MENSAJE_NO_DISPONIBLE = "No pudimos verificar que no es un robot; intente de nuevo en unos minutos."
CUENTA = {
    "email": "ana@example.com",
    "email_confirmacion": "ana@example.com",
    "telefono_movil": "3109876543",
    "acepta_terminos": True,
    "terminos_version": "2026-01",
}


@pytest.fixture
async def con_proveedor(
    identity_settings: IdentitySettings, reloj: RelojDePrueba, firma: FirmaTokens
) -> AsyncIterator[Callable[[str], FastAPI]]:
    """Identity configured with Turnstile at ``url``, as production is (apps over one DB)."""
    apps: list[FastAPI] = []

    def crear(url: str) -> FastAPI:
        ajustes = identity_settings.model_copy(
            update={
                "captcha_proveedor": "turnstile",
                "captcha_secreto": SecretStr(SECRETO_PRUEBA),
                "captcha_url_verificacion": url,
                "captcha_timeout_s": 2.0,
            }
        )
        app = create_app(ajustes, reloj=reloj, firma=firma)
        apps.append(app)
        return app

    yield crear
    for app in apps:
        await app.state.engine.dispose()


def _cliente(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://identidad")


def _con(token: str) -> dict[str, str]:
    return {"X-Captcha": token}


async def _paso_1(http: httpx.AsyncClient, persona: Persona, token: str) -> httpx.Response:
    return await http.post("/registro/validacion", json=persona.documento, headers=_con(token))


async def test_cada_paso_con_su_propio_token_registra_y_el_proveedor_lo_acepta_una_vez(
    con_proveedor: Callable[[str], FastAPI], siteverify: SiteverifyFalso
) -> None:
    app = con_proveedor(siteverify.url)
    async with _cliente(app) as http:
        flujo = Flujo(http, app.state.engine)
        ana = await flujo.afiliado()

        validada = await _paso_1(http, ana, siteverify.emitir())
        assert validada.status_code == 200, validada.text
        cuerpo_preguntas = {**ana.documento, "sesion_registro": validada.json()["sesion_registro"]}
        pedidas = await http.post(
            "/registro/preguntas", json=cuerpo_preguntas, headers=_con(siteverify.emitir())
        )
        assert pedidas.status_code == 200, pedidas.text
        respuestas = await flujo.respuestas(pedidas.json(), bien=True)
        tiquete = await http.post(
            "/registro/respuestas", json=respuestas, headers=_con(siteverify.emitir())
        )
        assert tiquete.status_code == 200, tiquete.text
        creada = await http.post(
            "/registro/cuenta",
            json={"tiquete": tiquete.json()["tiquete"], **CUENTA},
            headers=_con(siteverify.emitir()),
        )
        assert creada.status_code == 201, creada.text

    # Four steps, four tokens, each verified once, with our secret and the client's address.
    assert [v.exito for v in siteverify.recibidas] == [True] * 4
    assert len({v.token for v in siteverify.recibidas}) == 4
    assert {v.secreto for v in siteverify.recibidas} == {SECRETO_PRUEBA}
    assert {v.ip for v in siteverify.recibidas} == {"127.0.0.1"}


async def test_el_token_del_paso_anterior_se_rechaza_en_el_siguiente(
    con_proveedor: Callable[[str], FastAPI], siteverify: SiteverifyFalso
) -> None:
    app = con_proveedor(siteverify.url)
    async with _cliente(app) as http:
        flujo = Flujo(http, app.state.engine)
        ana = await flujo.afiliado()
        token = siteverify.emitir()
        validada = await _paso_1(http, ana, token)
        assert validada.status_code == 200

        # A script replays step 1's proof on step 2, and on step 1 again: both refused.
        repetida = await http.post(
            "/registro/preguntas",
            json={**ana.documento, "sesion_registro": validada.json()["sesion_registro"]},
            headers=_con(token),
        )
        assert repetida.status_code == 400
        assert repetida.json()["code"] == "captcha-invalido"
        assert "No soy un robot" in repetida.json()["detail"]
        otra_vez = await _paso_1(http, ana, token)
        assert otra_vez.status_code == 400
        assert otra_vez.json()["code"] == "captcha-invalido"
        # A token the provider never issued, and none at all, are refused the same way.
        for cabeceras in (_con("inventado"), {}):
            inventado = await http.post(
                "/cuentas/restablecimiento", json=ana.documento, headers=cabeceras
            )
            assert inventado.status_code == 400
            assert inventado.json()["code"] == "captcha-invalido"

    # The empty header never reached the provider; the reused one was refused there.
    assert [v.exito for v in siteverify.recibidas] == [True, False, False, False]


async def _problema_no_disponible(respuesta: httpx.Response) -> dict[str, Any]:
    assert respuesta.status_code == 503, respuesta.text
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    problema: dict[str, Any] = respuesta.json()
    assert problema["code"] == "captcha-no-disponible"
    assert problema["detail"] == MENSAJE_NO_DISPONIBLE
    return problema


async def test_proveedor_caido_responde_503_en_espanol_y_no_registra_nada(
    con_proveedor: Callable[[str], FastAPI], siteverify: SiteverifyFalso
) -> None:
    arriba = con_proveedor(siteverify.url)
    caido = con_proveedor(url_sin_servidor())  # the same database, the provider unreachable
    async with _cliente(arriba) as http, _cliente(caido) as sin_proveedor:
        flujo = Flujo(http, arriba.state.engine)
        ana = await flujo.afiliado()
        await _problema_no_disponible(await _paso_1(sin_proveedor, ana, siteverify.emitir()))

        validada = await _paso_1(http, ana, siteverify.emitir())
        sesion = validada.json()["sesion_registro"]
        pedidas = await http.post(
            "/registro/preguntas",
            json={**ana.documento, "sesion_registro": sesion},
            headers=_con(siteverify.emitir()),
        )
        erradas = await flujo.respuestas(pedidas.json(), bien=False)
        # Three wrong answers while the provider is down: refused before anything counts.
        for _ in range(3):
            await _problema_no_disponible(
                await sin_proveedor.post(
                    "/registro/respuestas", json=erradas, headers=_con(siteverify.emitir())
                )
            )
        primera = await http.post(
            "/registro/respuestas", json=erradas, headers=_con(siteverify.emitir())
        )
        assert primera.json()["intentos_restantes"] == 2

        tiquete = await flujo.respuestas(
            (
                await http.post(
                    "/registro/preguntas",
                    json={**ana.documento, "sesion_registro": sesion},
                    headers=_con(siteverify.emitir()),
                )
            ).json(),
            bien=True,
        )
        aprobado = await http.post(
            "/registro/respuestas", json=tiquete, headers=_con(siteverify.emitir())
        )
        cuenta = {"tiquete": aprobado.json()["tiquete"], **CUENTA}
        await _problema_no_disponible(
            await sin_proveedor.post(
                "/registro/cuenta", json=cuenta, headers=_con(siteverify.emitir())
            )
        )
        # No account was created: the ticket still opens it once the provider answers.
        creada = await http.post("/registro/cuenta", json=cuenta, headers=_con(siteverify.emitir()))
        assert creada.status_code == 201, creada.text


async def test_proveedor_que_responde_basura_tambien_se_rechaza(
    con_proveedor: Callable[[str], FastAPI], siteverify: SiteverifyFalso
) -> None:
    app = con_proveedor(siteverify.url)
    siteverify.averiado = True
    async with _cliente(app) as http:
        ana = await Flujo(http, app.state.engine).afiliado()
        await _problema_no_disponible(await _paso_1(http, ana, siteverify.emitir()))


def test_el_captcha_de_desarrollo_no_arranca_fuera_de_desarrollo(
    identity_settings: IdentitySettings,
) -> None:
    produccion = identity_settings.model_copy(update={"entorno": "produccion"})
    with pytest.raises(CaptchaMalConfigurado, match="EPS_ENTORNO=desarrollo o pruebas"):
        create_app(produccion)
    # A real provider without its secret would refuse every person: it does not start either.
    sin_secreto = produccion.model_copy(update={"captcha_proveedor": "turnstile"})
    with pytest.raises(CaptchaMalConfigurado, match="IDENTITY_CAPTCHA_SECRETO"):
        create_app(sin_secreto)
