"""The API on a real, migrated PostgreSQL: filing with attachments, who may see what,
gap-free consecutivos under concurrent filings, two operators deciding at once."""

import asyncio
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from eps_runtime.auth import Rol
from eps_runtime.testing.cargas import CargaPorPartes
from eps_runtime.testing.tokens import EmisorTokens

from ..constructores import pdf_valido

pytestmark = pytest.mark.integration

PROBLEMA = "application/problem+json"
COTIZANTE = UUID("11111111-1111-4111-8111-111111111111")
MENOR = UUID("22222222-2222-4222-8222-222222222222")
ADULTO = UUID("33333333-3333-4333-8333-333333333333")


async def sql(app: FastAPI, consulta: str, **parametros: Any) -> list[Any]:
    async with app.state.engine.begin() as conn:
        resultado = await conn.execute(text(consulta), parametros)
        return list(resultado) if resultado.returns_rows else []


async def con_derecho(app: FastAPI, afiliado_id: UUID, **cambios: Any) -> None:
    valores = {
        "id": afiliado_id,
        "estado": "ACTIVO",
        "tipo": "COTIZANTE",
        "cotizante": None,
        "rango": "B",
    } | cambios
    await sql(
        app,
        "INSERT INTO derechos (afiliado_id, estado, tipo_afiliado, cotizante_id, rango_salarial,"
        " fecha_nacimiento, version) VALUES (:id, :estado, :tipo, :cotizante, :rango,"
        " '1985-03-01', 1)",
        **valores,
    )


@pytest.fixture
async def cliente(authorizations_app: FastAPI) -> Any:
    await con_derecho(authorizations_app, COTIZANTE)
    await con_derecho(authorizations_app, MENOR, tipo="BENEFICIARIO", cotizante=COTIZANTE)
    await con_derecho(authorizations_app, ADULTO, tipo="BENEFICIARIO", cotizante=COTIZANTE)
    transporte = httpx.ASGITransport(app=authorizations_app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://test") as cliente:
        yield cliente


def cotizante(emisor: EmisorTokens) -> dict[str, str]:
    hasta = datetime.now(UTC) + timedelta(days=365)
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=COTIZANTE, representados={MENOR: hasta})
    return {"Authorization": f"Bearer {token}"}


def operador(emisor: EmisorTokens, nombre: str = "operador-1") -> dict[str, str]:
    return {"Authorization": f"Bearer {emisor.emitir(rol=Rol.OPERADOR, usuario_id=nombre)}"}


def formulario(afiliado_id: UUID, **cambios: Any) -> dict[str, Any]:
    hoy = datetime.now(UTC).date()
    return {
        "afiliado_id": str(afiliado_id),
        "plan": "PBS",
        "fecha_documentos": (hoy - timedelta(days=3)).isoformat(),
        "acepta_terminos": "true",
        "observaciones": "Control con neurología.",
    } | cambios


def adjuntos(historia: bytes | None = None) -> list[tuple[str, tuple[str, bytes, str]]]:
    return [
        ("historia_clinica", ("historia.pdf", historia or pdf_valido(), "application/pdf")),
        ("solicitud_medica", ("orden.pdf", pdf_valido("Orden"), "application/pdf")),
    ]


async def radicar(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, afiliado_id: UUID = COTIZANTE, **cambios: Any
) -> httpx.Response:
    historia = cambios.pop("historia", None)
    return await cliente.post(
        "/mi/presolicitudes",
        data=formulario(afiliado_id, **cambios),
        files=adjuntos(historia),
        headers=cotizante(emisor),
    )


async def test_radicar_con_adjuntos_responde_el_consecutivo_y_guarda_eventos_y_archivos(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI, tmp_path: Path
) -> None:
    respuesta = await radicar(cliente, emisor)

    assert respuesta.status_code == 201, respuesta.text
    cuerpo = respuesta.json()
    assert cuerpo["mensaje"] == (
        f"La presolicitud se ha creado de forma exitosa. Su consecutivo es {cuerpo['consecutivo']}"
    )
    eventos = await sql(authorizations_app, "SELECT event_type FROM events")
    assert [e.event_type for e in eventos] == ["co.eps.authorizations.PresolicitudCreada.v1"]
    assert len(await sql(authorizations_app, "SELECT * FROM outbox")) == 1
    assert len(list((tmp_path / "archivos").iterdir())) == 2


