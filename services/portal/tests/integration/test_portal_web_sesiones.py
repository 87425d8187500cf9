"""The web portal's sessions and CSRF over a real PostgreSQL, with identity and affiliation
faked at the HTTP boundary (httpx.MockTransport): what the browser holds, what it cannot do."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from types import SimpleNamespace
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

from eps_runtime.auth import Llamante, Rol
from eps_runtime.db import create_engine
from eps_runtime.errores import NoEncontrado
from eps_runtime.http import install_problem_handlers
from eps_runtime.testing.infrastructure import Infrastructure
from eps_runtime.testing.tokens import EmisorTokens
from portal.adapters.servicios import Captcha, CaptchaWidget
from portal.domain.tablero import DatosContacto, IpsPrimaria, PlanBeneficios, Tablero
from portal.entrypoints import web
from portal.settings import PortalSettings

pytestmark = pytest.mark.integration

SERVICIO = Path(__file__).resolve().parents[2]
PUBLICA = "https://portal.test"
CONTRASENA = "una frase larga de prueba"


class Reloj:
    def __init__(self) -> None:
        self.ahora = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.ahora

    def avanzar(self, **delta: float) -> None:
        self.ahora += timedelta(**delta)


@dataclass
class Identidad:
    """Fake identity: issues real signed tokens and records what it was asked."""

    emisor: EmisorTokens
    afiliado_id: UUID
    reloj: Reloj
    pedidos: list[tuple[str, str, dict[str, Any]]] = field(default_factory=list)
    renovaciones: int = 0
    revocados: set[str] = field(default_factory=set)
    captchas: list[tuple[str, str | None]] = field(default_factory=list)
    # Identity's CAPTCHA: the development token by default; a provider's tokens (each once)
    # when the test issues them.
    tokens_captcha: set[str] | None = None

    def captcha_valido(self, token: str | None) -> bool:
        if self.tokens_captcha is None:
            return token == "no-soy-un-robot"
        if token not in self.tokens_captcha:
            return False
        self.tokens_captcha.discard(token)
        return True

    def tokens(self) -> dict[str, Any]:
        self.renovaciones += 1
        return {
            # Signed on the real clock: the verifier checks iat and exp against it.
            "access_token": self.emisor.emitir(rol=Rol.AFILIADO, afiliado_id=self.afiliado_id),
            "token_type": "Bearer",
            "expires_in": 900,
            "refresh_token": f"renovacion-secreta-{self.renovaciones:04d}-abcdefgh",
            "sesion_vence_en": (self.reloj.ahora + timedelta(hours=8)).isoformat(),
        }

    def __call__(self, request: httpx.Request) -> httpx.Response:
        cuerpo = json.loads(request.content or b"{}")
        self.pedidos.append((request.method, request.url.path, cuerpo))
        ruta = (request.method, request.url.path)
        self.captchas.append((request.url.path, request.headers.get("X-Captcha")))
        if request.url.path in _PASOS_CON_CAPTCHA and not self.captcha_valido(
            request.headers.get("X-Captcha")
        ):
            return _problema(400, "Marque la casilla «No soy un robot».", code="captcha-invalido")
        if ruta == ("POST", "/registro/preguntas"):
            if cuerpo.get("sesion_registro") != "sesion-de-prueba":
                return _problema(400, "Su sesión de registro venció.")
            return httpx.Response(
                200,
                json={
                    "conjunto_id": "c1",
                    "vence_en": self.reloj.ahora.isoformat(),
                    "preguntas": [
                        {
                            "pregunta_id": "p1",
                            "enunciado": "¿En qué ciudad vive?",
                            "opciones": [{"opcion_id": "a", "texto": "CALI"}],
                        }
                    ],
                },
            )
        if ruta == ("POST", "/registro/respuestas"):
            return httpx.Response(200, json={"tiquete": "tiquete-de-prueba-0123456789"})
        if ruta == ("POST", "/registro/cuenta"):
            return httpx.Response(
                201,
                json={
                    "usuario_id": "u1",
                    "email": "rosa@example.com",
                    "mensaje": "Tu registro fue exitoso.",
                    "enlace_vence_en": self.reloj.ahora.isoformat(),
                },
            )
        if ruta == ("POST", "/cuentas/restablecimiento"):
            return httpx.Response(202, json={"mensaje": "Si el documento corresponde…"})
        if ruta == ("POST", "/sesiones"):
            if cuerpo.get("contrasena") != CONTRASENA:
                return _problema(401, "Documento o contraseña incorrectos.")
            if not cuerpo.get("numero_documento"):
                return _problema(
                    422,
                    "numero_documento: es obligatorio",
                    errores=[{"campo": "numero_documento", "mensaje": "es obligatorio"}],
                )
            return httpx.Response(200, json=self.tokens())
        if ruta == ("POST", "/sesiones/renovar"):
            if cuerpo["refresh_token"] in self.revocados:
                return _problema(401, "La sesión no es válida; inicie sesión de nuevo.")
            self.revocados.add(cuerpo["refresh_token"])
            return httpx.Response(200, json=self.tokens())
        if ruta == ("POST", "/registro/validacion"):
            return httpx.Response(
                200,
                json={
                    **cuerpo,
                    "nombres": "ROSA",
                    "apellidos": "QUINTERO",
                    "primer_nombre": "ROSA",
                    "segundo_nombre": None,
                    "primer_apellido": "QUINTERO",
                    "segundo_apellido": None,
                    "sesion_registro": "sesion-de-prueba",
                },
            )
        if ruta == ("POST", "/cuentas/contrasena"):
            return httpx.Response(
                400,
                json={
                    "status": 400,
                    "detail": "El enlace no es válido.",
                    "code": "enlace-invalido",
                },
            )
        if ruta == ("POST", "/delegados/activacion"):
            return httpx.Response(
                201, json={"usuario_id": "x", "mensaje": "Usuario delegado activo."}
            )
        if ruta == ("DELETE", "/sesiones/actual"):
            self.revocados.add(cuerpo["refresh_token"])
            return httpx.Response(204)
        return _problema(404, "No encontrado.")


_PASOS_CON_CAPTCHA = (
    "/registro/validacion",
    "/registro/preguntas",
    "/registro/respuestas",
    "/registro/cuenta",
    "/cuentas/restablecimiento",
)


def _problema(status: int, detail: str, **extra: Any) -> httpx.Response:
    return httpx.Response(
        status,
        json={"status": status, "detail": detail, "code": "x", **extra},
        headers={"Content-Type": "application/problem+json"},
    )


class Consulta:
    def __init__(self, afiliado_id: UUID) -> None:
        self.afiliado_id = afiliado_id
        self.pedidas: list[int | None] = []
        self.proyectado = True
        self.nombre = "ROSA QUINTERO"

    async def tablero(
        self, llamante: Llamante, afiliado_id: UUID | None = None, *, version_minima: int | None
    ) -> Tablero:
        assert llamante.afiliado_id == self.afiliado_id
        self.pedidas.append(version_minima)
        if not self.proyectado:
            raise NoEncontrado("Aún no hay información de esta afiliación.")
        return Tablero(
            afiliado_id=self.afiliado_id,
            version=version_minima or 3,
            nombre_completo=self.nombre,
            tipo_documento="CC",
            numero_documento="1234567890",
            fecha_nacimiento=date(1988, 10, 10),
            datos_contacto=DatosContacto(email="rosa@example.com"),
            plan_beneficios=PlanBeneficios(
                estado="ACTIVO",
                tipo_afiliado="COTIZANTE",
                ips_primaria=IpsPrimaria(codigo="760010000001", nombre="IPS CENTRO"),
            ),
        )

    async def cambios(
        self, llamante: Llamante, afiliado_id: UUID | None = None
    ) -> AsyncIterator[int]:
        yield 4


@dataclass
class Portal:
    cliente: httpx.AsyncClient
    identidad: Identidad
    reloj: Reloj
    engine: Any
    consulta: Consulta

    async def csrf(self, ruta: str = "/ingreso") -> str:
        pagina = await self.cliente.get(ruta)
        hallado = re.search(r'name="csrf" value="([0-9a-f]+)"', pagina.text)
        assert hallado is not None, pagina.text
        return hallado.group(1)

    async def ingresar(self) -> httpx.Response:
        return await self.cliente.post(
            "/ingreso",
            data={
                "csrf": await self.csrf(),
                "tipo_documento": "CC",
                "numero_documento": "1234567890",
                "contrasena": CONTRASENA,
            },
        )


@asynccontextmanager
async def _portal(
    infrastructure: Infrastructure, captcha: Captcha | None = None
) -> AsyncIterator[Portal]:
    url = await infrastructure.create_migrated_database(SERVICIO, "portal_web")
    engine = create_engine(url)
    emisor = EmisorTokens()
    reloj = Reloj()
    afiliado_id = uuid4()
    identidad = Identidad(emisor, afiliado_id, reloj)
    consulta = Consulta(afiliado_id)
    settings = PortalSettings(
        database_url=url,
        url_publica=PUBLICA,
        cookie_segura=True,
        identity_url="http://identity.test",
        affiliation_url="http://affiliation.test",
        sesion_minutos_inactividad=30,
    )
    app = FastAPI()
    install_problem_handlers(app)
    app.state.engine = engine
    app.state.verificador_tokens = emisor.verificador()
    app.state.componentes = SimpleNamespace(consulta=consulta)
    web.instalar(
        app, settings, transporte=httpx.MockTransport(identidad), reloj=reloj, captcha=captcha
    )
    async with (
        web.clientes(app),
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url=PUBLICA,
            headers={"Origin": PUBLICA},
        ) as cliente,
    ):
        yield Portal(cliente, identidad, reloj, engine, consulta)
    await engine.dispose()


@pytest.fixture
async def portal(infrastructure: Infrastructure) -> AsyncIterator[Portal]:
    async with _portal(infrastructure) as creado:
        yield creado


def _cookie(respuesta: httpx.Response, nombre: str) -> str:
    encabezados = respuesta.headers.get_list("set-cookie")
    return next(c for c in encabezados if c.startswith(f"{nombre}="))


async def test_formulario_sin_token_csrf_es_rechazado_con_pagina_en_espanol(
    portal: Portal,
) -> None:
    await portal.cliente.get("/ingreso")  # the pre-session cookie exists; the token is absent
    respuesta = await portal.cliente.post(
        "/ingreso",
        data={"tipo_documento": "CC", "numero_documento": "1", "contrasena": CONTRASENA},
    )
    assert respuesta.status_code == 403
    assert '<html lang="es">' in respuesta.text
    assert "Solicitud rechazada" in respuesta.text
    assert not any(p[1] == "/sesiones" for p in portal.identidad.pedidos)


async def test_token_csrf_de_otra_cookie_es_rechazado(portal: Portal) -> None:
    token = await portal.csrf()
    portal.cliente.cookies.clear()
    await portal.cliente.get("/ingreso")  # another pre-session: the old token is not its own
    respuesta = await portal.cliente.post(
        "/ingreso", data={"csrf": token, "tipo_documento": "CC", "numero_documento": "1"}
    )
    assert respuesta.status_code == 403


async def test_origen_ajeno_es_rechazado_aunque_el_token_sea_valido(portal: Portal) -> None:
    token = await portal.csrf()
    respuesta = await portal.cliente.post(
        "/ingreso",
        data={"csrf": token, "tipo_documento": "CC", "numero_documento": "1"},
        headers={"Origin": "https://atacante.example"},
    )
    assert respuesta.status_code == 403
    assert "Solicitud rechazada" in respuesta.text


async def test_cookie_de_sesion_httponly_samesite_y_tokens_fuera_del_html(
    portal: Portal,
) -> None:
    ingreso = await portal.ingresar()
    assert ingreso.status_code == 303
    assert ingreso.headers["location"] == "/inicio"
    cookie = _cookie(ingreso, "__Host-sesion")
    atributos = {a.strip().lower() for a in cookie.split(";")[1:]}
    assert {"httponly", "secure", "samesite=lax", "path=/"} <= atributos
    assert not any(a.startswith("domain") for a in atributos)

    inicio = await portal.cliente.get("/inicio")
    assert inicio.status_code == 200
    assert "ROSA QUINTERO" in inicio.text
    assert "IPS CENTRO" in inicio.text
    assert "eyJ" not in inicio.text  # no JWT in the page
    assert "renovacion-secreta" not in inicio.text

    # At rest: the id's hash, and the tokens encrypted.
    id_sesion = cookie.split(";")[0].split("=", 1)[1]
    async with portal.engine.connect() as conn:
        filas = (await conn.execute(text("SELECT * FROM sesiones_web"))).mappings().all()
    assert len(filas) == 1
    fila = filas[0]
    assert id_sesion.encode() not in bytes(fila["id_hash"])
    assert "renovacion-secreta" not in fila["renovacion_cifrado"]
    assert not fila["acceso_cifrado"].startswith("eyJ")


async def test_paginas_con_encabezados_de_seguridad(portal: Portal) -> None:
    respuesta = await portal.cliente.get("/ingreso")
    csp = respuesta.headers["content-security-policy"]
    assert "frame-ancestors 'none'" in csp
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert respuesta.headers["x-frame-options"] == "DENY"
    assert respuesta.headers["referrer-policy"]
    assert '<meta name="viewport"' in respuesta.text
    assert "<script>" not in respuesta.text  # no inline script


async def test_cerrar_sesion_revoca_en_identidad_y_la_cookie_vieja_no_sirve(
    portal: Portal,
) -> None:
    ingreso = await portal.ingresar()
    vieja = _cookie(ingreso, "__Host-sesion").split(";")[0].split("=", 1)[1]
    token = await portal.csrf("/inicio")
    salida = await portal.cliente.post("/salir", data={"csrf": token})
    assert salida.status_code == 303
    assert salida.headers["location"] == "/ingreso?aviso=salida"
    assert ("DELETE", "/sesiones/actual") in [(m, r) for m, r, _ in portal.identidad.pedidos]

    portal.cliente.cookies.set("__Host-sesion", vieja, domain="portal.test")
    otra_vez = await portal.cliente.get("/inicio")
    assert otra_vez.status_code == 303
    assert otra_vez.headers["location"].startswith("/ingreso")


async def test_sesion_inactiva_expira(portal: Portal) -> None:
    await portal.ingresar()
    portal.reloj.avanzar(minutes=29)
    assert (await portal.cliente.get("/inicio")).status_code == 200  # activity: 29 min more
    portal.reloj.avanzar(minutes=29)
    assert (await portal.cliente.get("/inicio")).status_code == 200
    portal.reloj.avanzar(minutes=31)
    expirada = await portal.cliente.get("/inicio")
    assert expirada.status_code == 303
    assert expirada.headers["location"] == "/ingreso?aviso=sesion"
    async with portal.engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM sesiones_web"))).scalar_one() == 0


async def test_el_tablero_en_segundo_plano_no_mantiene_viva_la_sesion(portal: Portal) -> None:
    await portal.ingresar()
    portal.reloj.avanzar(minutes=20)
    assert (await portal.cliente.get("/inicio/fragmento?version_minima=4")).status_code == 200
    portal.reloj.avanzar(minutes=15)
    assert (await portal.cliente.get("/inicio/fragmento")).status_code == 401


async def test_acceso_vencido_se_renueva_una_vez_con_identidad(portal: Portal) -> None:
    await portal.ingresar()
    portal.reloj.avanzar(minutes=16)  # the 15-minute access token expired; activity kept
    assert (await portal.cliente.get("/inicio")).status_code == 200
    renovaciones = [r for m, r, _ in portal.identidad.pedidos if r == "/sesiones/renovar"]
    assert len(renovaciones) == 1
    assert (await portal.cliente.get("/inicio")).status_code == 200
    renovaciones = [r for m, r, _ in portal.identidad.pedidos if r == "/sesiones/renovar"]
    assert len(renovaciones) == 1


async def test_error_de_campo_junto_al_campo_y_detalle_en_alerta(portal: Portal) -> None:
    respuesta = await portal.cliente.post(
        "/ingreso",
        data={
            "csrf": await portal.csrf(),
            "tipo_documento": "CC",
            "numero_documento": "",
            "contrasena": CONTRASENA,
        },
    )
    assert respuesta.status_code == 422
    assert 'aria-describedby="campo-numero_documento-error"' in respuesta.text
    assert 'id="campo-numero_documento-error">es obligatorio<' in respuesta.text
    assert 'role="alert">numero_documento: es obligatorio<' in respuesta.text
    assert CONTRASENA not in respuesta.text


async def test_contrasena_errada_muestra_el_mensaje_de_identidad(portal: Portal) -> None:
    respuesta = await portal.cliente.post(
        "/ingreso",
        data={
            "csrf": await portal.csrf(),
            "tipo_documento": "CC",
            "numero_documento": "1234567890",
            "contrasena": "otra",
        },
    )
    assert respuesta.status_code == 401
    assert "Documento o contraseña incorrectos." in respuesta.text
    assert "set-cookie" not in {k.lower() for k in respuesta.headers if "sesion=" in k}


async def test_despues_de_guardar_el_inicio_pide_la_version_nueva(portal: Portal) -> None:
    await portal.ingresar()
    await portal.cliente.get("/inicio?version=7&aviso=datos")
    assert portal.consulta.pedidas[-1] == 7


async def test_eventos_del_tablero_por_sse(portal: Portal) -> None:
    await portal.ingresar()
    async with portal.cliente.stream("GET", "/inicio/eventos") as flujo:
        assert flujo.headers["content-type"].startswith("text/event-stream")
        recibido = ""
        async for trozo in flujo.aiter_text():
            recibido += trozo
            if "event: tablero" in recibido:
                break
    assert "event: tablero\ndata: 4" in recibido


async def test_sin_sesion_los_eventos_son_401(portal: Portal) -> None:
    assert (await portal.cliente.get("/inicio/eventos")).status_code == 401


async def test_registro_antes_de_ingresar_tambien_exige_el_token_csrf(portal: Portal) -> None:
    datos = {"tipo_documento": "CC", "numero_documento": "1234567890", "no_soy_un_robot": "si"}
    await portal.cliente.get("/registro")
    assert (await portal.cliente.post("/registro/validar", data=datos)).status_code == 403

    token = await portal.csrf("/registro")
    valida = await portal.cliente.post("/registro/validar", data={**datos, "csrf": token})
    assert valida.status_code == 200
    assert "QUINTERO" in valida.text
    # The CAPTCHA is a port: the box sends the development token to identity.
    validacion = [c for m, r, c in portal.identidad.pedidos if r == "/registro/validacion"]
    assert validacion == [{"tipo_documento": "CC", "numero_documento": "1234567890"}]


async def test_registro_sin_marcar_no_soy_un_robot_lo_dice_junto_a_la_casilla(
    portal: Portal,
) -> None:
    token = await portal.csrf("/registro")
    respuesta = await portal.cliente.post(
        "/registro/validar",
        data={"tipo_documento": "CC", "numero_documento": "1234567890", "csrf": token},
    )
    assert respuesta.status_code == 400
    assert 'id="campo-no_soy_un_robot-error"' in respuesta.text
    assert not any(r == "/registro/validacion" for _, r, _ in portal.identidad.pedidos)


async def test_cada_paso_del_registro_pide_no_soy_un_robot_y_lleva_la_sesion_del_paso_1(
    portal: Portal,
) -> None:
    token = await portal.csrf("/registro")
    documento = {"tipo_documento": "CC", "numero_documento": "1234567890", "csrf": token}
    validado = await portal.cliente.post(
        "/registro/validar", data={**documento, "no_soy_un_robot": "si"}
    )
    assert 'name="sesion_registro" value="sesion-de-prueba"' in validado.text
    assert 'id="campo-no_soy_un_robot"' in validado.text
    paso = {**documento, "sesion_registro": "sesion-de-prueba"}

    # Step 2 without the box: refused next to it, identity is not asked.
    sin_casilla = await portal.cliente.post("/registro/preguntas", data=paso)
    assert sin_casilla.status_code == 400
    assert 'id="campo-no_soy_un_robot-error"' in sin_casilla.text
    assert not any(r == "/registro/preguntas" for _, r, _ in portal.identidad.pedidos)

    preguntas = await portal.cliente.post(
        "/registro/preguntas", data={**paso, "no_soy_un_robot": "si"}
    )
    assert preguntas.status_code == 200
    assert "¿En qué ciudad vive?" in preguntas.text
    assert 'id="campo-no_soy_un_robot"' in preguntas.text

    respuestas = {**paso, "conjunto_id": "c1", "pregunta_p1": "a"}
    assert (await portal.cliente.post("/registro/respuestas", data=respuestas)).status_code == 400
    cuenta = await portal.cliente.post(
        "/registro/respuestas", data={**respuestas, "no_soy_un_robot": "si"}
    )
    assert 'id="campo-no_soy_un_robot"' in cuenta.text
    hallado = re.search(r'name="tiquete" value="([^"]+)"', cuenta.text)
    assert hallado is not None
    datos_cuenta = {
        **documento,
        "tiquete": hallado.group(1),
        "email": "rosa@example.com",
        "email_confirmacion": "rosa@example.com",
        "telefono_movil": "3101234567",
        "acepta_terminos": "si",
    }
    assert (await portal.cliente.post("/registro/cuenta", data=datos_cuenta)).status_code == 400
    creada = await portal.cliente.post(
        "/registro/cuenta", data={**datos_cuenta, "no_soy_un_robot": "si"}
    )
    assert "Tu registro fue exitoso." in creada.text

    # Each step reached identity once, each with its own proof.
    assert [c for c in portal.identidad.captchas if c[0].startswith("/registro/")] == [
        ("/registro/validacion", "no-soy-un-robot"),
        ("/registro/preguntas", "no-soy-un-robot"),
        ("/registro/respuestas", "no-soy-un-robot"),
        ("/registro/cuenta", "no-soy-un-robot"),
    ]
    sesiones = [c.get("sesion_registro") for _, r, c in portal.identidad.pedidos]
    assert "sesion-de-prueba" in sesiones


async def test_olvide_mi_contrasena_sin_marcar_no_soy_un_robot_no_llega_a_identidad(
    portal: Portal,
) -> None:
    token = await portal.csrf("/olvide-contrasena")
    documento = {"tipo_documento": "CC", "numero_documento": "1234567890", "csrf": token}
    sin_casilla = await portal.cliente.post("/olvide-contrasena", data=documento)
    assert sin_casilla.status_code == 400
    assert 'id="campo-no_soy_un_robot-error"' in sin_casilla.text
    assert not portal.identidad.captchas

    enviada = await portal.cliente.post(
        "/olvide-contrasena", data={**documento, "no_soy_un_robot": "si"}
    )
    assert enviada.status_code == 200
    assert portal.identidad.captchas == [("/cuentas/restablecimiento", "no-soy-un-robot")]


async def test_activar_con_enlace_de_delegado_usa_la_activacion_de_delegados(
    portal: Portal,
) -> None:
    token = "t" * 43
    await portal.cliente.get(f"/activar?token={token}")
    respuesta = await portal.cliente.post(
        "/activar",
        data={
            "csrf": await portal.csrf(f"/activar?token={token}"),
            "token": token,
            "contrasena": CONTRASENA,
            "confirmacion": CONTRASENA,
        },
    )
    assert respuesta.status_code == 200
    assert "Usuario delegado activo." in respuesta.text
    rutas = [r for _, r, _ in portal.identidad.pedidos]
    assert rutas[-2:] == ["/cuentas/contrasena", "/delegados/activacion"]


async def test_restablecer_con_enlace_invalido_muestra_el_mensaje(portal: Portal) -> None:
    token = "t" * 43
    respuesta = await portal.cliente.post(
        "/restablecer",
        data={
            "csrf": await portal.csrf(f"/restablecer?token={token}"),
            "token": token,
            "contrasena": CONTRASENA,
            "confirmacion": CONTRASENA,
        },
    )
    assert respuesta.status_code == 400
    assert "El enlace no es válido." in respuesta.text
    assert "/delegados/activacion" not in [r for _, r, _ in portal.identidad.pedidos]


SALUDO = "Bienvenido: <strong>{}</strong>"


async def test_con_sesion_abierta_ingreso_y_registro_llevan_al_inicio(portal: Portal) -> None:
    assert (await portal.cliente.get("/ingreso")).status_code == 200
    assert (await portal.cliente.get("/registro")).status_code == 200
    await portal.ingresar()
    for ruta in ("/ingreso", "/registro"):
        respuesta = await portal.cliente.get(ruta)
        assert respuesta.status_code == 303, ruta
        assert respuesta.headers["location"] == "/inicio"


async def test_con_la_sesion_vencida_ingreso_muestra_el_formulario(portal: Portal) -> None:
    await portal.ingresar()
    portal.reloj.avanzar(minutes=31)
    respuesta = await portal.cliente.get("/ingreso")
    assert respuesta.status_code == 200
    assert 'action="/ingreso"' in respuesta.text


async def test_el_nombre_en_la_cabecera_de_cada_pagina_sin_leer_el_tablero_otra_vez(
    portal: Portal,
) -> None:
    await portal.ingresar()
    leidas = len(portal.consulta.pedidas)  # the login read the name from the dashboard
    assert leidas == 1
    pagina = await portal.cliente.get("/mi-cuenta/contrasena")
    assert pagina.status_code == 200
    assert SALUDO.format("ROSA QUINTERO") in pagina.text
    assert len(portal.consulta.pedidas) == leidas
    async with portal.engine.connect() as conn:
        nombre = (await conn.execute(text("SELECT nombre FROM sesiones_web"))).scalar_one()
    assert nombre == "ROSA QUINTERO"


async def test_sin_tablero_al_ingresar_el_inicio_guarda_el_nombre_para_las_demas_paginas(
    portal: Portal,
) -> None:
    portal.consulta.proyectado = False
    assert (await portal.ingresar()).status_code == 303
    sin_nombre = await portal.cliente.get("/mi-cuenta/contrasena")
    assert "Bienvenido | Portal afiliados" in sin_nombre.text

    portal.consulta.proyectado = True
    portal.consulta.nombre = "ROSA MARIA QUINTERO"
    assert SALUDO.format("ROSA MARIA QUINTERO") in (await portal.cliente.get("/inicio")).text
    otra = await portal.cliente.get("/mi-cuenta/contrasena")
    assert SALUDO.format("ROSA MARIA QUINTERO") in otra.text


async def test_sin_sesion_la_cabecera_no_saluda(portal: Portal) -> None:
    assert "Bienvenido" not in (await portal.cliente.get("/olvide-contrasena")).text


async def test_cambio_de_ips_de_alguien_que_no_puede_gestionar_es_la_pagina_no_encontrado(
    portal: Portal,
) -> None:
    await portal.ingresar()
    for elegido in (str(uuid4()), "no-es-un-uuid"):
        respuesta = await portal.cliente.get(f"/mi-cuenta/cambio-ips?afiliado_id={elegido}")
        assert respuesta.status_code == 404
        assert '<html lang="es">' in respuesta.text
        assert "No encontramos" in respuesta.text
    token = await portal.csrf("/mi-cuenta/contrasena")
    for elegido in (str(uuid4()), "no-es-un-uuid"):
        respuesta = await portal.cliente.post(
            "/mi-cuenta/cambio-ips",
            data={"csrf": token, "afiliado_id": elegido, "ips_deseada_codigo": "760010000001"},
        )
        assert respuesta.status_code == 404
        assert "No encontramos" in respuesta.text


CLAVE_SITIO = "0x4AAAAAAAclave-de-sitio"


@pytest.fixture
async def portal_turnstile(infrastructure: Infrastructure) -> AsyncIterator[Portal]:
    """The portal as production configures it: Turnstile's widget on every form."""
    async with _portal(infrastructure, CaptchaWidget("turnstile", CLAVE_SITIO)) as creado:
        creado.identidad.tokens_captcha = set()
        yield creado


