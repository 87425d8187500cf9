"""Fixtures of the account tests: a clock the tests move, a signing key, affiliates seeded in
the read model, and ``Flujo``, which walks a person through registration like the front end.
"""

import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, urlparse

import httpx
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi import FastAPI
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_runtime.auth import DEFAULT_AUDIENCE, DEFAULT_ISSUER
from eps_runtime.enlaces import EnlacesSettings, descifrar_enlace
from identity.adapters.firma import FirmaTokens
from identity.entrypoints.api import create_app
from identity.settings import IdentitySettings

CAPTCHA = "no-soy-un-robot"
CONTRASENA = "caballo bateria grapa correcta"


class RelojDePrueba:
    """The injected clock: starts now, moves only when a test says so."""

    def __init__(self) -> None:
        self.ahora = datetime.now(UTC)

    def __call__(self) -> datetime:
        return self.ahora

    def avanzar(self, **delta: float) -> None:
        self.ahora += timedelta(**delta)


@pytest.fixture
def reloj() -> RelojDePrueba:
    return RelojDePrueba()


@pytest.fixture
def firma() -> FirmaTokens:
    return FirmaTokens(
        Ed25519PrivateKey.generate(), issuer=DEFAULT_ISSUER, audience=DEFAULT_AUDIENCE
    )


@pytest.fixture
async def nueva_app(
    identity_settings: IdentitySettings, reloj: RelojDePrueba, firma: FirmaTokens
) -> AsyncIterator[Callable[[], FastAPI]]:
    """Builds instances of the service over the same database, clock and key."""
    apps: list[FastAPI] = []

    def crear() -> FastAPI:
        app = create_app(identity_settings, reloj=reloj, firma=firma)
        apps.append(app)
        return app

    yield crear
    for app in apps:
        await app.state.engine.dispose()


def cliente_de(app: FastAPI) -> httpx.AsyncClient:
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=app),
        base_url="http://identidad",
        headers={"X-Captcha": CAPTCHA},
    )


@pytest.fixture
async def app_identidad(nueva_app: Callable[[], FastAPI]) -> FastAPI:
    return nueva_app()


@pytest.fixture
async def http(app_identidad: FastAPI) -> AsyncIterator[httpx.AsyncClient]:
    async with cliente_de(app_identidad) as c:
        yield c


@pytest.fixture
def bd(app_identidad: FastAPI) -> AsyncEngine:
    engine: AsyncEngine = app_identidad.state.engine
    return engine


@dataclass(frozen=True)
class Persona:
    tipo: str
    numero: str
    afiliado_id: uuid.UUID | None = None
    fecha_nacimiento: date | None = None

    @property
    def documento(self) -> dict[str, str]:
        return {"tipo_documento": self.tipo, "numero_documento": self.numero}


_AFILIADO = text(
    """
    INSERT INTO afiliados_validables
        (afiliado_id, tipo_documento, numero_documento, primer_nombre, primer_apellido,
         fecha_nacimiento, estado, tipo_afiliado, telefono_movil, direccion, version,
         documento_desde)
    VALUES (:id, :tipo, :numero, 'Ana', 'Pérez', :nacimiento, :estado, 'COTIZANTE',
            '3101234567', 'Calle 12 # 34-56', 1, now())
    """
)


