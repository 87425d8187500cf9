"""How the web reads the services' problems and the CAPTCHA box, without any I/O."""

from __future__ import annotations

import httpx
import pytest

from eps_runtime.captcha_proveedor import CaptchaMalConfigurado
from portal.adapters.servicios import (
    CaptchaCasilla,
    CaptchaWidget,
    ClienteIdentidad,
    ErrorServicio,
    captcha_configurado,
)
from portal.entrypoints.web_comun import csp


def _cliente(respuesta: httpx.Response) -> ClienteIdentidad:
    transporte = httpx.MockTransport(lambda _: respuesta)
    return ClienteIdentidad(httpx.AsyncClient(base_url="http://identity", transport=transporte))


async def test_un_422_trae_el_mensaje_de_cada_campo_y_el_detalle() -> None:
    problema = {
        "detail": "email: no tiene el formato esperado; telefono_movil: es obligatorio",
        "code": "datos-invalidos",
        "errores": [
            {"campo": "email", "mensaje": "no tiene el formato esperado"},
            {"campo": "telefono_movil", "mensaje": "es obligatorio"},
        ],
    }
    cliente = _cliente(httpx.Response(422, json=problema))
    with pytest.raises(ErrorServicio) as error:
        await cliente.crear_cuenta({}, "token")
    assert error.value.status == 422
    assert error.value.errores == {
        "email": "no tiene el formato esperado",
        "telefono_movil": "es obligatorio",
    }
    assert error.value.detail.startswith("email:")


async def test_servicio_caido_es_un_503_en_espanol() -> None:
    def caido(_: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("sin conexión")

    cliente = ClienteIdentidad(
        httpx.AsyncClient(base_url="http://identity", transport=httpx.MockTransport(caido))
    )
    with pytest.raises(ErrorServicio) as error:
        await cliente.restablecer({"tipo_documento": "CC", "numero_documento": "1"}, "token")
    assert error.value.status == 503
    assert "no está disponible" in error.value.detail


async def test_cada_paso_del_registro_lleva_su_captcha_y_la_sesion_del_paso_1() -> None:
    pedidos: list[httpx.Request] = []

    def responder(pedido: httpx.Request) -> httpx.Response:
        pedidos.append(pedido)
        return httpx.Response(200, json={"tiquete": "t", "mensaje": "m"})

    cliente = ClienteIdentidad(
        httpx.AsyncClient(base_url="http://identity", transport=httpx.MockTransport(responder))
    )
    documento = {"tipo_documento": "CC", "numero_documento": "1"}
    await cliente.preguntas(documento, "sesion-del-paso-1", "token")
    await cliente.responder("conjunto", {"p1": "a"}, "token")
    await cliente.crear_cuenta({"tiquete": "t"}, "token")
    await cliente.restablecer(documento, "token")
    await cliente.responder("conjunto", {"p1": "a"}, None)

    assert [p.headers.get("X-Captcha") for p in pedidos] == ["token"] * 4 + [None]
    assert b'"sesion_registro":"sesion-del-paso-1"' in pedidos[0].content


def test_la_casilla_no_soy_un_robot_da_el_token_solo_si_esta_marcada() -> None:
    captcha = CaptchaCasilla("token-dev")
    assert captcha.token({"no_soy_un_robot": "si"}) == "token-dev"
    assert captcha.token({}) is None


@pytest.mark.parametrize(
    ("proveedor", "campo", "origen"),
    [
        ("turnstile", "cf-turnstile-response", "https://challenges.cloudflare.com"),
        ("hcaptcha", "h-captcha-response", "https://*.hcaptcha.com"),
        ("recaptcha", "g-recaptcha-response", "https://www.google.com/recaptcha/"),
    ],
)
def test_el_widget_de_cada_proveedor_lee_su_campo_y_abre_la_csp_solo_a_su_origen(
    proveedor: str, campo: str, origen: str
) -> None:
    captcha = captcha_configurado(proveedor, "clave-de-sitio", "produccion")
    assert isinstance(captcha, CaptchaWidget)
    assert captcha.token({campo: " token-del-widget "}) == "token-del-widget"
    assert captcha.token({campo: ""}) is None
    assert captcha.token({"no_soy_un_robot": "si"}) is None  # the dev box means nothing here
    politica = csp(captcha.fuentes_csp())
    directivas = {d.split()[0]: d.split()[1:] for d in politica.split("; ")}
    assert origen in directivas["script-src"] and origen in directivas["frame-src"]
    assert directivas["script-src"][0] == "'self'"
    assert "'unsafe-inline'" not in politica
    assert directivas["form-action"] == directivas["default-src"] == ["'self'"]


def test_la_casilla_de_desarrollo_no_arranca_fuera_de_desarrollo() -> None:
    assert isinstance(captcha_configurado("desarrollo", "", "desarrollo"), CaptchaCasilla)
    with pytest.raises(CaptchaMalConfigurado, match="EPS_ENTORNO"):
        captcha_configurado("desarrollo", "", "produccion")
    with pytest.raises(CaptchaMalConfigurado, match="PORTAL_CAPTCHA_CLAVE_SITIO"):
        captcha_configurado("turnstile", "", "produccion")


def test_los_tokens_no_se_asoman_en_el_repr() -> None:
    from datetime import UTC, datetime

    from portal.adapters.sesiones_web import Tokens

    ahora = datetime.now(UTC)
    tokens = Tokens("eyJ-secreto", "renovacion-secreta", ahora, ahora)
    assert "secret" not in repr(tokens)
