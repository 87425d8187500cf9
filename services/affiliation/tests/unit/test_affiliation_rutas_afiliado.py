"""The affiliate's Oficina Virtual over HTTP (manual 4, 4.1.1–4.1.3, 4.3), with in-memory
fakes and real tokens: who may see and change what, the forms' rules, uploads and the
certificate."""

import io
import random
from collections.abc import AsyncIterator
from dataclasses import dataclass, replace
from datetime import date, datetime
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from fpdf import FPDF
from pypdf import PdfReader

from affiliation.adapters.memoria import AlmacenEnMemoria
from affiliation.adapters.registro_consultas import RegistroConsultasEnMemoria
from affiliation.application.comandos import (
    CondicionesBeneficiario,
    ContratarPAC,
    RegistrarAfiliado,
    RevisarSoporte,
)
from affiliation.bootstrap import ZONA_HORARIA, Aplicacion, bootstrap_en_memoria
from affiliation.domain.soportes import TipoSoporte
from affiliation.domain.valores import DatosContacto, NombreCompleto
from affiliation.entrypoints import rutas_afiliado, rutas_catalogos
from affiliation.entrypoints.api import create_app
from affiliation.entrypoints.rutas_afiliado import ahora_en_colombia
from affiliation.settings import AffiliationSettings
from eps_contracts.types import Parentesco, Regimen, Sexo, TipoAfiliado, TipoDocumento
from eps_contracts.valores import Documento
from eps_runtime.archivos import TAMANO_MAXIMO_BYTES
from eps_runtime.auth import Rol
from eps_runtime.testing.cargas import CargaPorPartes
from eps_runtime.testing.tokens import EmisorTokens

HOY = date(2026, 11, 22)
AHORA = datetime(2026, 11, 22, 10, 15, tzinfo=ZONA_HORARIA)
PROBLEMA = "application/problem+json"
IPS_EL_PRADO = "760010000001"  # COMFANDI EL PRADO, Cali
IPS_SAN_NICOLAS = "760010000002"  # COMFANDI SAN NICOLAS, Cali
IPS_MEDELLIN = "050010000001"


@dataclass
class Familia:
    cotizante: UUID
    conyuge: UUID
    hijo_menor: UUID
    hijo_mayor: UUID
    otro_cotizante: UUID
    hija_ajena: UUID


@pytest.fixture
def emisor() -> EmisorTokens:
    return EmisorTokens()


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def aplicacion(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen, hoy=lambda: HOY)


@pytest.fixture
async def app(aplicacion: Aplicacion, emisor: EmisorTokens) -> AsyncIterator[FastAPI]:
    app = create_app(AffiliationSettings(), verificador=emisor.verificador())
    app.state.aplicacion = aplicacion  # the engine is never connected
    rutas = {getattr(r, "path", "") for r in app.routes}
    if "/mi/afiliacion" not in rutas:
        app.include_router(rutas_afiliado.router)
    if "/catalogos/departamentos" not in rutas:
        app.include_router(rutas_catalogos.router)
    app.dependency_overrides[ahora_en_colombia] = lambda: AHORA
    yield app
    await app.state.engine.dispose()


@pytest.fixture
async def cliente(app: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    transporte = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transporte, base_url="http://afiliacion") as c:
        yield c


def registro(**cambios: Any) -> RegistrarAfiliado:
    campos: dict[str, Any] = {
        "afiliado_id": uuid4(),
        "documento": Documento(TipoDocumento.CC, "1000000001"),
        "nombre": NombreCompleto("Ana", "Pérez", "María", "Gómez"),
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "fecha_afiliacion": date(2015, 2, 1),
        "contacto": DatosContacto(
            "ana.perez@example.com", "3001234567", "Calle 5 # 38-25", "76001"
        ),
        "ips_primaria_codigo": IPS_EL_PRADO,
    }
    return RegistrarAfiliado(**(campos | cambios))


def de_la_familia(cotizante: UUID, **cambios: Any) -> RegistrarAfiliado:
    return registro(
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante,
        fecha_afiliacion=None,
        **cambios,
    )


