"""The production CAPTCHA against a provider over real HTTP (``eps_runtime.testing.captcha``):
single-use tokens, fail closed when the provider cannot answer, never a secret in the log,
and no development CAPTCHA outside development."""

import json
import socket
from collections.abc import Iterator

import pytest
from pydantic import SecretStr

from eps_runtime.antiautomatizacion import CaptchaDesarrollo
from eps_runtime.captcha_proveedor import (
    URLS_VERIFICACION,
    CaptchaMalConfigurado,
    CaptchaNoDisponible,
    CaptchaProveedor,
    CaptchaSettings,
    verificador_captcha,
)
from eps_runtime.logging import configure_logging
from eps_runtime.testing.captcha import SECRETO_PRUEBA, SiteverifyFalso, url_sin_servidor
from eps_runtime.testing.captcha import siteverify as siteverify  # the fixture


def _proveedor(url: str, secreto: str = SECRETO_PRUEBA, timeout_s: float = 2.0) -> CaptchaProveedor:
    return CaptchaProveedor("turnstile", url, secreto, timeout_s=timeout_s)


async def test_un_token_emitido_se_acepta_una_sola_vez(siteverify: SiteverifyFalso) -> None:
    captcha = _proveedor(siteverify.url)
    token = siteverify.emitir()

    assert await captcha.verificar(token, "203.0.113.7") is True
    assert await captcha.verificar(token, "203.0.113.7") is False
    assert await captcha.verificar("nunca-emitido", None) is False
    assert [(v.ip, v.exito) for v in siteverify.recibidas] == [
        ("203.0.113.7", True),
        ("203.0.113.7", False),
        (None, False),
    ]


async def test_sin_token_se_rechaza_sin_preguntar_al_proveedor(
    siteverify: SiteverifyFalso,
) -> None:
    captcha = _proveedor(siteverify.url)
    assert await captcha.verificar(None, "203.0.113.7") is False
    assert await captcha.verificar("", "203.0.113.7") is False
    assert siteverify.recibidas == []


@pytest.fixture
def registro(capsys: pytest.CaptureFixture[str]) -> Iterator[pytest.CaptureFixture[str]]:
    configure_logging("prueba")
    capsys.readouterr()
    yield capsys


def _advertencias(capsys: pytest.CaptureFixture[str]) -> list[dict[str, object]]:
    lineas = [json.loads(linea) for linea in capsys.readouterr().out.splitlines() if linea]
    return [linea for linea in lineas if linea.get("event") == "captcha_no_disponible"]


async def test_proveedor_caido_rechaza_y_lo_registra_sin_token_ni_secreto(
    registro: pytest.CaptureFixture[str],
) -> None:
    captcha = _proveedor(url_sin_servidor())
    with pytest.raises(CaptchaNoDisponible) as error:
        await captcha.verificar("token-de-la-persona", "203.0.113.7")

    assert error.value.codigo == "captcha-no-disponible"
    assert error.value.mensaje == (
        "No pudimos verificar que no es un robot; intente de nuevo en unos minutos."
    )
    [linea] = _advertencias(registro)
    assert linea["level"] == "warning"
    assert linea["motivo"] == "sin_conexion"
    assert "token-de-la-persona" not in json.dumps(linea)
    assert SECRETO_PRUEBA not in json.dumps(linea)


async def test_proveedor_que_no_contesta_a_tiempo_rechaza(
    registro: pytest.CaptureFixture[str],
) -> None:
    # A server that accepts the connection and never answers.
    with socket.socket() as mudo:
        mudo.bind(("127.0.0.1", 0))
        mudo.listen()
        url = f"http://127.0.0.1:{mudo.getsockname()[1]}/siteverify"
        with pytest.raises(CaptchaNoDisponible):
            await _proveedor(url, timeout_s=0.3).verificar("token", None)
    assert [linea["motivo"] for linea in _advertencias(registro)] == ["tiempo_agotado"]


async def test_respuesta_que_no_es_la_del_proveedor_rechaza(
    siteverify: SiteverifyFalso, registro: pytest.CaptureFixture[str]
) -> None:
    siteverify.averiado = True  # an HTML error page with status 200
    with pytest.raises(CaptchaNoDisponible):
        await _proveedor(siteverify.url).verificar(siteverify.emitir(), None)
    assert [linea["motivo"] for linea in _advertencias(registro)] == ["respuesta_ilegible"]


async def test_un_secreto_equivocado_no_se_toma_por_un_token_malo(
    siteverify: SiteverifyFalso, registro: pytest.CaptureFixture[str]
) -> None:
    """The provider refuses our secret: every person would be told they are a robot, so it
    is "not available" (503) and a warning for the operator, not a 400."""
    with pytest.raises(CaptchaNoDisponible):
        await _proveedor(siteverify.url, secreto="otro").verificar(siteverify.emitir(), None)
    [linea] = _advertencias(registro)
    assert linea["codigos"] == ["invalid-input-secret"]
    assert "otro" not in json.dumps({k: v for k, v in linea.items() if k != "timestamp"})


class _Ajustes(CaptchaSettings):
    pass


def test_el_captcha_de_desarrollo_solo_arranca_en_desarrollo_o_pruebas() -> None:
    desarrollo = _Ajustes()
    assert isinstance(verificador_captcha(desarrollo, "desarrollo"), CaptchaDesarrollo)
    assert isinstance(verificador_captcha(desarrollo, "pruebas"), CaptchaDesarrollo)
    with pytest.raises(CaptchaMalConfigurado, match="EPS_ENTORNO"):
        verificador_captcha(desarrollo, "produccion")


def test_un_proveedor_real_necesita_su_secreto_y_usa_su_url_oficial() -> None:
    with pytest.raises(CaptchaMalConfigurado, match="CAPTCHA_SECRETO"):
        verificador_captcha(_Ajustes(captcha_proveedor="hcaptcha"), "produccion")
    for proveedor in ("turnstile", "hcaptcha", "recaptcha"):
        ajustes = _Ajustes(captcha_proveedor=proveedor, captcha_secreto=SecretStr("s"))
        captcha = verificador_captcha(ajustes, "produccion")
        assert isinstance(captcha, CaptchaProveedor)
        assert captcha.url == URLS_VERIFICACION[proveedor]
        assert captcha.url.startswith("https://")