async def test_cotizante_radica_para_su_hijo_menor_pero_no_para_el_adulto_ni_un_extrano(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    assert (await radicar(cliente, emisor, MENOR)).status_code == 201
    for otro in (ADULTO, uuid4()):
        respuesta = await radicar(cliente, emisor, otro)
        assert respuesta.status_code == 404
        assert respuesta.json()["code"] == "afiliado-no-encontrado"
        listado = await cliente.get(
            "/mi/presolicitudes", params={"afiliado_id": str(otro)}, headers=cotizante(emisor)
        )
        assert listado.status_code == 404
        assert listado.json()["code"] == "afiliado-no-encontrado"


@pytest.mark.parametrize(
    ("cambios", "codigo"),
    [
        ({"fecha_documentos": (date.today() - timedelta(days=31)).isoformat()}, None),
        ({"historia": b"MZ\x90\x00ejecutable renombrado"}, None),
        ({"historia": b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 1)}, None),
        ({"plan": "NO_PBS"}, "solicitud-no-pbs"),
        ({"plan": "BIENESTAR"}, "plan-no-contratado"),
        ({"observaciones": "x" * 301}, None),
        ({"acepta_terminos": "false"}, "terminos-no-aceptados"),
        ({"plan": "<script>"}, None),
    ],
)
async def test_entrada_invalida_es_422_en_espanol_sin_guardar_nada(
    cliente: httpx.AsyncClient,
    emisor: EmisorTokens,
    authorizations_app: FastAPI,
    tmp_path: Path,
    cambios: dict[str, Any],
    codigo: str | None,
) -> None:
    respuesta = await radicar(cliente, emisor, **cambios)

    assert respuesta.status_code == 422, respuesta.text
    assert respuesta.headers["content-type"] == PROBLEMA
    if codigo is not None:
        assert respuesta.json()["code"] == codigo
    assert await sql(authorizations_app, "SELECT * FROM events") == []
    assert not (tmp_path / "archivos").exists() or not list((tmp_path / "archivos").iterdir())


async def test_afiliado_suspendido_no_puede_radicar_y_sabe_por_que(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI
) -> None:
    await sql(authorizations_app, "UPDATE derechos SET estado = 'SUSPENDIDO'")
    respuesta = await radicar(cliente, emisor)
    assert respuesta.status_code == 409
    assert respuesta.json()["code"] == "derecho-no-activo"
    assert "suspendida" in respuesta.json()["detail"]


