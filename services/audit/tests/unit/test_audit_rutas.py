"""The auditor's API on in-memory fakes: who may call what, the access record each read of
personal data leaves, and bad input as Spanish problem+json."""

import uuid
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import httpx
import pytest

from audit.application.modelos import ConsultaRegistrada, EventoArchivado
from audit.bootstrap import AplicacionEnMemoria, bootstrap_en_memoria
from audit.entrypoints.api import create_app
from audit.settings import AuditSettings
from eps_runtime.auth import Rol
from eps_runtime.testing.tokens import EmisorTokens

ANA = uuid.UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
SOFIA = uuid.UUID("1f8fad5b-d9cb-469f-a165-70867728950e")  # Ana's minor daughter
EXTRANO = uuid.UUID("2f8fad5b-d9cb-469f-a165-70867728950e")
EMISOR = EmisorTokens()


def evento(
    posicion: int, afiliado: uuid.UUID | None, servicio: str = "affiliation"
) -> EventoArchivado:
    return EventoArchivado(
        posicion=posicion,
        topico=f"eps.{servicio}.algo",
        particion=0,
        desplazamiento=posicion,
        secuencia=posicion + 1,
        evento_id=uuid.uuid4(),
        ce_source=f"/eps/{servicio}",
        ce_type=f"co.eps.{servicio}.Algo.v1",
        ce_time=datetime(2026, 12, 1, tzinfo=UTC) + timedelta(minutes=posicion),
        ce_subject=afiliado or uuid.uuid4(),
        aggregate_type="Afiliado",
        aggregate_version=1,
        servicio=servicio,
        afiliado_id=afiliado,
        datos={"afiliado_id": str(afiliado)} if afiliado else {},
        hash="00" * 32,
    )


@pytest.fixture
def memoria() -> AplicacionEnMemoria:
    app = bootstrap_en_memoria()
    app.archivo.eventos = [
        evento(0, ANA),
        evento(1, None, "identity"),
        evento(2, ANA, "authorizations"),
        evento(3, EXTRANO),
    ]
    app.archivo.consultas = [
        ConsultaRegistrada(
            evento_id=uuid.uuid4(),
            afiliado_id=ANA,
            lector_usuario_id="operador-7",
            lector_rol="operador",
            recurso="datos-afiliado",
            operacion="GET /afiliados/{afiliado_id}",
            servicio="affiliation",
            consultado_en=datetime(2026, 12, 2, tzinfo=UTC),
        )
    ]
    return app


@pytest.fixture
async def cliente(memoria: AplicacionEnMemoria) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(
        AuditSettings(database_url="postgresql+asyncpg://nadie:nadie@127.0.0.1:1/nada"),
        verificador=EMISOR.verificador(),
    )
    app.state.aplicacion = memoria
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app), base_url="http://auditoria"
    ) as c:
        yield c
    await app.state.engine.dispose()


def como(rol: Rol, **claims: object) -> dict[str, str]:
    token = EMISOR.emitir(rol=rol, usuario_id=f"{rol.value}-1", **claims)  # type: ignore[arg-type]
    return {"Authorization": f"Bearer {token}"}


AUDITOR = como(Rol.AUDITOR)