@pytest.fixture
async def familia(aplicacion: Aplicacion) -> Familia:
    """Ana (cotizante) with her husband Luis, Tomás (12) and Sofía (21, student); and Jorge,
    another cotizante, with his daughter Valentina (10)."""
    ana = (await aplicacion.ejecutar(registro())).afiliado_id
    luis = await aplicacion.ejecutar(
        de_la_familia(
            ana,
            documento=Documento(TipoDocumento.CC, "1000000002"),
            nombre=NombreCompleto("Luis", "Rojas"),
            fecha_nacimiento=date(1988, 1, 2),
            sexo=Sexo.M,
            parentesco=Parentesco.CONYUGE,
            ips_primaria_codigo=IPS_SAN_NICOLAS,
        )
    )
    tomas = await aplicacion.ejecutar(
        de_la_familia(
            ana,
            documento=Documento(TipoDocumento.TI, "1000000003"),
            nombre=NombreCompleto("Tomás", "Rojas", None, "Pérez"),
            fecha_nacimiento=date(2014, 10, 13),
            sexo=Sexo.M,
            parentesco=Parentesco.HIJO,
        )
    )
    sofia = await aplicacion.ejecutar(
        de_la_familia(
            ana,
            documento=Documento(TipoDocumento.CC, "1000000004"),
            nombre=NombreCompleto("Sofía", "Rojas", None, "Pérez"),
            fecha_nacimiento=date(2005, 3, 1),
            parentesco=Parentesco.HIJO,
            condiciones=CondicionesBeneficiario(estudiante_tiempo_completo=True),
        )
    )
    jorge = await aplicacion.ejecutar(
        registro(
            documento=Documento(TipoDocumento.CC, "2000000001"),
            nombre=NombreCompleto("Jorge", "Díaz"),
            sexo=Sexo.M,
        )
    )
    valentina = await aplicacion.ejecutar(
        de_la_familia(
            jorge.afiliado_id,
            documento=Documento(TipoDocumento.TI, "2000000003"),
            nombre=NombreCompleto("Valentina", "Díaz"),
            fecha_nacimiento=date(2016, 2, 1),
            parentesco=Parentesco.HIJO,
        )
    )
    return Familia(
        ana,
        luis.afiliado_id,
        tomas.afiliado_id,
        sofia.afiliado_id,
        jorge.afiliado_id,
        valentina.afiliado_id,
    )


def sesion(emisor: EmisorTokens, afiliado_id: UUID) -> dict[str, str]:
    return {"Authorization": f"Bearer {emisor.emitir(rol=Rol.AFILIADO, afiliado_id=afiliado_id)}"}


def formulario(*personas: dict[str, Any], **cambios: Any) -> dict[str, Any]:
    return {
        "personas": list(personas),
        "departamento_residencia": "76",
        "municipio_residencia": "76520",
        "direccion_residencia": "Carrera 28 # 30-15",
        "barrio": "Centro",
        "email": "familia.rojas@example.com",
        "confirmacion_email": "Familia.Rojas@Example.com",
        "telefono_residencia": "6022750000",
        "telefono_celular": "3159876543",
        "etnia": "NINGUNO",
        "escolaridad": "TECNOLOGICA",
    } | cambios


async def personas(cliente: httpx.AsyncClient, token: dict[str, str]) -> dict[str, Any]:
    respuesta = await cliente.get("/mi/personas", headers=token)
    assert respuesta.status_code == 200, respuesta.text
    return {p["afiliado_id"]: p for p in respuesta.json()["personas"]}


def seleccion(persona: dict[str, Any]) -> dict[str, Any]:
    return {"afiliado_id": persona["afiliado_id"], "version": persona["version"]}


def pdf_valido() -> bytes:
    pdf = FPDF()
    pdf.set_creation_date(AHORA)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Registro civil de nacimiento")
    return bytes(pdf.output())


def texto_de(pdf: bytes) -> str:
    lector = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(pagina.extract_text() for pagina in lector.pages).split())


def assert_404_afiliado(respuesta: httpx.Response) -> None:
    assert respuesta.status_code == 404, respuesta.text
    assert respuesta.headers["content-type"] == PROBLEMA
    assert respuesta.json()["code"] == "afiliado-no-encontrado"


# -- authentication ----------------------------------------------------------------------------

RUTAS = [
    ("GET", "/mi/afiliacion"),
    ("GET", "/mi/personas"),
    ("PUT", "/mi/datos-personales"),
    ("GET", "/mi/soportes"),
    ("POST", "/mi/soportes"),
    ("GET", "/mi/cambio-ips/opciones"),
    ("POST", "/mi/cambio-ips"),
    ("GET", "/mi/certificados/afiliacion"),
]


@pytest.mark.parametrize(("metodo", "ruta"), RUTAS)
async def test_sin_token_responde_401(cliente: httpx.AsyncClient, metodo: str, ruta: str) -> None:
    respuesta = await cliente.request(metodo, ruta)

    assert respuesta.status_code == 401
    assert respuesta.headers["content-type"] == PROBLEMA
    assert respuesta.json()["code"] == "sesion-requerida"


@pytest.mark.parametrize(("metodo", "ruta"), RUTAS)
async def test_token_de_operador_en_rutas_de_afiliado_responde_403(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, metodo: str, ruta: str
) -> None:
    token = emisor.emitir(rol=Rol.OPERADOR)

    respuesta = await cliente.request(metodo, ruta, headers={"Authorization": f"Bearer {token}"})

    assert respuesta.status_code == 403
    assert respuesta.json()["code"] == "sin-permiso"


# -- manual 4: menú inicial --------------------------------------------------------------------


