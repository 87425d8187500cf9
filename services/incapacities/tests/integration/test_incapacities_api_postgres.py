"""The API on real PostgreSQL: filing with a certificate, folios under concurrency,
overlaps, who sees what (the same 404), bad input (422 in Spanish), decision and payment."""

import asyncio
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path
from uuid import UUID, uuid4

import httpx
import pytest
from alembic import command
from alembic.config import Config
from cryptography.fernet import Fernet
from fastapi import FastAPI
from fpdf import FPDF
from sqlalchemy import text
from sqlalchemy.ext.asyncio import create_async_engine

from eps_runtime.auth import Rol
from eps_runtime.cifrado import CifradoEnReposo
from eps_runtime.permisos import PERMISO_GESTIONAR_INCAPACIDADES
from eps_runtime.testing.cargas import CargaPorPartes
from eps_runtime.testing.tokens import EmisorTokens
from incapacities.adapters.sql import CuentasSql
from incapacities.entrypoints.api import create_app
from incapacities.settings import CLAVE_CUENTAS_DESARROLLO, IncapacitiesSettings

pytestmark = pytest.mark.integration

EMPLEADOR = UUID("b1a2b3c4-5d6e-4f7a-8b9c-0d1e2f3a4b5c")


def pdf() -> bytes:
    documento = FPDF()
    documento.add_page()
    documento.set_font("helvetica", size=12)
    documento.cell(text="Certificado de incapacidad")
    return bytes(documento.output())


PDF = pdf()


@pytest.fixture
async def cliente(incapacities_app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(
        transport=httpx.ASGITransport(app=incapacities_app), base_url="http://incapacidades"
    ) as c:
        yield c


def como(emisor: EmisorTokens, **claims: object) -> dict[str, str]:
    return {"Authorization": f"Bearer {emisor.emitir(**claims)}"}  # type: ignore[arg-type]


async def cotizante(app: FastAPI, empleador: UUID = EMPLEADOR, ibc: int = 3_000_000) -> UUID:
    """A dependent cotizante as affiliation's and billing's events leave it in the read
    model (the Kafka test drives the same tables through the consumer)."""
    afiliado_id = uuid4()
    hoy = date.today()
    periodos = [
        f"{(hoy.replace(day=1) - timedelta(days=30 * n)).strftime('%Y-%m')}" for n in (1, 2, 3)
    ]
    async with app.state.engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO cotizantes VALUES (:a, 'ACTIVO', 'DEPENDIENTE', 1)"),
            {"a": afiliado_id},
        )
        await conn.execute(
            text("INSERT INTO cotizante_empleadores VALUES (:a, :e)"),
            {"a": afiliado_id, "e": empleador},
        )
        for periodo in periodos:
            await conn.execute(
                text("INSERT INTO aportes VALUES (:id, :a, :p, 30, :ibc)"),
                {"id": uuid4(), "a": afiliado_id, "p": periodo, "ibc": ibc},
            )
    return afiliado_id


def formulario(cotizante_id: UUID, inicio: date, dias: int, **otros: str) -> dict[str, str]:
    return {
        "cotizante_id": str(cotizante_id),
        "contingencia": "ENFERMEDAD_GENERAL",
        "diagnostico": "J06.9",
        "fecha_inicio": inicio.isoformat(),
        "dias": str(dias),
        "profesional": "Dra. Laura Gómez, RM 12345",
        "ips": "IPS Centro",
        **otros,
    }


def archivo(contenido: bytes = PDF, nombre: str = "certificado.pdf") -> dict[str, tuple]:
    return {"certificado": (nombre, contenido, "application/pdf")}