def _resolver_widget(portal: Portal) -> str:
    """What a person solving the widget gives the form: a fresh single-use token."""
    token = f"token-turnstile-{uuid4().hex}"
    assert portal.identidad.tokens_captcha is not None
    portal.identidad.tokens_captcha.add(token)
    return token


def _widget_en(pagina: httpx.Response) -> None:
    assert '<script src="https://challenges.cloudflare.com/turnstile/v0/api.js"' in pagina.text
    assert f'<div class="cf-turnstile" data-sitekey="{CLAVE_SITIO}"></div>' in pagina.text
    assert 'name="no_soy_un_robot"' not in pagina.text  # no development checkbox
    politica = pagina.headers["content-security-policy"]
    assert "script-src 'self' https://challenges.cloudflare.com" in politica
    assert "frame-src 'self' https://challenges.cloudflare.com" in politica
    assert "'unsafe-inline'" not in politica


async def test_con_turnstile_cada_paso_muestra_su_widget_y_reenvia_su_propio_token(
    portal_turnstile: Portal,
) -> None:
    portal = portal_turnstile
    inicio = await portal.cliente.get("/registro")
    _widget_en(inicio)
    token = await portal.csrf("/registro")
    documento = {"tipo_documento": "CC", "numero_documento": "1234567890", "csrf": token}
    enviados = [_resolver_widget(portal) for _ in range(4)]

    validado = await portal.cliente.post(
        "/registro/validar", data={**documento, "cf-turnstile-response": enviados[0]}
    )
    assert validado.status_code == 200, validado.text
    _widget_en(validado)
    paso = {**documento, "sesion_registro": "sesion-de-prueba"}
    preguntas = await portal.cliente.post(
        "/registro/preguntas", data={**paso, "cf-turnstile-response": enviados[1]}
    )
    _widget_en(preguntas)
    cuenta = await portal.cliente.post(
        "/registro/respuestas",
        data={
            **paso,
            "conjunto_id": "c1",
            "pregunta_p1": "a",
            "cf-turnstile-response": enviados[2],
        },
    )
    _widget_en(cuenta)
    hallado = re.search(r'name="tiquete" value="([^"]+)"', cuenta.text)
    assert hallado is not None
    creada = await portal.cliente.post(
        "/registro/cuenta",
        data={
            **documento,
            "tiquete": hallado.group(1),
            "email": "rosa@example.com",
            "email_confirmacion": "rosa@example.com",
            "telefono_movil": "3101234567",
            "acepta_terminos": "si",
            "cf-turnstile-response": enviados[3],
        },
    )
    assert "Tu registro fue exitoso." in creada.text

    # Identity received each step's own token, as the widget gave it.
    assert [c for c in portal.identidad.captchas if c[0].startswith("/registro/")] == list(
        zip(
            (
                "/registro/validacion",
                "/registro/preguntas",
                "/registro/respuestas",
                "/registro/cuenta",
            ),
            enviados,
            strict=True,
        )
    )


async def test_con_turnstile_un_token_ya_usado_deja_a_la_persona_en_el_mismo_paso(
    portal_turnstile: Portal,
) -> None:
    portal = portal_turnstile
    token = await portal.csrf("/registro")
    documento = {"tipo_documento": "CC", "numero_documento": "1234567890", "csrf": token}
    usado = _resolver_widget(portal)
    await portal.cliente.post(
        "/registro/validar", data={**documento, "cf-turnstile-response": usado}
    )
    paso = {**documento, "sesion_registro": "sesion-de-prueba"}

    repetido = await portal.cliente.post(
        "/registro/preguntas", data={**paso, "cf-turnstile-response": usado}
    )
    # Identity refused the replayed proof; the page asks for the same step with a new widget.
    assert repetido.status_code == 400
    assert "No soy un robot" in repetido.text
    assert 'name="sesion_registro" value="sesion-de-prueba"' in repetido.text
    _widget_en(repetido)
    sin_widget = await portal.cliente.post("/olvide-contrasena", data=documento)
    assert sin_widget.status_code == 400
    assert 'id="campo-no_soy_un_robot-error"' in sin_widget.text
    assert ("/cuentas/restablecimiento", None) not in portal.identidad.captchas
