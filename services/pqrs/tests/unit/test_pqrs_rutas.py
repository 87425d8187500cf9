"""The routes on in-memory fakes: bad input anywhere is a Spanish problem, never a 500."""

from collections.abc import AsyncIterator

import httpx
import pytest

from eps_runtime.auth import Rol
from eps_runtime.testing.cargas import CargaPorPartes
from eps_runtime.testing.tokens import EmisorTokens
from pqrs.bootstrap import bootstrap_en_memoria
from pqrs.entrypoints.api import create_app
from pqrs.settings import PqrsSettings

from ..conftest import AFILIADO

PROBLEMA = "application/problem+json"
EMISOR = EmisorTokens()


@pytest.fixture
async def clientes() -> AsyncIterator[dict[str, httpx.AsyncClient]]:
    app = create_app(
        PqrsSettings(database_url="postgresql+asyncpg://eps:eps@127.0.0.1:1/nada"),
        verificador=EMISOR.verificador(),
    )
    app.state.aplicacion = bootstrap_en_memoria()
    transporte = httpx.ASGITransport(app=app)
    tokens = {
        "afiliado": EMISOR.emitir(rol=Rol.AFILIADO, usuario_id="u-1", afiliado_id=AFILIADO),
        "operador": EMISOR.emitir(rol=Rol.OPERADOR, usuario_id="op-1"),
    }
    clientes = {
        nombre: httpx.AsyncClient(
            transport=transporte,
            base_url="http://pqrs",
            headers={"Authorization": f"Bearer {token}"},
        )
        for nombre, token in tokens.items()
    }
    clientes["anonimo"] = httpx.AsyncClient(transport=transporte, base_url="http://pqrs")
    yield clientes
    for c in clientes.values():
        await c.aclose()


CASOS = [
    ("afiliado", "GET", "/mi/solicitudes/" + "9" * 200, None),
    ("afiliado", "GET", "/mi/solicitudes/abc", None),
    ("afiliado", "POST", "/mi/solicitudes/2026-1/calificacion", {"estrellas": "cinco"}),
    ("afiliado", "POST", "/mi/solicitudes/2026-1/calificacion", {"estrellas": 3, "extra": 1}),
    ("afiliado", "POST", "/mi/encuesta", {"facilidad": 1}),
    ("afiliado", "POST", "/mi/encuesta", [1, 2, 3]),
    ("anonimo", "POST", "/publico/solicitudes/consulta", {"radicado": "x" * 5000, "codigo": "A"}),
    ("anonimo", "POST", "/publico/solicitudes/consulta", {"radicado": "2026-1", "codigo": "<>"}),
    ("operador", "GET", "/backoffice/solicitudes?limite=100000", None),
    ("operador", "GET", "/backoffice/solicitudes?area=" + "A" * 500, None),
    ("operador", "GET", "/backoffice/solicitudes?estado=NO_EXISTE", None),
    ("operador", "GET", "/backoffice/solicitudes/no-es-uuid", None),
    (
        "operador",
        "POST",
        "/backoffice/solicitudes/3c1e2d4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/prorroga",
        {"motivo": "x", "nueva_fecha": "31/12/2026"},
    ),
    (
        "operador",
        "POST",
        "/backoffice/solicitudes/3c1e2d4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f/asignacion",
        {"area": "minusculas", "operador_id": "op"},
    ),
    ("operador", "POST", "/backoffice/solicitudes", {"tipo": "QUEJA", "canal": "FAX"}),
]


@pytest.mark.parametrize(("quien", "metodo", "ruta", "cuerpo"), CASOS)
async def test_entrada_invalida_es_problema_en_espanol_y_nunca_500(
    clientes: dict[str, httpx.AsyncClient],
    quien: str,
    metodo: str,
    ruta: str,
    cuerpo: object,
) -> None:
    respuesta = await clientes[quien].request(metodo, ruta, json=cuerpo)

    assert respuesta.status_code in (404, 409, 422), respuesta.text
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert "Field required" not in respuesta.text and "Input should" not in respuesta.text


async def test_multipart_malformado_es_422_no_500(clientes: dict[str, httpx.AsyncClient]) -> None:
    respuesta = await clientes["afiliado"].post(
        "/mi/solicitudes",
        content=b"--xyz\r\nbasura sin cabeceras",
        headers={"Content-Type": "multipart/form-data; boundary=xyz"},
    )

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert respuesta.json()["code"] == "formulario-invalido"


async def test_cuerpo_sin_longitud_declarada_se_corta_al_pasar_el_limite(
    clientes: dict[str, httpx.AsyncClient],
) -> None:
    carga = CargaPorPartes(
        {"tipo": "QUEJA", "descripcion": "Adjunto la historia."}, campo_archivo="adjuntos", megas=20
    )
    respuesta = await clientes["afiliado"].post(
        "/mi/solicitudes", content=carga.cuerpo(), headers=carga.tipo
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "solicitud-demasiado-grande"
    assert carga.enviados < 20


async def test_caracteres_de_control_en_la_descripcion_se_rechazan(
    clientes: dict[str, httpx.AsyncClient],
) -> None:
    respuesta = await clientes["afiliado"].post(
        "/mi/solicitudes", data={"tipo": "QUEJA", "descripcion": "hola\x00mundo"}
    )

    assert respuesta.status_code == 422


async def test_radicar_y_consultar_en_memoria(clientes: dict[str, httpx.AsyncClient]) -> None:
    radicada = await clientes["afiliado"].post(
        "/mi/solicitudes", data={"tipo": "SUGERENCIA", "descripcion": "Más sedes."}
    )
    consulta = await clientes["afiliado"].get(f"/mi/solicitudes/{radicada.json()['radicado']}")

    assert radicada.status_code == 201
    assert radicada.headers["location"] == f"/mi/solicitudes/{radicada.json()['radicado']}"
    assert consulta.json()["vence_en"] is None
    assert consulta.json()["respuesta"] == "Esta solicitud se encuentra en gestión"


def _app_con_proxies(proxies: list[str]) -> httpx.AsyncClient:
    app = create_app(
        PqrsSettings(
            database_url="postgresql+asyncpg://eps:eps@127.0.0.1:1/nada",
            proxies_confiables=proxies,
        ),
        verificador=EMISOR.verificador(),
    )
    app.state.aplicacion = bootstrap_en_memoria()
    transporte = httpx.ASGITransport(app=app, client=("10.0.0.5", 4000))
    return httpx.AsyncClient(transport=transporte, base_url="http://pqrs")


async def _consultas_hasta_429(cliente: httpx.AsyncClient, reenviado_por: str) -> int:
    for n in range(1, 30):
        r = await cliente.post(
            "/publico/solicitudes/consulta",
            json={"radicado": "2026-1", "codigo": "AAAA"},
            headers={"X-Forwarded-For": f"{reenviado_por}, 203.0.113.{n}"},
        )
        if r.status_code == 429:
            return n
    return 0


async def test_detras_del_portal_cada_ciudadano_tiene_su_propio_limite() -> None:
    async with _app_con_proxies(["10.0.0.5"]) as cliente:
        # Each request comes from another citizen (last hop added by our proxy).
        assert await _consultas_hasta_429(cliente, "198.51.100.1") == 0


async def test_sin_proxy_confiable_el_encabezado_no_evita_el_limite() -> None:
    async with _app_con_proxies([]) as cliente:
        # X-Forwarded-For from an untrusted connection is ignored: one client, one bucket.
        assert await _consultas_hasta_429(cliente, "198.51.100.1") == 11