async def test_el_empleador_radica_con_certificado_y_el_trabajador_la_ve(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    inicio = date.today() - timedelta(days=5)
    r = await cliente.post(
        "/incapacidades", data=formulario(trabajador, inicio, 3), files=archivo(), headers=empresa
    )
    assert r.status_code == 201, r.text
    assert r.json()["folio"] == 1 and r.json()["estado"] == "EN TRAMITE"
    propio = como(emisor, rol=Rol.AFILIADO, afiliado_id=trabajador)
    [fila] = (await cliente.get("/incapacidades", headers=propio)).json()
    assert (fila["folio"], fila["dias"], fila["prorroga"]) == (1, 3, False)
    operador = como(emisor, rol=Rol.OPERADOR, usuario_id="op")
    decision = await cliente.post(
        f"/backoffice/incapacidades/{fila['incapacidad_id']}/decision", headers=operador
    )
    assert (decision.json()["estado"], decision.json()["valor_eps"]) == ("LIQUIDADA", 66_670)
    cuenta = await cliente.put(
        "/cuenta-reembolso",
        json={"banco": "Banco de Occidente", "tipo_cuenta": "AHORROS", "numero": "0123456789"},
        headers=empresa,
    )
    assert cuenta.json()["numero"] == "****6789"
    assert (await cliente.get("/cuenta-reembolso", headers=empresa)).json()["numero"] == "****6789"
    pago = await cliente.post(
        "/backoffice/pagos",
        json={
            "lote": "L-1",
            "fecha_pago": date.today().isoformat(),
            "incapacidades": [fila["incapacidad_id"]],
        },
        headers=operador,
    )
    assert pago.json()[0]["estado"] == "PAGADA"


async def test_folios_unicos_y_sin_huecos_bajo_radicaciones_concurrentes(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    trabajadores = [await cotizante(incapacities_app) for _ in range(6)]
    inicio = date.today() - timedelta(days=3)
    respuestas = await asyncio.gather(
        *(
            cliente.post(
                "/incapacidades",
                data=formulario(t, inicio, 2),
                files=archivo(),
                headers=empresa,
            )
            for t in trabajadores
        )
    )
    assert sorted(r.json()["folio"] for r in respuestas) == [1, 2, 3, 4, 5, 6]


async def test_dos_certificados_superpuestos_a_la_vez_solo_entra_uno(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    trabajador = await cotizante(incapacities_app)
    inicio = date.today() - timedelta(days=6)
    respuestas = await asyncio.gather(
        *(
            cliente.post(
                "/incapacidades",
                data=formulario(trabajador, inicio + timedelta(days=n), 4),
                files=archivo(),
                headers=empresa,
            )
            for n in (0, 1)
        )
    )
    assert sorted(r.status_code for r in respuestas) == [201, 409]
    rechazo = next(r for r in respuestas if r.status_code == 409)
    assert rechazo.headers["content-type"].startswith("application/problem+json")
    assert "se cruzan" in rechazo.json()["detail"]


async def test_otro_empleador_delegado_sin_permiso_o_extrano_no_la_alcanzan(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    r = await cliente.post(
        "/incapacidades",
        data=formulario(trabajador, date.today() - timedelta(days=2), 2),
        files=archivo(),
        headers=empresa,
    )
    ruta = f"/incapacidades/{r.json()['incapacidad_id']}"
    ajenos = [
        como(emisor, rol=Rol.EMPLEADOR, empleador_id=uuid4()),
        como(
            emisor,
            rol=Rol.DELEGADO,
            empleador_id=uuid4(),
            permisos=[PERMISO_GESTIONAR_INCAPACIDADES],
        ),
        como(emisor, rol=Rol.DELEGADO, empleador_id=EMPLEADOR),
        como(emisor, rol=Rol.AFILIADO, afiliado_id=uuid4()),
    ]
    respuestas = [await cliente.get(ruta, headers=h) for h in ajenos]
    assert [x.status_code for x in respuestas] == [404, 404, 404, 404]
    assert len({x.json()["detail"] for x in respuestas}) == 1
    assert (await cliente.get(f"/incapacidades/{uuid4()}", headers=empresa)).status_code == 404
    assert (await cliente.get(ruta, headers=empresa)).status_code == 200


@pytest.mark.parametrize(
    ("cambios", "campo"),
    [
        ({"contingencia": "ENFERMEDAD_LABORAL"}, "ARL"),
        ({"diagnostico": "Q99.99"}, "CIE-10"),
        ({"dias": "0"}, "dias"),
        ({"dias": "abc"}, "dias"),
        ({"fecha_inicio": "2026-02-30"}, "fecha_inicio"),
        ({"profesional": "x" * 201}, "profesional"),
        ({"cotizante_id": "no-es-uuid"}, "cotizante_id"),
    ],
)
async def test_datos_invalidos_dan_422_en_espanol(
    cliente: httpx.AsyncClient,
    incapacities_app: FastAPI,
    emisor: EmisorTokens,
    cambios: dict[str, str],
    campo: str,
) -> None:
    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    datos = {**formulario(trabajador, date.today() - timedelta(days=2), 3), **cambios}
    r = await cliente.post("/incapacidades", data=datos, files=archivo(), headers=empresa)
    assert r.status_code == 422, r.text
    assert campo in r.text


async def test_certificado_que_no_es_pdf_ni_imagen_se_rechaza(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    r = await cliente.post(
        "/incapacidades",
        data=formulario(trabajador, date.today() - timedelta(days=2), 3),
        files=archivo(b"MZ\x90\x00 ejecutable", "certificado.pdf"),
        headers=empresa,
    )
    assert r.status_code == 422 and r.json()["code"] != "error-interno"


async def test_certificado_individual_e_historico_afp_en_pdf_con_la_nota_legal(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    import io

    from pypdf import PdfReader

    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    r = await cliente.post(
        "/incapacidades",
        data=formulario(trabajador, date.today() - timedelta(days=4), 3),
        files=archivo(),
        headers=empresa,
    )
    ruta = f"/incapacidades/{r.json()['incapacidad_id']}/certificado.pdf"
    pdf_empresa = await cliente.get(ruta, headers=empresa)
    assert pdf_empresa.headers["content-type"] == "application/pdf"
    texto = PdfReader(io.BytesIO(pdf_empresa.content)).pages[0].extract_text()
    assert "EN TRAMITE" in texto and "J06.9" in texto
    ajeno = como(emisor, rol=Rol.AFILIADO, afiliado_id=uuid4())
    assert (await cliente.get(ruta, headers=ajeno)).status_code == 404
    propio = como(emisor, rol=Rol.AFILIADO, afiliado_id=trabajador)
    historico = await cliente.get("/historico-incapacidades.pdf", headers=propio)
    texto = " ".join(PdfReader(io.BytesIO(historico.content)).pages[0].extract_text().split())
    assert "La columna ESTADO no puede ser usada para verificar pago" in texto


async def test_decision_fuera_de_plazo_queda_registrada_una_vez_y_listada_como_vencida(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    from dataclasses import replace

    from incapacities.application.comandos import VigilarPlazos

    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    await cliente.post(
        "/incapacidades",
        data=formulario(trabajador, date.today() - timedelta(days=2), 3),
        files=archivo(),
        headers=empresa,
    )
    app = incapacities_app.state.aplicacion
    ahora = app.reloj()
    tarde = replace(app, reloj=lambda: ahora + timedelta(days=30))
    assert (await tarde.ejecutar(VigilarPlazos()), await tarde.ejecutar(VigilarPlazos())) == (1, 0)
    async with incapacities_app.state.engine.connect() as conn:
        tipos = (await conn.execute(text("SELECT event_type FROM events ORDER BY version"))).all()
    assert [t[0].split(".")[-2] for t in tipos] == [
        "IncapacidadRadicada",
        "PlazoIncapacidadIncumplido",
    ]
    incapacities_app.state.aplicacion = tarde
    operador = como(emisor, rol=Rol.OPERADOR, usuario_id="op")
    [vencida] = (await cliente.get("/backoffice/incapacidades/vencidas", headers=operador)).json()
    assert vencida["estado"] == "EN TRAMITE"


async def test_dos_decisiones_a_la_vez_sobre_la_misma_incapacidad_una_gana_la_otra_409(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    trabajador = await cotizante(incapacities_app)
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    r = await cliente.post(
        "/incapacidades",
        data=formulario(trabajador, date.today() - timedelta(days=3), 3),
        files=archivo(),
        headers=empresa,
    )
    ruta = f"/backoffice/incapacidades/{r.json()['incapacidad_id']}/decision"
    operador = como(emisor, rol=Rol.OPERADOR, usuario_id="op")
    respuestas = await asyncio.gather(*(cliente.post(ruta, headers=operador) for _ in range(3)))
    assert sorted(x.status_code for x in respuestas) == [200, 409, 409]
    async with incapacities_app.state.engine.connect() as conn:
        n = (await conn.execute(text("SELECT count(*) FROM events"))).scalar_one()
    assert n == 2


async def test_certificado_sin_longitud_declarada_se_corta_al_pasar_2_mb_con_413(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    trabajador = await cotizante(incapacities_app)
    carga = CargaPorPartes(
        formulario(trabajador, date.today(), 3), campo_archivo="certificado", megas=10
    )
    r = await cliente.post(
        "/incapacidades",
        content=carga.cuerpo(),
        headers=como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR) | carga.tipo,
    )
    assert r.status_code == 413
    assert r.json()["code"] == "archivo-demasiado-grande"
    assert carga.enviados < 10
    async with incapacities_app.state.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM events"))).scalar() == 0


async def test_la_cuenta_bancaria_no_queda_en_claro_en_la_base_de_datos(
    cliente: httpx.AsyncClient, incapacities_app: FastAPI, emisor: EmisorTokens
) -> None:
    """A copy of the database (backup, replica, dump) gives nobody the account number."""
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    for numero in ("0123456789", "9876543210"):  # a change of account is encrypted too
        r = await cliente.put(
            "/cuenta-reembolso",
            json={"banco": "Banco de Occidente", "tipo_cuenta": "AHORROS", "numero": numero},
            headers=empresa,
        )
        assert r.json()["numero"] == f"****{numero[-4:]}"

    async with incapacities_app.state.engine.connect() as conn:
        fila = (
            await conn.execute(text("SELECT cuentas_reembolso::text FROM cuentas_reembolso"))
        ).scalar_one()
    assert "9876543210" not in fila and "0123456789" not in fila
    assert "3210" in fila  # the last four digits, kept for display
    assert (await cliente.get("/cuenta-reembolso", headers=empresa)).json()["numero"] == "****3210"


async def test_con_una_clave_nueva_primero_la_cuenta_cifrada_con_la_anterior_se_sigue_leyendo(
    incapacities_database_url: str, emisor: EmisorTokens, tmp_path: Path
) -> None:
    """Key rotation: ``INCAPACITIES_CLAVE_CUENTAS=nueva,anterior`` encrypts with the new key
    and still opens what the previous one encrypted."""
    empresa = como(emisor, rol=Rol.EMPLEADOR, empleador_id=EMPLEADOR)
    rotada = f"{Fernet.generate_key().decode()},{CLAVE_CUENTAS_DESARROLLO}"
    for clave in (CLAVE_CUENTAS_DESARROLLO, rotada):
        settings = IncapacitiesSettings(
            database_url=incapacities_database_url,
            archivos_dir=tmp_path / "archivos",
            clave_cuentas=clave,
        )
        app = create_app(settings, verificador=emisor.verificador())
        async with httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app), base_url="http://incapacidades"
        ) as c:
            if clave == CLAVE_CUENTAS_DESARROLLO:
                await c.put(
                    "/cuenta-reembolso",
                    json={"banco": "Banco X", "tipo_cuenta": "CORRIENTE", "numero": "11112222"},
                    headers=empresa,
                )
            async with app.state.engine.connect() as conn:
                cuenta = await CuentasSql(conn, CifradoEnReposo(clave)).obtener(EMPLEADOR)
        await app.state.engine.dispose()
        assert cuenta is not None and cuenta.numero == "11112222"


async def test_migracion_0003_cifra_las_cuentas_guardadas_en_claro(
    incapacities_database_url: str,
) -> None:
    configuracion = Config(str(Path(__file__).parents[2] / "alembic.ini"))
    configuracion.attributes["database_url"] = incapacities_database_url
    configuracion.attributes["configure_logger"] = False
    await asyncio.to_thread(command.downgrade, configuracion, "0002")
    engine = create_async_engine(incapacities_database_url)
    try:
        async with engine.begin() as conn:  # as a database before 0003 held it
            await conn.execute(
                text(
                    "INSERT INTO cuentas_reembolso (titular_id, banco, tipo_cuenta, numero) "
                    "VALUES (:t, 'Banco X', 'AHORROS', '55556666')"
                ),
                {"t": EMPLEADOR},
            )

        await asyncio.to_thread(command.upgrade, configuracion, "head")

        async with engine.connect() as conn:
            numero, ultimos4 = (
                await conn.execute(text("SELECT numero, ultimos4 FROM cuentas_reembolso"))
            ).one()
            cuenta = await CuentasSql(conn, CifradoEnReposo(CLAVE_CUENTAS_DESARROLLO)).obtener(
                EMPLEADOR
            )
    finally:
        await engine.dispose()
    assert "55556666" not in numero and ultimos4 == "6666"
    assert cuenta is not None and cuenta.numero == "55556666"