async def test_el_auditor_ve_la_historia_de_ana_en_todos_los_servicios_en_orden(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    r = await cliente.get(f"/auditoria/afiliados/{ANA}/historial", headers=AUDITOR)

    assert r.status_code == 200
    assert [e["servicio"] for e in r.json()["elementos"]] == ["affiliation", "authorizations"]
    [consulta] = memoria.registro.registradas
    assert (consulta.afiliado_id, consulta.lector_usuario_id) == (ANA, "auditor-1")
    assert consulta.recurso == "historial-afiliado"
    assert consulta.operacion == "GET /auditoria/afiliados/{afiliado_id}/historial"


async def test_la_historia_se_pagina_con_un_cursor(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get(
        f"/auditoria/afiliados/{ANA}/historial", params={"limite": 1}, headers=AUDITOR
    )
    assert len(r.json()["elementos"]) == 1 and r.json()["siguiente"]
    r2 = await cliente.get(
        f"/auditoria/afiliados/{ANA}/historial",
        params={"limite": 1, "cursor": r.json()["siguiente"]},
        headers=AUDITOR,
    )
    assert [e["servicio"] for e in r2.json()["elementos"]] == ["authorizations"]
    assert r2.json()["siguiente"] is None


@pytest.mark.parametrize("rol", [Rol.OPERADOR, Rol.EMPLEADOR, Rol.DELEGADO])
@pytest.mark.parametrize(
    "ruta",
    [
        "/auditoria/eventos",
        "/auditoria/eventos.csv",
        "/auditoria/eventos.parquet",
        f"/auditoria/afiliados/{ANA}/historial.parquet",
        f"/auditoria/afiliados/{ANA}/historial",
        f"/auditoria/afiliados/{ANA}/historial.csv",
        f"/auditoria/afiliados/{ANA}/accesos",
    ],
)
async def test_un_token_que_no_es_de_auditor_recibe_403(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria, rol: Rol, ruta: str
) -> None:
    claims: dict[str, object] = {}
    if rol in (Rol.EMPLEADOR, Rol.DELEGADO):
        claims["empleador_id"] = uuid.uuid4()
    r = await cliente.get(ruta, headers=como(rol, **claims))
    assert r.status_code == 403
    assert r.headers["content-type"].startswith("application/problem+json")
    assert memoria.registro.registradas == []


async def test_un_afiliado_no_entra_al_api_del_auditor(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/auditoria/eventos", headers=como(Rol.AFILIADO, afiliado_id=ANA))
    assert r.status_code == 403


async def test_sin_sesion_es_401(cliente: httpx.AsyncClient) -> None:
    assert (await cliente.get("/auditoria/eventos")).status_code == 401


async def test_ningun_endpoint_acepta_escrituras_ni_siquiera_del_auditor(
    cliente: httpx.AsyncClient,
) -> None:
    for metodo in ("POST", "PUT", "PATCH", "DELETE"):
        r = await cliente.request(metodo, "/auditoria/eventos", headers=AUDITOR)
        assert r.status_code == 405


async def test_buscar_por_servicio_registra_una_consulta_por_afiliado_mostrado(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    r = await cliente.get("/auditoria/eventos", params={"servicio": "affiliation"}, headers=AUDITOR)
    assert r.status_code == 200
    assert {e["afiliado_id"] for e in r.json()["elementos"]} == {str(ANA), str(EXTRANO)}
    assert sorted(c.afiliado_id for c in memoria.registro.registradas) == sorted([ANA, EXTRANO])


@pytest.mark.parametrize(
    "parametros",
    [
        {"sujeto": "no-es-uuid"},
        {"tipo": "x" * 200},
        {"tipo": "co.eps.affiliation.Afiliado Registrado.v1"},
        {"servicio": "AFFILIATION"},
        {"desde": "2026-12-01T00:00:00"},  # sin zona horaria
        {"limite": 0},
        {"limite": 100000},
        {"cursor": "no/vale"},
        {"desde": "2026-12-02T00:00:00Z", "hasta": "2026-12-01T00:00:00Z"},
    ],
)
async def test_parametros_invalidos_son_422_en_espanol(
    cliente: httpx.AsyncClient, parametros: dict[str, object]
) -> None:
    r = await cliente.get("/auditoria/eventos", params=parametros, headers=AUDITOR)
    assert r.status_code == 422, r.text
    assert r.headers["content-type"].startswith("application/problem+json")


async def test_un_cursor_manipulado_es_422_no_500(cliente: httpx.AsyncClient) -> None:
    r = await cliente.get("/auditoria/eventos", params={"cursor": "abc"}, headers=AUDITOR)
    assert r.status_code == 422


async def test_el_csv_trae_la_historia_y_neutraliza_formulas(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    memoria.archivo.eventos.append(
        evento(9, ANA, "pqrs").__class__(
            **{**evento(9, ANA, "pqrs").__dict__, "ce_type": "=cmd|' /C calc'!A0"}
        )
    )
    r = await cliente.get(f"/auditoria/afiliados/{ANA}/historial.csv", headers=AUDITOR)

    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/csv")
    lineas = r.text.lstrip("\ufeff").splitlines()
    assert lineas[0].startswith("posicion,ce_time,servicio,ce_type")
    assert len(lineas) == 4
    assert "'=cmd" in lineas[-1]
    assert [c.recurso for c in memoria.registro.registradas] == ["historial-afiliado"]


async def test_el_auditor_ve_quien_consulto_los_datos_de_ana(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    r = await cliente.get(f"/auditoria/afiliados/{ANA}/accesos", headers=AUDITOR)
    assert r.status_code == 200
    [acceso] = r.json()["elementos"]
    assert acceso["lector_usuario_id"] == "operador-7"
    assert acceso["operacion"] == "GET /afiliados/{afiliado_id}"
    # Reading the list is itself a read of Ana's data by someone else.
    assert [c.recurso for c in memoria.registro.registradas] == ["accesos-afiliado"]


async def test_ana_ve_quien_consulto_sus_datos_sin_dejar_registro(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    r = await cliente.get("/mi/accesos", headers=como(Rol.AFILIADO, afiliado_id=ANA))
    assert r.status_code == 200
    assert [a["lector_usuario_id"] for a in r.json()["elementos"]] == ["operador-7"]
    assert memoria.registro.registradas == []


async def test_ana_ve_los_accesos_de_su_hija_menor_y_un_extrano_recibe_404_como_si_no_existiera(
    cliente: httpx.AsyncClient,
) -> None:
    ana = como(
        Rol.AFILIADO,
        afiliado_id=ANA,
        representados={SOFIA: datetime.now(UTC) + timedelta(days=400)},
    )
    assert (
        await cliente.get("/mi/accesos", params={"afiliado_id": str(SOFIA)}, headers=ana)
    ).status_code == 200
    ajeno = await cliente.get("/mi/accesos", params={"afiliado_id": str(EXTRANO)}, headers=ana)
    nadie = await cliente.get("/mi/accesos", params={"afiliado_id": str(uuid.uuid4())}, headers=ana)
    assert ajeno.status_code == 404
    assert (ajeno.status_code, ajeno.json()["code"]) == (nadie.status_code, nadie.json()["code"])


async def test_un_auditor_no_usa_la_ruta_del_afiliado(cliente: httpx.AsyncClient) -> None:
    assert (await cliente.get("/mi/accesos", headers=AUDITOR)).status_code == 403


async def test_la_historia_se_exporta_en_parquet_legible_por_pyarrow(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    import io

    import pyarrow.parquet as pq

    r = await cliente.get(f"/auditoria/afiliados/{ANA}/historial.parquet", headers=AUDITOR)

    assert r.status_code == 200
    assert r.headers["content-type"] == "application/vnd.apache.parquet"
    tabla = pq.read_table(io.BytesIO(r.content))
    assert tabla.column("servicio").to_pylist() == ["affiliation", "authorizations"]
    assert tabla.column("afiliado_id").to_pylist() == [str(ANA), str(ANA)]
    assert [c.recurso for c in memoria.registro.registradas] == ["historial-afiliado"]


async def test_una_exportacion_grande_en_parquet_sale_por_grupos_de_filas(
    cliente: httpx.AsyncClient, memoria: AplicacionEnMemoria
) -> None:
    import io

    import pyarrow.parquet as pq

    memoria.archivo.eventos = [evento(i, EXTRANO if i % 2 else None) for i in range(12_001)]
    r = await cliente.get("/auditoria/eventos.parquet", headers=AUDITOR)

    archivo = pq.ParquetFile(io.BytesIO(r.content))
    assert archivo.metadata.num_rows == 12_001
    assert archivo.num_row_groups == 3  # 5 000 + 5 000 + 2 001: one in memory at a time
    # The one affiliate it shows is recorded once, not once per event or batch.
    assert [c.afiliado_id for c in memoria.registro.registradas] == [EXTRANO]