async def test_cotizante_ve_su_afiliacion_su_ips_y_su_grupo_familiar(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get("/mi/afiliacion", headers=sesion(emisor, familia.cotizante))

    assert respuesta.status_code == 200
    assert respuesta.headers["cache-control"] == "no-store"
    cuerpo = respuesta.json()
    datos = cuerpo["datos_personales"]
    assert (datos["tipo_documento"], datos["numero_documento"]) == ("CC", "1000000001")
    assert datos["nombre_completo"] == "Ana María Pérez Gómez"
    assert datos["residencia"] == "CALI - VALLE DEL CAUCA"
    assert cuerpo["tipo_afiliado_nombre"] == "Cotizante"
    assert cuerpo["pbs"]["estado"] == "ACTIVO"
    assert cuerpo["pbs"]["regimen_nombre"] == "Contributivo"
    assert cuerpo["pbs"]["ips_primaria"]["nombre"] == "COMFANDI EL PRADO"
    grupo = {m["afiliado_id"]: m for m in cuerpo["grupo_familiar"]}
    assert set(grupo) == {str(familia.conyuge), str(familia.hijo_menor), str(familia.hijo_mayor)}
    luis = grupo[str(familia.conyuge)]
    assert (luis["nombre_completo"], luis["tipo_documento"], luis["numero_documento"]) == (
        "Luis Rojas",
        "CC",
        "1000000002",
    )
    assert (luis["estado"], luis["ips_primaria"], luis["parentesco_nombre"]) == (
        "ACTIVO",
        "COMFANDI SAN NICOLAS",
        "Cónyuge",
    )
    assert [m["gestionable"] for m in cuerpo["grupo_familiar"]] == [False, False, True]


async def test_beneficiario_ve_solo_su_afiliacion(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get("/mi/afiliacion", headers=sesion(emisor, familia.hijo_mayor))

    cuerpo = respuesta.json()
    assert cuerpo["afiliado_id"] == str(familia.hijo_mayor)
    assert cuerpo["tipo_afiliado_nombre"] == "Beneficiario"
    assert cuerpo["grupo_familiar"] == []


async def test_afiliado_del_token_que_no_existe_recibe_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    assert_404_afiliado(await cliente.get("/mi/afiliacion", headers=sesion(emisor, uuid4())))


async def test_planes_pac_aparecen_en_la_afiliacion(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    await aplicacion.ejecutar(
        ContratarPAC(
            afiliado_id=familia.cotizante,
            version_esperada=await _version(aplicacion, familia.cotizante),
            plan_codigo="PAC-ORO",
            plan_nombre="Plan Oro",
            fecha_inicio=date(2024, 1, 1),
        )
    )

    cuerpo = (await cliente.get("/mi/afiliacion", headers=sesion(emisor, familia.cotizante))).json()

    assert cuerpo["planes_pac"] == [
        {"codigo": "PAC-ORO", "nombre": "Plan Oro", "fecha_inicio": "2024-01-01"}
    ]


async def _version(aplicacion: Aplicacion, afiliado_id: UUID) -> int:
    deps = aplicacion.dependencias()
    async with deps.uow as uow:
        afiliado = await uow.afiliados.obtener(afiliado_id)
    assert afiliado is not None
    return afiliado.version


# -- manual 4.1.1: datos personales ------------------------------------------------------------


async def test_cotizante_gestiona_sus_datos_y_los_de_su_hijo_menor(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    gestionables = await personas(cliente, sesion(emisor, familia.cotizante))

    assert list(gestionables) == [str(familia.cotizante), str(familia.hijo_menor)]
    assert gestionables[str(familia.cotizante)]["es_titular"] is True
    assert gestionables[str(familia.hijo_menor)]["parentesco_nombre"] == "Hijo(a)"


async def test_cotizante_actualiza_datos_de_su_hijo_menor_y_los_suyos_a_la_vez(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.cotizante)
    antes = await personas(cliente, token)

    respuesta = await cliente.put(
        "/mi/datos-personales",
        json=formulario(*(seleccion(p) for p in antes.values())),
        headers=token,
    )

    assert respuesta.status_code == 200, respuesta.text
    despues = await personas(cliente, token)
    nuevas = {p["afiliado_id"]: p["version"] for p in respuesta.json()["personas"]}
    assert nuevas == {i: p["version"] for i, p in despues.items()}
    for persona in despues.values():
        datos = persona["datos_personales"]
        assert datos["residencia"] == "PALMIRA - VALLE DEL CAUCA"
        assert (datos["departamento_residencia"], datos["municipio_residencia"]) == ("76", "76520")
        assert datos["email"] == "familia.rojas@example.com"
        assert datos["telefono_celular"] == "3159876543"
        assert (datos["etnia"], datos["escolaridad"]) == ("NINGUNO", "TECNOLOGICA")
        # The form replaces everything: a field left empty is cleared.
        assert datos["email_alternativo"] is None


async def test_hijo_mayor_actualiza_sus_propios_datos(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.hijo_mayor)
    [yo] = (await personas(cliente, token)).values()

    respuesta = await cliente.put(
        "/mi/datos-personales", json=formulario(seleccion(yo)), headers=token
    )

    assert respuesta.status_code == 200, respuesta.text


async def test_cotizante_que_pide_datos_de_su_hijo_mayor_recibe_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = (await personas(cliente, token))[str(familia.cotizante)]
    version_sofia = await _version(aplicacion, familia.hijo_mayor)
    sofia = {"afiliado_id": str(familia.hijo_mayor), "version": version_sofia}

    actualizar = await cliente.put(
        "/mi/datos-personales", json=formulario(seleccion(yo), sofia), headers=token
    )
    opciones = await cliente.get(
        "/mi/cambio-ips/opciones", params={"afiliado_id": str(familia.hijo_mayor)}, headers=token
    )

    assert_404_afiliado(actualizar)
    assert_404_afiliado(opciones)
    # Nothing was written, not even for the person the caller may manage.
    assert await _version(aplicacion, familia.cotizante) == yo["version"]
    assert await _version(aplicacion, familia.hijo_mayor) == version_sofia


async def test_desconocido_recibe_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    """An id that exists in another family answers exactly like one that exists nowhere."""
    token = sesion(emisor, familia.cotizante)
    respuestas = []
    for afiliado_id in (familia.hija_ajena, familia.otro_cotizante, uuid4()):
        respuesta = await cliente.get(
            "/mi/certificados/afiliacion", params={"afiliado_id": str(afiliado_id)}, headers=token
        )
        assert_404_afiliado(respuesta)
        respuestas.append(respuesta.json())

    assert respuestas[0] == respuestas[1] == respuestas[2]


async def test_beneficiario_no_actua_por_su_cotizante(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.conyuge)

    respuesta = await cliente.get(
        "/mi/certificados/afiliacion", params={"afiliado_id": str(familia.cotizante)}, headers=token
    )

    assert_404_afiliado(respuesta)


async def test_correo_y_confirmacion_distintos_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = (await personas(cliente, token))[str(familia.cotizante)]

    respuesta = await cliente.put(
        "/mi/datos-personales",
        json=formulario(seleccion(yo), confirmacion_email="otra@example.com"),
        headers=token,
    )

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"] == PROBLEMA
    assert respuesta.json()["errores"] == [
        {"campo": "confirmacion_email", "mensaje": "El correo y su confirmación no coinciden."}
    ]


async def test_municipio_que_no_es_del_departamento_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = (await personas(cliente, token))[str(familia.cotizante)]

    respuesta = await cliente.put(
        "/mi/datos-personales",
        json=formulario(
            seleccion(yo),
            departamento_residencia="05",  # Antioquia
            municipio_residencia="76001",  # Cali
            departamento_correspondencia="76",
            municipio_correspondencia="11001",  # Bogotá
        ),
        headers=token,
    )

    assert respuesta.status_code == 422
    campos = {e["campo"]: e["mensaje"] for e in respuesta.json()["errores"]}
    assert set(campos) == {"municipio_residencia", "municipio_correspondencia"}
    assert "no pertenece al departamento de residencia" in campos["municipio_residencia"]
    assert await _version(aplicacion, familia.cotizante) == yo["version"]


@pytest.mark.parametrize(
    ("cambios", "campo", "mensaje"),
    [
        ({"departamento_residencia": ""}, "departamento_residencia", "es obligatorio"),
        ({"municipio_residencia": None}, "municipio_residencia", "es obligatorio"),
        ({"direccion_residencia": "   "}, "direccion_residencia", "es obligatorio"),
        ({"municipio_residencia": "Cali"}, "municipio_residencia", "5 dígitos"),
        ({"departamento_residencia": "00"}, "departamento_residencia", "no es un departamento"),
        ({"telefono_celular": "6024898686"}, "telefono_celular", "celular colombiano"),
        ({"telefono_residencia": "12345"}, "telefono_residencia", "entre 7 y 10 dígitos"),
        ({"email": "ana"}, "email", "correo electrónico"),
        ({"etnia": "OTRA"}, "etnia", "no es un valor permitido"),
        ({"personas": []}, "personas", "seleccione al menos una persona"),
        (
            {"municipio_correspondencia": "76001"},
            "departamento_correspondencia",
            "es obligatorio si indica el municipio",
        ),
    ],
)
async def test_formulario_de_datos_personales_se_valida_en_espanol(
    cliente: httpx.AsyncClient,
    emisor: EmisorTokens,
    familia: Familia,
    cambios: dict[str, Any],
    campo: str,
    mensaje: str,
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = (await personas(cliente, token))[str(familia.cotizante)]

    respuesta = await cliente.put(
        "/mi/datos-personales", json=formulario(seleccion(yo)) | cambios, headers=token
    )

    assert respuesta.status_code == 422, respuesta.text
    errores = {e["campo"]: e["mensaje"] for e in respuesta.json()["errores"]}
    assert mensaje in errores[campo]


async def test_persona_repetida_en_la_seleccion_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = seleccion((await personas(cliente, token))[str(familia.cotizante)])

    respuesta = await cliente.put("/mi/datos-personales", json=formulario(yo, yo), headers=token)

    assert respuesta.status_code == 422
    assert "una sola vez" in respuesta.json()["detail"]


async def test_version_vieja_responde_409_y_no_cambia_nada(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.cotizante)
    antes = await personas(cliente, token)
    yo, tomas = antes[str(familia.cotizante)], antes[str(familia.hijo_menor)]
    primera = await cliente.put(
        "/mi/datos-personales", json=formulario(seleccion(tomas)), headers=token
    )
    assert primera.status_code == 200

    # Tomás changed since this form was loaded; Ana did not.
    respuesta = await cliente.put(
        "/mi/datos-personales",
        json=formulario(seleccion(yo), seleccion(tomas), direccion_residencia="Calle 1 # 1-1"),
        headers=token,
    )

    assert respuesta.status_code == 409
    assert respuesta.json()["code"] == "conflicto-de-version"
    despues = await personas(cliente, token)
    assert despues[str(familia.cotizante)] == yo
    assert despues[str(familia.hijo_menor)]["datos_personales"]["direccion_residencia"] == (
        "Carrera 28 # 30-15"
    )


# -- manual 4.1.2: actualizar documentos -------------------------------------------------------


async def pendientes(cliente: httpx.AsyncClient, token: dict[str, str]) -> list[dict[str, Any]]:
    respuesta = await cliente.get("/mi/soportes", headers=token)
    assert respuesta.status_code == 200, respuesta.text
    cuerpo = respuesta.json()
    assert cuerpo["formatos_permitidos"] == ["PDF", "JPG", "PNG"]
    assert cuerpo["tamano_maximo_bytes"] == TAMANO_MAXIMO_BYTES
    pendientes: list[dict[str, Any]] = cuerpo["pendientes"]
    return pendientes


def enviar(
    afiliado_id: UUID, contenido: bytes, nombre: str = "registro.pdf", tipo: str | None = None
) -> dict[str, Any]:
    return {
        "data": {
            "afiliado_id": str(afiliado_id),
            "tipo_soporte": tipo or TipoSoporte.REGISTRO_CIVIL_NACIMIENTO.value,
        },
        "files": {"archivo": (nombre, contenido, "application/pdf")},
    }


async def test_soportes_pendientes_son_los_del_cotizante_y_su_hijo_menor(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    lista = await pendientes(cliente, sesion(emisor, familia.cotizante))

    por_persona = {(p["afiliado_id"], p["tipo_soporte"]) for p in lista}
    assert (str(familia.cotizante), "DOCUMENTO_IDENTIDAD") in por_persona
    assert (str(familia.hijo_menor), "REGISTRO_CIVIL_NACIMIENTO") in por_persona
    assert {p["afiliado_id"] for p in lista} == {str(familia.cotizante), str(familia.hijo_menor)}
    registro_civil = next(p for p in lista if p["tipo_soporte"] == "REGISTRO_CIVIL_NACIMIENTO")
    assert registro_civil["nombre"] == "Tomás Rojas Pérez"
    assert registro_civil["descripcion"] == TipoSoporte.REGISTRO_CIVIL_NACIMIENTO.descripcion


async def test_carga_de_pdf_valido_queda_en_revision_y_deja_de_estar_pendiente(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, almacen: AlmacenEnMemoria
) -> None:
    token = sesion(emisor, familia.cotizante)

    respuesta = await cliente.post(
        "/mi/soportes", **enviar(familia.hijo_menor, pdf_valido()), headers=token
    )

    assert respuesta.status_code == 201, respuesta.text
    cuerpo = respuesta.json()
    assert cuerpo["estado"] == "EN_REVISION"
    assert cuerpo["mensaje"].startswith("Los documentos fueron enviados")
    assert almacen.archivos[UUID(cuerpo["soporte_id"])][0] == familia.hijo_menor
    tipos_de_tomas = {
        p["tipo_soporte"]
        for p in await pendientes(cliente, token)
        if p["afiliado_id"] == str(familia.hijo_menor)
    }
    assert "REGISTRO_CIVIL_NACIMIENTO" not in tipos_de_tomas
    assert "DOCUMENTO_IDENTIDAD" in tipos_de_tomas


async def test_soporte_que_no_esta_pendiente_se_rechaza_con_la_lista_de_pendientes(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, almacen: AlmacenEnMemoria
) -> None:
    token = sesion(emisor, familia.cotizante)
    primero = await cliente.post(
        "/mi/soportes", **enviar(familia.hijo_menor, pdf_valido()), headers=token
    )
    assert primero.status_code == 201
    archivos = dict(almacen.archivos)

    # The same type again (now in review), and a type Tomás does not owe at all.
    for tipo in (None, TipoSoporte.RESOLUCION_PENSION.value):
        respuesta = await cliente.post(
            "/mi/soportes", **enviar(familia.hijo_menor, pdf_valido(), tipo=tipo), headers=token
        )
        assert respuesta.status_code == 422, respuesta.text
        cuerpo = respuesta.json()
        assert cuerpo["code"] == "soporte-no-pendiente"
        assert "DOCUMENTO_IDENTIDAD" in cuerpo["pendientes"]
        assert "REGISTRO_CIVIL_NACIMIENTO" not in cuerpo["pendientes"]
        assert cuerpo["errores"][0]["campo"] == "tipo_soporte"
    assert almacen.archivos == archivos  # nothing stored


async def test_soporte_rechazado_vuelve_a_estar_pendiente_con_su_motivo(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = sesion(emisor, familia.cotizante)
    enviado = await cliente.post(
        "/mi/soportes", **enviar(familia.hijo_menor, pdf_valido()), headers=token
    )
    await aplicacion.ejecutar(
        RevisarSoporte(
            afiliado_id=familia.hijo_menor,
            version_esperada=await _version(aplicacion, familia.hijo_menor),
            soporte_id=UUID(enviado.json()["soporte_id"]),
            motivo_rechazo="El documento no es legible.",
        )
    )

    [registro_civil] = [
        p
        for p in await pendientes(cliente, token)
        if p["tipo_soporte"] == "REGISTRO_CIVIL_NACIMIENTO"
    ]
    assert registro_civil["motivo_rechazo"] == "El documento no es legible."


async def test_archivo_de_texto_renombrado_a_pdf_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, almacen: AlmacenEnMemoria
) -> None:
    respuesta = await cliente.post(
        "/mi/soportes",
        **enviar(familia.cotizante, b"hola, soy un texto", nombre="cedula.pdf"),
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "formato-no-permitido"
    assert 'El archivo "cedula.pdf" no es un PDF' in respuesta.json()["detail"]
    assert almacen.archivos == {}


async def test_archivo_de_2_mb_mas_un_byte_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    contenido = b"%PDF-" + random.Random(1).randbytes(TAMANO_MAXIMO_BYTES - 4)

    respuesta = await cliente.post(
        "/mi/soportes",
        **enviar(familia.cotizante, contenido),
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "archivo-demasiado-grande"


async def test_cuerpo_mucho_mayor_que_2_mb_se_rechaza_sin_leerlo_con_413(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.post(
        "/mi/soportes",
        **enviar(familia.cotizante, b"%PDF-" + bytes(3 * TAMANO_MAXIMO_BYTES)),
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 413
    assert respuesta.headers["content-type"] == PROBLEMA
    assert "2 MB" in respuesta.json()["detail"]


async def test_cuerpo_sin_longitud_declarada_se_corta_al_pasar_el_limite(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    """Chunked upload (no Content-Length): the body is cut as soon as it passes the limit."""
    carga = CargaPorPartes(
        {"afiliado_id": str(familia.cotizante), "tipo_soporte": "DOCUMENTO_IDENTIDAD"},
        campo_archivo="archivo",
        megas=10,
    )

    respuesta = await cliente.post(
        "/mi/soportes",
        content=carga.cuerpo(),
        headers=sesion(emisor, familia.cotizante) | carga.tipo,
    )

    assert respuesta.status_code == 413
    assert respuesta.json()["code"] == "archivo-demasiado-grande"
    assert carga.enviados < 10


async def test_tipo_de_soporte_desconocido_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.post(
        "/mi/soportes",
        **enviar(familia.cotizante, pdf_valido(), tipo="FOTO_DE_PERFIL"),
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["errores"][0]["campo"] == "tipo_soporte"


async def test_carga_para_el_hijo_mayor_responde_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, almacen: AlmacenEnMemoria
) -> None:
    respuesta = await cliente.post(
        "/mi/soportes",
        **enviar(familia.hijo_mayor, pdf_valido()),
        headers=sesion(emisor, familia.cotizante),
    )

    assert_404_afiliado(respuesta)
    assert almacen.archivos == {}


# -- manual 4.1.3: cambio de IPS ---------------------------------------------------------------


async def test_opciones_de_cambio_de_ips_muestran_la_actual_y_las_de_su_municipio(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get(
        "/mi/cambio-ips/opciones",
        params={"afiliado_id": str(familia.hijo_menor)},
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 200, respuesta.text
    cuerpo = respuesta.json()
    assert cuerpo["nombre_completo"] == "Tomás Rojas Pérez"
    assert cuerpo["ips_actual"]["nombre"] == "COMFANDI EL PRADO"
    assert cuerpo["municipio_residencia"] == "CALI - VALLE DEL CAUCA"
    codigos = [i["codigo"] for i in cuerpo["ips_disponibles"]]
    assert IPS_SAN_NICOLAS in codigos
    assert IPS_EL_PRADO not in codigos
    assert all(i["municipio_divipola"] == "76001" for i in cuerpo["ips_disponibles"])
    assert {"codigo": "CAMBIO_DE_RESIDENCIA", "nombre": "Cambio de residencia"} in cuerpo["motivos"]
    assert cuerpo["solicitud_en_tramite"] is None


async def test_cotizante_solicita_cambio_de_ips_de_su_hijo_menor(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, almacen: AlmacenEnMemoria
) -> None:
    token = sesion(emisor, familia.cotizante)

    respuesta = await cliente.post(
        "/mi/cambio-ips",
        json={
            "afiliado_id": str(familia.hijo_menor),
            "ips_deseada_codigo": IPS_SAN_NICOLAS,
            "motivo": "CERCANIA_AL_TRABAJO",
            "observacion": "  Queda cerca de mi oficina  ",
        },
        headers=token,
    )

    assert respuesta.status_code == 201, respuesta.text
    assert respuesta.json()["mensaje"].startswith("Solicitud exitosa")
    solicitud_id = respuesta.json()["solicitud_id"]
    assert almacen.bandeja[UUID(solicitud_id)].afiliado_id == familia.hijo_menor
    opciones = await cliente.get(
        "/mi/cambio-ips/opciones", params={"afiliado_id": str(familia.hijo_menor)}, headers=token
    )
    assert opciones.json()["solicitud_en_tramite"]["solicitud_id"] == solicitud_id


async def test_cambio_de_ips_a_ips_de_otro_municipio_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.post(
        "/mi/cambio-ips",
        json={
            "afiliado_id": str(familia.cotizante),
            "ips_deseada_codigo": IPS_MEDELLIN,
            "motivo": "OTRO",
        },
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 422
    assert "no atiende en el municipio de residencia" in respuesta.json()["detail"]


async def test_cambio_de_ips_del_hijo_mayor_lo_pide_el_mismo(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    cuerpo = {
        "afiliado_id": str(familia.hijo_mayor),
        "ips_deseada_codigo": IPS_SAN_NICOLAS,
        "motivo": "OTRO",
    }

    por_el_cotizante = await cliente.post(
        "/mi/cambio-ips", json=cuerpo, headers=sesion(emisor, familia.cotizante)
    )
    por_ella = await cliente.post(
        "/mi/cambio-ips", json=cuerpo, headers=sesion(emisor, familia.hijo_mayor)
    )

    assert_404_afiliado(por_el_cotizante)
    assert por_ella.status_code == 201


# -- manual 4.3: certificado de afiliación -----------------------------------------------------


async def test_certificado_de_hijo_mayor_si_lo_descarga_el_cotizante(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"afiliado_id": str(familia.hijo_mayor), "plan": "PBS"},
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 200, respuesta.text
    assert respuesta.headers["content-type"] == "application/pdf"
    assert respuesta.headers["content-disposition"] == (
        'attachment; filename="certificado-afiliacion-PBS.pdf"'
    )
    assert respuesta.headers["cache-control"] == "no-store"
    texto = texto_de(respuesta.content)
    assert "Sofía Rojas Pérez" in texto
    assert "CC No. 1000000004" in texto
    assert "en calidad de Beneficiario, con parentesco Hijo(a)" in texto
    assert "Ana María Pérez Gómez (CC 1000000001)" in texto


async def test_beneficiario_descarga_su_certificado_con_los_datos_de_su_cotizante(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get(
        "/mi/certificados/afiliacion", headers=sesion(emisor, familia.conyuge)
    )

    assert respuesta.status_code == 200
    texto = texto_de(respuesta.content)
    assert "Luis Rojas, identificado(a) con CC No. 1000000002" in texto
    assert "con parentesco Cónyuge, del cotizante Ana María Pérez Gómez (CC 1000000001)" in texto
    assert "COMFANDI SAN NICOLAS" in texto


async def test_certificado_pdf_muestra_los_datos_de_hoy(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    token = sesion(emisor, familia.cotizante)
    yo = (await personas(cliente, token))[str(familia.cotizante)]
    mudanza = await cliente.put(
        "/mi/datos-personales", json=formulario(seleccion(yo)), headers=token
    )
    assert mudanza.status_code == 200

    respuesta = await cliente.get("/mi/certificados/afiliacion", headers=token)

    texto = texto_de(respuesta.content)
    assert "Ana María Pérez Gómez, identificado(a) con CC No. 1000000001" in texto
    assert "Régimen Contributivo" in texto
    assert "en calidad de Cotizante" in texto
    assert "con estado ACTIVO" in texto
    assert "COMFANDI EL PRADO" in texto
    assert "PALMIRA - VALLE DEL CAUCA" in texto  # where she lives now, not Cali
    assert "se expide el 22 de noviembre de 2026 a las 10:15 (hora de Colombia)" in texto


async def test_certificado_pac_sin_plan_responde_404(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"plan": "PAC"},
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 404
    assert respuesta.json()["detail"] == "El afiliado no tiene un Plan de Atención Complementaria."


async def test_certificado_pac_de_quien_tiene_el_plan(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    await aplicacion.ejecutar(
        ContratarPAC(
            afiliado_id=familia.hijo_menor,
            version_esperada=await _version(aplicacion, familia.hijo_menor),
            plan_codigo="PAC-ORO",
            plan_nombre="Plan Oro",
            fecha_inicio=date(2025, 3, 1),
        )
    )

    respuesta = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"afiliado_id": str(familia.hijo_menor), "plan": "PAC"},
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 200
    assert respuesta.headers["content-disposition"].endswith('"certificado-afiliacion-PAC.pdf"')
    texto = texto_de(respuesta.content)
    assert "Plan de Atención Complementaria (PAC)" in texto
    assert "Plan Oro" in texto


async def test_plan_de_certificado_desconocido_responde_422(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia
) -> None:
    respuesta = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"plan": "POS"},
        headers=sesion(emisor, familia.cotizante),
    )

    assert respuesta.status_code == 422


# -- Ley 1581 de 2012: who read whose personal data ------------------------------------------


def registradas(aplicacion: Aplicacion) -> list[Any]:
    registro = aplicacion.registro_consultas
    assert isinstance(registro, RegistroConsultasEnMemoria)
    return list(registro.registradas)


def operador(emisor: EmisorTokens) -> dict[str, str]:
    return {"Authorization": f"Bearer {emisor.emitir(rol=Rol.OPERADOR, usuario_id='operador-7')}"}


async def test_operador_que_abre_la_ficha_de_un_afiliado_deja_registrada_la_consulta(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    respuesta = await cliente.get(f"/afiliados/{familia.conyuge}", headers=operador(emisor))

    assert respuesta.status_code == 200, respuesta.text
    [consulta] = registradas(aplicacion)
    assert consulta.afiliado_id == familia.conyuge
    assert consulta.lector_usuario_id == "operador-7"
    assert consulta.lector_rol == "operador"
    assert consulta.recurso == "datos-afiliado"
    assert consulta.operacion == "GET /afiliados/{afiliado_id}"
    assert consulta.consultado_en.tzinfo is not None


async def test_busqueda_por_documento_registra_a_quien_encontro_sin_guardar_el_documento(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    respuesta = await cliente.get(
        "/afiliados",
        params={"tipo_documento": "CC", "numero_documento": "1000000004"},
        headers=operador(emisor),
    )

    assert respuesta.status_code == 200, respuesta.text
    [consulta] = registradas(aplicacion)
    assert consulta.afiliado_id == familia.hijo_mayor
    assert consulta.recurso == "busqueda-por-documento"
    assert consulta.operacion == "GET /afiliados"
    assert "1000000004" not in consulta.model_dump_json()


async def test_auditor_que_lee_el_historial_deja_registrada_la_consulta(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = emisor.emitir(rol=Rol.AUDITOR, usuario_id="auditora-2")
    respuesta = await cliente.get(
        f"/afiliados/{familia.cotizante}/historial", headers={"Authorization": f"Bearer {token}"}
    )

    assert respuesta.status_code == 200, respuesta.text
    [consulta] = registradas(aplicacion)
    assert (consulta.afiliado_id, consulta.lector_rol, consulta.recurso) == (
        familia.cotizante,
        "auditor",
        "historial-afiliado",
    )
    assert consulta.operacion == "GET /afiliados/{afiliado_id}/historial"


async def test_operador_que_descarga_un_documento_soporte_deja_registrada_la_consulta(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    carga = await cliente.post(
        "/mi/soportes",
        **enviar(familia.hijo_menor, pdf_valido()),
        headers=sesion(emisor, familia.cotizante),
    )
    assert carga.status_code == 201, carga.text
    soporte_id = carga.json()["soporte_id"]

    respuesta = await cliente.get(
        f"/afiliados/{familia.hijo_menor}/soportes/{soporte_id}/archivo", headers=operador(emisor)
    )

    assert respuesta.status_code == 200, respuesta.text
    [consulta] = registradas(aplicacion)
    assert (consulta.afiliado_id, consulta.recurso) == (familia.hijo_menor, "documentos")
    assert consulta.operacion == "GET /afiliados/{afiliado_id}/soportes/{soporte_id}/archivo"


async def test_consulta_de_un_afiliado_que_no_existe_no_registra_nada(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, aplicacion: Aplicacion
) -> None:
    respuesta = await cliente.get(f"/afiliados/{uuid4()}", headers=operador(emisor))

    assert respuesta.status_code == 404
    assert registradas(aplicacion) == []


async def test_afiliado_que_consulta_sus_propios_datos_no_registra_nada(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = sesion(emisor, familia.conyuge)

    afiliacion = await cliente.get("/mi/afiliacion", headers=token)
    certificado = await cliente.get("/mi/certificados/afiliacion", headers=token)

    assert (afiliacion.status_code, certificado.status_code) == (200, 200)
    assert registradas(aplicacion) == []


async def test_cotizante_que_ve_su_grupo_registra_solo_a_los_mayores_de_edad(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    respuesta = await cliente.get("/mi/afiliacion", headers=sesion(emisor, familia.cotizante))

    assert respuesta.status_code == 200, respuesta.text
    consultas = registradas(aplicacion)
    assert {c.afiliado_id for c in consultas} == {familia.conyuge, familia.hijo_mayor}
    assert {(c.lector_rol, c.recurso, c.operacion) for c in consultas} == {
        ("afiliado", "grupo-familiar", "GET /mi/afiliacion")
    }


async def test_certificado_del_hijo_mayor_queda_registrado_y_el_del_hijo_menor_no(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, familia: Familia, aplicacion: Aplicacion
) -> None:
    token = sesion(emisor, familia.cotizante)

    menor = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"afiliado_id": str(familia.hijo_menor)},
        headers=token,
    )
    assert menor.status_code == 200, menor.text
    assert registradas(aplicacion) == []
    mayor = await cliente.get(
        "/mi/certificados/afiliacion",
        params={"afiliado_id": str(familia.hijo_mayor)},
        headers=token,
    )

    assert mayor.status_code == 200, mayor.text
    [consulta] = registradas(aplicacion)
    assert (consulta.afiliado_id, consulta.recurso) == (
        familia.hijo_mayor,
        "certificado-afiliacion",
    )
    assert consulta.operacion == "GET /mi/certificados/afiliacion"


class RegistroCaido:
    async def registrar(self, consultas: Any) -> None:
        raise ConnectionError("la base de datos no responde")


async def test_lectura_que_no_se_puede_registrar_no_entrega_los_datos(
    app: FastAPI, emisor: EmisorTokens, familia: Familia
) -> None:
    app.state.aplicacion = replace(app.state.aplicacion, registro_consultas=RegistroCaido())
    transporte = httpx.ASGITransport(app=app, raise_app_exceptions=False)

    async with httpx.AsyncClient(transport=transporte, base_url="http://afiliacion") as cliente:
        respuesta = await cliente.get(f"/afiliados/{familia.conyuge}", headers=operador(emisor))

    assert respuesta.status_code == 500
    assert respuesta.headers["content-type"] == PROBLEMA
    assert "Luis" not in respuesta.text and "1000000002" not in respuesta.text