class Flujo:
    """Registration, step by step, as the front end would call it."""

    def __init__(self, http: httpx.AsyncClient, bd: AsyncEngine) -> None:
        self.http = http
        self.bd = bd
        self._siguiente = 1_000_000_100

    async def afiliado(
        self,
        *,
        nacimiento: date = date(1985, 6, 15),
        estado: str = "ACTIVO",
        tipo: str = "CC",
    ) -> Persona:
        self._siguiente += 1
        persona = Persona(tipo, str(self._siguiente), uuid.uuid4(), nacimiento)
        async with self.bd.begin() as conn:
            await conn.execute(
                _AFILIADO,
                {
                    "id": persona.afiliado_id,
                    "tipo": tipo,
                    "numero": persona.numero,
                    "nacimiento": nacimiento,
                    "estado": estado,
                },
            )
        return persona

    async def sesion(self, persona: Persona, http: httpx.AsyncClient | None = None) -> str:
        """Step 1 passed for ``persona``: the ``sesion_registro`` step 2 requires."""
        validada = await (http or self.http).post("/registro/validacion", json=persona.documento)
        assert validada.status_code == 200, validada.text
        sesion: str = validada.json()["sesion_registro"]
        return sesion

    async def preguntas(
        self, persona: Persona, http: httpx.AsyncClient | None = None, sesion: str | None = None
    ) -> httpx.Response:
        """Steps 1 and 2 as the front end calls them: step 1's refusal if it refuses."""
        if sesion is None:
            validada = await (http or self.http).post(
                "/registro/validacion", json=persona.documento
            )
            if validada.status_code != 200:
                return validada
            sesion = str(validada.json()["sesion_registro"])
        return await (http or self.http).post(
            "/registro/preguntas", json={**persona.documento, "sesion_registro": sesion}
        )

    async def correctas(self, conjunto_id: str) -> dict[str, str]:
        async with self.bd.connect() as conn:
            fila = await conn.execute(
                text("SELECT correctas FROM registro_preguntas WHERE conjunto_id = :id"),
                {"id": conjunto_id},
            )
            correctas: dict[str, str] = fila.scalar_one()
        return correctas

    async def respuestas(self, preguntas: dict[str, Any], *, bien: bool) -> dict[str, Any]:
        correctas = await self.correctas(preguntas["conjunto_id"])
        elegidas = {}
        for pregunta in preguntas["preguntas"]:
            correcta = correctas[pregunta["pregunta_id"]]
            otras = [o["opcion_id"] for o in pregunta["opciones"] if o["opcion_id"] != correcta]
            elegidas[pregunta["pregunta_id"]] = correcta if bien else otras[0]
        return {"conjunto_id": preguntas["conjunto_id"], "respuestas": elegidas}

    async def intentar(
        self, persona: Persona, *, bien: bool, http: httpx.AsyncClient | None = None
    ) -> httpx.Response:
        pedidas = await self.preguntas(persona, http)
        assert pedidas.status_code == 200, pedidas.text
        cuerpo = await self.respuestas(pedidas.json(), bien=bien)
        return await (http or self.http).post("/registro/respuestas", json=cuerpo)

    async def tiquete(self, persona: Persona) -> str:
        respuesta = await self.intentar(persona, bien=True)
        assert respuesta.status_code == 200, respuesta.text
        tiquete: str = respuesta.json()["tiquete"]
        return tiquete

    async def crear_cuenta(self, tiquete: str, email: str = "ana@example.com") -> httpx.Response:
        return await self.http.post(
            "/registro/cuenta",
            json={
                "tiquete": tiquete,
                "email": email,
                "email_confirmacion": email,
                "telefono_movil": "3109876543",
                "acepta_terminos": True,
                "terminos_version": "2026-01",
            },
        )

    async def evento(self, stream_id: uuid.UUID | str, nombre: str) -> dict[str, Any]:
        """The last event ``nombre`` recorded on ``stream_id``."""
        async with self.bd.connect() as conn:
            fila = await conn.execute(
                text(
                    """
                    SELECT data FROM events WHERE stream_id = :id AND event_type LIKE :tipo
                    ORDER BY version DESC LIMIT 1
                    """
                ),
                {"id": stream_id, "tipo": f"%.{nombre}.%"},
            )
            data: dict[str, Any] = fila.scalar_one()
        return data

    async def token_del_enlace(self, stream_id: uuid.UUID | str, nombre: str) -> str:
        evento = await self.evento(stream_id, nombre)
        url = descifrar_enlace(evento["enlace"], EnlacesSettings().clave)
        return parse_qs(urlparse(url).query)["token"][0]

    async def registrar(self, persona: Persona, email: str = "ana@example.com") -> str:
        """Creates the account; returns the usuario_id."""
        creada = await self.crear_cuenta(await self.tiquete(persona), email)
        assert creada.status_code == 201, creada.text
        usuario_id: str = creada.json()["usuario_id"]
        return usuario_id

    async def establecer(self, token: str, contrasena: str = CONTRASENA) -> httpx.Response:
        return await self.http.post(
            "/cuentas/contrasena",
            json={"token": token, "contrasena": contrasena, "confirmacion": contrasena},
        )

    async def con_contrasena(self, persona: Persona) -> str:
        usuario_id = await self.registrar(persona)
        token = await self.token_del_enlace(usuario_id, "UsuarioRegistrado")
        respuesta = await self.establecer(token)
        assert respuesta.status_code == 200, respuesta.text
        return usuario_id

    async def ingresar(
        self, persona: Persona, contrasena: str = CONTRASENA, **extra: Any
    ) -> httpx.Response:
        return await self.http.post(
            "/sesiones", json={**persona.documento, "contrasena": contrasena, **extra}
        )


@pytest.fixture
def flujo(http: httpx.AsyncClient, bd: AsyncEngine) -> Flujo:
    return Flujo(http, bd)
