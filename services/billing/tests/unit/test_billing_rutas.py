"""The affiliate's copay routes and the gateway's webhook on fakes: who may see what,
bad input, signatures."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI

from billing.adapters.firma import CABECERA, firmar
from billing.adapters.memoria import AlmacenEnMemoria
from billing.adapters.pasarela_http import PasarelaHttp
from billing.application.comandos import CrearObligacionDeOPS
from billing.bootstrap import Aplicacion, bootstrap_en_memoria
from billing.domain.valores import obligacion_de_ops
from billing.entrypoints.api import create_app
from billing.settings import SECRETO_DESARROLLO, BillingSettings
from eps_contracts.events.billing import PagoAprobado
from eps_contracts.types import ConceptoCuota
from eps_runtime.auth import Rol
from eps_runtime.testing.tokens import EmisorTokens

COTIZANTE = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
HIJA_MENOR = uuid4()
HIJO_ADULTO = uuid4()
SECRETO = SECRETO_DESARROLLO.encode()


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def aplicacion(almacen: AlmacenEnMemoria, pasarela: PasarelaHttp) -> Aplicacion:
    return bootstrap_en_memoria(almacen, pasarela)


@pytest.fixture
def app(aplicacion: Aplicacion, emisor: EmisorTokens) -> FastAPI:
    settings = BillingSettings(database_url="postgresql+asyncpg://nadie:x@127.0.0.1:1/nada")
    app = create_app(settings, verificador=emisor.verificador(), pasarela=aplicacion.pasarela)
    app.state.aplicacion = aplicacion
    return app


@pytest.fixture
async def cliente(app: FastAPI, emisor: EmisorTokens) -> AsyncIterator[httpx.AsyncClient]:
    token = emisor.emitir(
        rol=Rol.AFILIADO,
        afiliado_id=COTIZANTE,
        representados={HIJA_MENOR: datetime.now(UTC) + timedelta(days=400)},
    )
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://billing",
        headers={"Authorization": f"Bearer {token}"},
    ) as c:
        yield c


async def _obligacion(aplicacion: Aplicacion, afiliado_id: UUID = COTIZANTE) -> UUID:
    ops_id = uuid4()
    await aplicacion.ejecutar(
        CrearObligacionDeOPS(
            ops_id,
            afiliado_id,
            "AUT-2026-000123",
            ConceptoCuota.CUOTA_MODERADORA,
            "CONSULTA DE PRIMERA VEZ POR MEDICINA GENERAL",
            20100,
            date(2026, 12, 31),
        )
    )
    return obligacion_de_ops(ops_id)


def _pagar(
    cliente: httpx.AsyncClient,
    obligacion_id: UUID,
    afiliado_id: UUID = COTIZANTE,
    clave: str = "clave-0001",
    **cuerpo: object,
) -> object:
    return cliente.post(
        f"/mi/cuotas/{obligacion_id}/pagos",
        json={"afiliado_id": str(afiliado_id), "medio": "PSE", "banco": "1007", **cuerpo},
        headers={"Idempotency-Key": clave},
    )


async def test_el_afiliado_ve_sus_cuotas_con_el_valor_en_pesos(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    await _obligacion(aplicacion)
    r = await cliente.get("/mi/cuotas", params={"afiliado_id": str(COTIZANTE)})
    assert r.status_code == 200, r.text
    [cuota] = r.json()["obligaciones"]
    assert cuota["valor_texto"] == "$20.100"
    assert cuota["estado"] == "POR_PAGAR" and cuota["se_puede_pagar"] is True


async def test_cotizante_ve_y_paga_las_cuotas_de_su_hija_menor(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    obligacion_id = await _obligacion(aplicacion, HIJA_MENOR)
    r = await _pagar(cliente, obligacion_id, HIJA_MENOR)  # type: ignore[misc]
    assert r.status_code == 201, r.text
    assert r.json()["url_pago"].startswith("http://pasarela/pagar/SIM-")


async def test_hijo_adulto_y_extrano_reciben_lo_mismo_que_quien_no_existe(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    respuestas = []
    for persona in (HIJO_ADULTO, uuid4()):
        obligacion_id = await _obligacion(aplicacion, persona)
        r = await cliente.get(f"/mi/cuotas/{obligacion_id}", params={"afiliado_id": str(persona)})
        pago = await _pagar(cliente, obligacion_id, persona)  # type: ignore[misc]
        respuestas.append((r.status_code, r.json()["code"], pago.status_code, pago.json()["code"]))
    assert (
        respuestas[0]
        == respuestas[1]
        == (
            404,
            "afiliado-no-encontrado",
            404,
            "afiliado-no-encontrado",
        )
    )


async def test_orden_de_otra_persona_con_mi_afiliado_id_es_orden_no_encontrada(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    ajena = await _obligacion(aplicacion, HIJO_ADULTO)
    r = await cliente.get(f"/mi/cuotas/{ajena}", params={"afiliado_id": str(COTIZANTE)})
    assert (r.status_code, r.json()["code"]) == (404, "obligacion-no-encontrada")
    pago = await _pagar(cliente, ajena)  # type: ignore[misc]
    assert (pago.status_code, pago.json()["code"]) == (404, "obligacion-no-encontrada")


async def test_doble_clic_devuelve_la_misma_url_y_otra_clave_es_409(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    obligacion_id = await _obligacion(aplicacion)
    primera = await _pagar(cliente, obligacion_id)  # type: ignore[misc]
    segunda = await _pagar(cliente, obligacion_id)  # type: ignore[misc]
    assert segunda.json() == primera.json()
    otra = await _pagar(cliente, obligacion_id, clave="clave-0002")  # type: ignore[misc]
    assert (otra.status_code, otra.json()["code"]) == (409, "pago-en-proceso")
    assert "Ya hay un pago en proceso" in otra.json()["detail"]


@pytest.mark.parametrize(
    ("cuerpo", "cabeceras", "campo"),
    [
        ({"medio": "EFECTIVO"}, {}, "medio"),
        ({"banco": "<script>"}, {}, "banco"),
        ({"banco": "1" * 11}, {}, "banco"),
        ({"extra": "x"}, {}, "extra"),
        ({}, {"Idempotency-Key": "corta"}, "Idempotency-Key"),
        ({}, {"Idempotency-Key": "con espacios; y=1"}, "Idempotency-Key"),
    ],
)
async def test_datos_invalidos_del_pago_son_422_en_espanol(
    cliente: httpx.AsyncClient,
    aplicacion: Aplicacion,
    cuerpo: dict[str, object],
    cabeceras: dict[str, str],
    campo: str,
) -> None:
    obligacion_id = await _obligacion(aplicacion)
    r = await cliente.post(
        f"/mi/cuotas/{obligacion_id}/pagos",
        json={"afiliado_id": str(COTIZANTE), "medio": "PSE", "banco": "1007", **cuerpo},
        headers={"Idempotency-Key": "clave-0001", **cabeceras},
    )
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert campo in r.text


async def test_pse_sin_banco_es_422_en_el_campo_banco(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> None:
    obligacion_id = await _obligacion(aplicacion)
    r = await _pagar(cliente, obligacion_id, banco=None)  # type: ignore[misc]
    assert (r.status_code, r.json()["code"]) == (422, "banco-requerido")


async def test_pasarela_caida_es_503_y_no_cobra(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion, simulador: FastAPI
) -> None:
    obligacion_id = await _obligacion(aplicacion)
    simulador.state.control.caida = True
    r = await _pagar(cliente, obligacion_id)  # type: ignore[misc]
    assert (r.status_code, r.json()["code"]) == (503, "pasarela-no-disponible")
    simulador.state.control.caida = False
    detalle = await cliente.get(
        f"/mi/cuotas/{obligacion_id}", params={"afiliado_id": str(COTIZANTE)}
    )
    assert detalle.json()["transacciones"] == []


async def _notificar(
    cliente: httpx.AsyncClient, cuerpo: dict[str, object], firma: str | None = None
) -> httpx.Response:
    crudo = json.dumps(cuerpo).encode()
    cabeceras = {"Content-Type": "application/json"}
    cabeceras[CABECERA] = firma if firma is not None else firmar(SECRETO, crudo, int(time.time()))
    return await cliente.post("/pasarela/notificaciones", content=crudo, headers=cabeceras)


async def _pendiente(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion
) -> tuple[UUID, dict[str, object]]:
    obligacion_id = await _obligacion(aplicacion)
    r = await _pagar(cliente, obligacion_id)  # type: ignore[misc]
    creada = r.json()
    referencia = creada["url_pago"].rsplit("/", 1)[1]
    aviso = {
        "id": referencia,
        "referencia": creada["transaccion_id"],
        "estado": "APROBADO",
        "valor": 20100,
        "medio": "PSE",
        "motivo": None,
    }
    return obligacion_id, aviso


async def test_notificacion_firmada_aprueba_el_pago_una_sola_vez(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    obligacion_id, aviso = await _pendiente(cliente, aplicacion)
    for _ in range(3):
        assert (await _notificar(cliente, aviso)).status_code == 204
    aprobados = [e for s in almacen.streams.values() for e in s if isinstance(e, PagoAprobado)]
    assert len(aprobados) == 1
    historial = await cliente.get("/mi/cuotas/historial", params={"afiliado_id": str(COTIZANTE)})
    [movimiento] = historial.json()["movimientos"]
    assert movimiento["estado"] == "Aprobado" and movimiento["recibo"] == aprobados[0].recibo
    detalle = await cliente.get(
        f"/mi/cuotas/{obligacion_id}", params={"afiliado_id": str(COTIZANTE)}
    )
    assert detalle.json()["estado"] == "PAGADA"


async def test_notificacion_falsificada_o_alterada_se_rechaza_sin_aprobar(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    _, aviso = await _pendiente(cliente, aplicacion)
    crudo = json.dumps(aviso).encode()
    otra_clave = firmar(b"otra-clave", crudo, int(time.time()))
    vieja = firmar(SECRETO, crudo, int(time.time()) - 3600)
    for firma in (otra_clave, vieja, "", "t=1,v1=00"):
        r = await _notificar(cliente, aviso, firma)
        assert (r.status_code, r.json()["code"]) == (401, "firma-invalida")
    # Signed, then tampered: the amount changed after signing.
    firma = firmar(SECRETO, crudo, int(time.time()))
    r = await _notificar(cliente, {**aviso, "valor": 100}, firma)
    assert r.status_code == 401
    # Signed by the gateway's key but with another amount: the transaction's is checked.
    r = await _notificar(cliente, {**aviso, "valor": 100})
    assert (r.status_code, r.json()["code"]) == (422, "valor-no-coincide")
    assert not [e for s in almacen.streams.values() for e in s if isinstance(e, PagoAprobado)]


@pytest.mark.parametrize(
    "cuerpo", [b"no es json", b"[]", b'{"referencia": "x"}', b'{"referencia": 5, "id": 3}']
)
async def test_notificacion_mal_formada_firmada_es_422(
    cliente: httpx.AsyncClient, cuerpo: bytes
) -> None:
    r = await cliente.post(
        "/pasarela/notificaciones",
        content=cuerpo,
        headers={CABECERA: firmar(SECRETO, cuerpo, int(time.time()))},
    )
    assert (r.status_code, r.json()["code"]) == (422, "notificacion-invalida")


async def test_sin_sesion_es_401_y_otro_rol_403(app: FastAPI, emisor: EmisorTokens) -> None:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://billing"
    ) as c:
        r = await c.get("/mi/cuotas", params={"afiliado_id": str(COTIZANTE)})
        assert r.status_code == 401
        token = emisor.emitir(rol=Rol.OPERADOR, usuario_id="op")
        r = await c.get(
            "/mi/cuotas",
            params={"afiliado_id": str(COTIZANTE)},
            headers={"Authorization": f"Bearer {token}"},
        )
        assert r.status_code == 403


async def test_lista_de_bancos_pse(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/pagos/bancos")
    assert {"codigo": "1007", "nombre": "BANCOLOMBIA"} in r.json()


async def test_pasarela_que_responde_algo_inesperado_es_503_y_no_cobra(
    cliente: httpx.AsyncClient, aplicacion: Aplicacion, emisor: EmisorTokens
) -> None:
    rara = PasarelaHttp(
        "http://pasarela",
        SECRETO,
        "http://billing/pasarela/notificaciones",
        "http://portal/retorno",
        transporte=httpx.MockTransport(lambda _: httpx.Response(201, json={"otra": "cosa"})),
    )
    object.__setattr__(aplicacion, "pasarela", rara)
    obligacion_id = await _obligacion(aplicacion)
    r = await _pagar(cliente, obligacion_id)  # type: ignore[misc]
    assert (r.status_code, r.json()["code"]) == (503, "pasarela-no-disponible")


async def test_planilla_que_declara_mas_de_200_mb_se_rechaza_sin_leerla_con_413(
    app: FastAPI, emisor: EmisorTokens
) -> None:
    leidos = 0

    async def cuerpo() -> AsyncIterator[bytes]:
        nonlocal leidos
        for _ in range(3):
            leidos += 1
            yield bytes(1024)

    operador = emisor.emitir(rol=Rol.OPERADOR, usuario_id="op-1")
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://billing"
    ) as c:
        r = await c.post(
            "/planillas",
            content=cuerpo(),
            headers={
                "Authorization": f"Bearer {operador}",
                "Content-Type": "multipart/form-data; boundary=x",
                "Content-Length": str(300 * 1024 * 1024),
            },
        )

    assert (r.status_code, r.json()["code"]) == (413, "archivo-demasiado-grande")
    assert "200 MB" in r.json()["detail"]
    assert leidos == 0