async def test_radicaciones_simultaneas_reciben_consecutivos_unicos_sin_huecos(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    respuestas = await asyncio.gather(*(radicar(cliente, emisor) for _ in range(8)))
    assert [r.status_code for r in respuestas] == [201] * 8
    assert sorted(r.json()["consecutivo"] for r in respuestas) == list(range(1, 9))


async def test_dos_operadores_deciden_a_la_vez_uno_recibe_409_y_hay_una_sola_ops(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI
) -> None:
    radicada = (await radicar(cliente, emisor)).json()
    pid = radicada["presolicitud_id"]
    toma = await cliente.post(
        f"/presolicitudes/{pid}/toma",
        json={"version": radicada["version"]},
        headers=operador(emisor),
    )
    assert toma.status_code == 200, toma.text
    decision = {
        "version": toma.json()["version"],
        "autorizar": [{"cups_codigo": "890374", "prestador_nombre": "NEUROLOGOS DE OCCIDENTE"}],
    }
    respuestas = await asyncio.gather(
        cliente.post(f"/presolicitudes/{pid}/decision", json=decision, headers=operador(emisor)),
        cliente.post(
            f"/presolicitudes/{pid}/decision", json=decision, headers=operador(emisor, "op-2")
        ),
    )
    assert sorted(r.status_code for r in respuestas) == [200, 409]
    assert len(await sql(authorizations_app, "SELECT * FROM ops_vista")) == 1

    listado = await cliente.get(
        "/mi/presolicitudes", params={"estado": "AUTORIZADA"}, headers=cotizante(emisor)
    )
    [fila] = listado.json()["solicitudes"]
    assert (fila["estado"], fila["valor_cuota"], fila["puede_pagar"]) == ("AUTORIZADA", 20100, True)
    assert fila["numero_autorizacion"].startswith("AUT-")


async def test_afiliado_no_entra_al_back_office(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    respuesta = await cliente.get("/presolicitudes/cola", headers=cotizante(emisor))
    assert respuesta.status_code == 403


async def test_cola_del_back_office_ordenada_por_plazo(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    primera = (await radicar(cliente, emisor)).json()
    segunda = (await radicar(cliente, emisor)).json()
    await cliente.post(
        f"/presolicitudes/{segunda['presolicitud_id']}/toma",
        json={"version": 1, "prioritaria": True},
        headers=operador(emisor),
    )
    cola = (await cliente.get("/presolicitudes/cola", headers=operador(emisor))).json()
    ids = [f["presolicitud_id"] for f in cola["presolicitudes"]]
    assert ids == [segunda["presolicitud_id"], primera["presolicitud_id"]]


async def test_sin_sesion_es_401_en_problem_json(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/mi/presolicitudes")
    assert respuesta.status_code == 401
    assert respuesta.headers["content-type"] == PROBLEMA


@pytest.mark.parametrize(
    ("ruta", "cuerpo"),
    [
        ("/presolicitudes/no-es-uuid/toma", {"version": 1}),
        (f"/presolicitudes/{uuid4()}/decision", {"version": 1, "negar": [{"cups_codigo": "x"}]}),
        (
            f"/presolicitudes/{uuid4()}/decision",
            {"version": 1, "autorizar": [{"cups_codigo": "890201", "prestador_nombre": "x" * 201}]},
        ),
        (f"/presolicitudes/{uuid4()}/decision", {"version": 1, "campo_extra": True}),
        (f"/ops/{uuid4()}/anulacion", {"version": 1, "motivo": ""}),
    ],
)
async def test_cuerpos_invalidos_del_back_office_son_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, ruta: str, cuerpo: dict[str, Any]
) -> None:
    respuesta = await cliente.post(ruta, json=cuerpo, headers=operador(emisor))
    assert respuesta.status_code == 422, respuesta.text
    assert respuesta.headers["content-type"] == PROBLEMA


async def test_decidir_sin_version_es_428_y_presolicitud_inexistente_es_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    ruta = f"/presolicitudes/{uuid4()}/decision"
    negar = {"negar": [{"cups_codigo": "890201", "motivo": "No pertinente"}]}
    assert (await cliente.post(ruta, json=negar, headers=operador(emisor))).status_code == 428
    respuesta = await cliente.post(ruta, json={"version": 1} | negar, headers=operador(emisor))
    assert respuesta.status_code == 404
    assert respuesta.json()["code"] == "presolicitud-no-encontrada"


async def decidida(cliente: httpx.AsyncClient, emisor: EmisorTokens, *cups: str) -> list[str]:
    radicada = (await radicar(cliente, emisor)).json()
    pid = radicada["presolicitud_id"]
    toma = await cliente.post(
        f"/presolicitudes/{pid}/toma", json={"version": 1}, headers=operador(emisor)
    )
    decision = await cliente.post(
        f"/presolicitudes/{pid}/decision",
        json={
            "version": toma.json()["version"],
            "autorizar": [{"cups_codigo": c, "prestador_nombre": "CLINICA CALI"} for c in cups],
        },
        headers=operador(emisor),
    )
    assert decision.status_code == 200, decision.text
    ids: list[str] = decision.json()["ops_ids"]
    return ids


async def test_ops_entregada_se_descarga_en_pdf_y_la_pendiente_de_pago_no(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    sin_valor, con_cuota = await decidida(cliente, emisor, "865101", "890201")

    pdf = await cliente.get(f"/mi/ops/{sin_valor}/pdf", headers=cotizante(emisor))
    assert pdf.status_code == 200
    assert pdf.headers["content-type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    pendiente = await cliente.get(f"/mi/ops/{con_cuota}/pdf", headers=cotizante(emisor))
    assert pendiente.status_code == 409
    assert pendiente.json()["code"] == "ops-no-descargable"


async def test_ops_de_otra_persona_responde_igual_que_una_que_no_existe(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    [ops_id] = await decidida(cliente, emisor, "865101")
    extrano = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=uuid4())
    cabeceras = {"Authorization": f"Bearer {extrano}"}

    ajena = await cliente.get(f"/mi/ops/{ops_id}/pdf", headers=cabeceras)
    inexistente = await cliente.get(f"/mi/ops/{uuid4()}/pdf", headers=cabeceras)
    assert ajena.status_code == inexistente.status_code == 404
    assert ajena.json()["code"] == inexistente.json()["code"] == "ops-no-encontrada"
    assert ajena.json()["detail"] == inexistente.json()["detail"]


async def test_el_pago_de_la_cuota_no_se_inicia_en_autorizaciones_sino_en_billing(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    [ops_id] = await decidida(cliente, emisor, "890201")
    lista = await cliente.get("/mi/presolicitudes", headers=cotizante(emisor))
    [fila] = [f for f in lista.json()["solicitudes"] if f["ops_id"] == ops_id]
    assert fila["puede_pagar"] is True
    # The old placeholder answered 503; paying is billing's POST /mi/cuotas/{id}/pagos.
    pago = await cliente.post(f"/mi/ops/{ops_id}/pago", headers=cotizante(emisor))
    assert pago.status_code in (404, 405)
    assert "/mi/ops/{ops_id}/pago" not in (await cliente.get("/openapi.json")).json()["paths"]


async def test_operador_anula_una_ops_y_el_afiliado_la_ve_anulada(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    [ops_id] = await decidida(cliente, emisor, "890201")
    anulada = await cliente.post(
        f"/ops/{ops_id}/anulacion",
        json={"version": 1, "motivo": "Servicio autorizado por error."},
        headers=operador(emisor),
    )
    assert anulada.status_code == 200, anulada.text
    otra_vez = await cliente.post(
        f"/ops/{ops_id}/anulacion",
        json={"version": 2, "motivo": "Otra vez."},
        headers=operador(emisor),
    )
    assert (otra_vez.status_code, otra_vez.json()["code"]) == (409, "ops-no-modificable")
    listado = await cliente.get("/mi/presolicitudes", headers=cotizante(emisor))
    [fila] = listado.json()["solicitudes"]
    assert (fila["estado"], fila["puede_pagar"]) == ("ANULADA", False)


async def test_mas_de_diez_archivos_por_tipo_es_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI
) -> None:
    archivos = [
        ("historia_clinica", (f"h{i}.pdf", pdf_valido(), "application/pdf")) for i in range(11)
    ]
    archivos.append(("solicitud_medica", ("orden.pdf", pdf_valido("Orden"), "application/pdf")))
    respuesta = await cliente.post(
        "/mi/presolicitudes", data=formulario(COTIZANTE), files=archivos, headers=cotizante(emisor)
    )
    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "soportes-incompletos"
    assert await sql(authorizations_app, "SELECT * FROM events") == []


async def test_soportes_que_superan_el_limite_declarado_se_rechazan_sin_leerlos_con_413(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI
) -> None:
    respuesta = await cliente.post(
        "/mi/presolicitudes",
        data=formulario(COTIZANTE),
        files=adjuntos(b"%PDF-" + bytes(45 * 1024 * 1024)),
        headers=cotizante(emisor),
    )
    assert respuesta.status_code == 413
    assert respuesta.headers["content-type"] == PROBLEMA
    assert "2 MB" in respuesta.json()["detail"]
    assert await sql(authorizations_app, "SELECT * FROM events") == []


async def test_soportes_sin_longitud_declarada_se_cortan_al_pasar_el_limite(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, authorizations_app: FastAPI
) -> None:
    carga = CargaPorPartes(formulario(COTIZANTE), campo_archivo="historia_clinica", megas=60)
    respuesta = await cliente.post(
        "/mi/presolicitudes", content=carga.cuerpo(), headers=cotizante(emisor) | carga.tipo
    )
    assert respuesta.status_code == 413
    assert respuesta.json()["code"] == "archivo-demasiado-grande"
    assert carga.enviados < 60
    assert await sql(authorizations_app, "SELECT * FROM events") == []
