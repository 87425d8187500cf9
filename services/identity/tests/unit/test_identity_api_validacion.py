"""Registration step 1 ("Válida") over a fake read model: answers, messages, validation."""

from collections.abc import AsyncIterator
from typing import Any

import httpx
import pytest

from eps_contracts.types import EstadoAfiliacion, TipoDocumento
from identity.adapters.memoria import AfiliadosValidablesEnMemoria
from identity.bootstrap import con_fakes
from identity.domain.registro import AfiliadoValidable, Documento
from identity.entrypoints.api import create_app
from identity.settings import IdentitySettings

CAPTCHA = "no-soy-un-robot"  # what the development CAPTCHA accepts by default

MENSAJE_DEL_MANUAL = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    "cliente 018000938777"
)

ANA = AfiliadoValidable(
    documento=Documento(TipoDocumento.CC, "1000000001"),
    primer_nombre="Ana",
    segundo_nombre="María",
    primer_apellido="Pérez",
    segundo_apellido="Gómez",
)

RETIRADA = (
    "La afiliación a la EPS asociada a este tipo y número de identificación se encuentra "
    "retirada, por lo que no es posible registrarse en la Oficina Virtual. Para mayor "
    "información comuníquese con la línea de atención al cliente 018000938777"
)

LUIS_RETIRADO = AfiliadoValidable(
    documento=Documento(TipoDocumento.CC, "1000000002"),
    primer_nombre="Luis",
    primer_apellido="Rojas",
    estado=EstadoAfiliacion.RETIRADO,
)

EVA_SUSPENDIDA = AfiliadoValidable(
    documento=Documento(TipoDocumento.CC, "1000000003"),
    primer_nombre="Eva",
    primer_apellido="Mora",
    estado=EstadoAfiliacion.SUSPENDIDO,
)


@pytest.fixture
async def cliente() -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(IdentitySettings())
    app.state.aplicacion = con_fakes(
        app.state.aplicacion, AfiliadosValidablesEnMemoria(ANA, LUIS_RETIRADO, EVA_SUSPENDIDA)
    )
    transporte = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(
        transport=transporte, base_url="http://identidad", headers={"X-Captcha": CAPTCHA}
    ) as c:
        yield c
    await app.state.engine.dispose()


async def validar(cliente: httpx.AsyncClient, cuerpo: Any) -> httpx.Response:
    return await cliente.post("/registro/validacion", json=cuerpo)


async def test_documento_de_un_afiliado_responde_sus_nombres_y_apellidos(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "CC", "numero_documento": "1000000001"})

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo.pop("sesion_registro")  # what step 2 requires (issue 17.1)
    assert cuerpo == {
        "tipo_documento": "CC",
        "numero_documento": "1000000001",
        "nombres": "Ana María",
        "apellidos": "Pérez Gómez",
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
    }


async def test_espacios_alrededor_del_numero_no_importan(cliente: httpx.AsyncClient) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "CC", "numero_documento": " 1000000001 "})
    assert respuesta.status_code == 200


async def test_documento_no_registrado_responde_404_con_el_mensaje_del_manual(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "CC", "numero_documento": "100200300400"})

    assert respuesta.status_code == 404
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    problema = respuesta.json()
    assert problema["code"] == "documento-no-registrado"
    assert problema["detail"] == MENSAJE_DEL_MANUAL


async def test_mismo_numero_con_otro_tipo_de_documento_no_es_el_mismo_afiliado(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "TI", "numero_documento": "1000000001"})
    assert respuesta.status_code == 404


async def test_afiliado_retirado_no_puede_registrarse_y_no_se_muestran_sus_nombres(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "CC", "numero_documento": "1000000002"})

    assert respuesta.status_code == 409
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    problema = respuesta.json()
    assert problema["code"] == "afiliacion-retirada"
    assert problema["detail"] == RETIRADA
    assert "Luis" not in respuesta.text


async def test_afiliado_suspendido_si_puede_registrarse(cliente: httpx.AsyncClient) -> None:
    respuesta = await validar(cliente, {"tipo_documento": "CC", "numero_documento": "1000000003"})

    assert respuesta.status_code == 200
    assert respuesta.json()["nombres"] == "Eva"


@pytest.mark.parametrize(
    ("cuerpo", "campo", "mensaje"),
    [
        ({"tipo_documento": "XX", "numero_documento": "123"}, "tipo_documento", "no es un valor"),
        ({"tipo_documento": "CC", "numero_documento": "12A45"}, "numero_documento", "dígitos"),
        ({"tipo_documento": "CC", "numero_documento": "12"}, "numero_documento", "entre 3 y 16"),
        ({"tipo_documento": "CC", "numero_documento": "1.000.001"}, "numero_documento", "letras"),
        ({"tipo_documento": "CC", "numero_documento": 1000000001}, "numero_documento", "texto"),
        ({"tipo_documento": "CC"}, "numero_documento", "es obligatorio"),
    ],
)
async def test_documento_invalido_responde_422_en_espanol(
    cliente: httpx.AsyncClient, cuerpo: dict[str, Any], campo: str, mensaje: str
) -> None:
    respuesta = await validar(cliente, cuerpo)

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith("application/problem+json")
    [error] = [e for e in respuesta.json()["errores"] if e["campo"] == campo]
    assert mensaje in error["mensaje"]


async def test_cuerpo_que_no_es_json_responde_422(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post(
        "/registro/validacion", content=b"{", headers={"content-type": "application/json"}
    )
    assert respuesta.status_code == 422
    assert respuesta.json()["errores"] == [{"campo": "solicitud", "mensaje": "no es JSON válido"}]


async def test_sin_captcha_se_rechaza_sin_consultar_el_documento(
    cliente: httpx.AsyncClient,
) -> None:
    for cabeceras in ({"X-Captcha": ""}, {"X-Captcha": "otro"}):
        respuesta = await cliente.post(
            "/registro/validacion",
            json={"tipo_documento": "CC", "numero_documento": "1000000001"},
            headers=cabeceras,
        )

        assert respuesta.status_code == 400
        assert respuesta.json()["code"] == "captcha-invalido"
        assert "No soy un robot" in respuesta.json()["detail"]
        assert "Ana" not in respuesta.text


async def test_demasiadas_validaciones_del_mismo_documento_responden_429(
    cliente: httpx.AsyncClient,
) -> None:
    cuerpo = {"tipo_documento": "CC", "numero_documento": "1000000001"}
    codigos = [(await validar(cliente, cuerpo)).status_code for _ in range(9)]

    assert codigos[:8] == [200] * 8
    assert codigos[8] == 429
    ultima = await validar(cliente, cuerpo)
    assert ultima.json()["code"] == "demasiadas-solicitudes"
    assert int(ultima.headers["Retry-After"]) >= 1
    assert "Espere un momento" in ultima.json()["detail"]
