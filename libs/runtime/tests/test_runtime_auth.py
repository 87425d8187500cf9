"""Bearer tokens: what a service lets through, what it refuses, and what the caller is told."""

from __future__ import annotations

import base64
import hashlib
import hmac
import io
import json
import socket
import stat
import threading
from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import httpx
import pytest
import structlog
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from fastapi import Depends, FastAPI

from eps_runtime import auth, http_auth
from eps_runtime.auth import AuthSettings, Llamante, Rol, VerificadorTokens
from eps_runtime.http import install_problem_handlers
from eps_runtime.http_auth import LlamanteDep, instalar_autenticacion, requiere_rol
from eps_runtime.logging import configure_logging, get_logger
from eps_runtime.testing.tokens import EmisorTokens, main

AFILIADO = UUID("0b6f3c3e-6f7a-4f55-9d55-8c1a2f0e9b11")


def _app(verificador: VerificadorTokens) -> FastAPI:
    application = FastAPI()
    install_problem_handlers(application)
    instalar_autenticacion(application, verificador)

    @application.get("/operaciones")
    async def operaciones(
        llamante: Llamante = Depends(requiere_rol(Rol.OPERADOR)),  # noqa: B008
    ) -> dict[str, str]:
        return {"usuario_id": llamante.usuario_id}

    @application.get("/yo")
    async def yo(llamante: LlamanteDep) -> dict[str, Any]:
        return {
            "usuario_id": llamante.usuario_id,
            "rol": llamante.rol,
            "afiliado_id": str(llamante.afiliado_id) if llamante.afiliado_id else None,
            "permisos": sorted(llamante.permisos),
            "token_id": llamante.token_id,
        }

    return application


def _cliente(verificador: VerificadorTokens) -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=_app(verificador), raise_app_exceptions=False)
    return httpx.AsyncClient(transport=transport, base_url="http://prueba")


def _bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def _segmento(data: dict[str, Any]) -> str:
    return _b64url(json.dumps(data).encode())


def _claims(emisor: EmisorTokens, **extra: Any) -> dict[str, Any]:
    ahora = int(datetime.now(UTC).timestamp())
    return {
        "iss": emisor.issuer,
        "aud": emisor.audience,
        "sub": "usuario-1",
        "iat": ahora,
        "exp": ahora + 600,
        "rol": "operador",
        **extra,
    }


def _assert_401(response: httpx.Response, code: str) -> None:
    assert response.status_code == 401
    assert response.headers["content-type"] == "application/problem+json"
    assert response.headers["www-authenticate"].startswith("Bearer")
    assert response.json()["code"] == code


@pytest.fixture
def emisor() -> EmisorTokens:
    return EmisorTokens()


@pytest.fixture
async def cliente(emisor: EmisorTokens) -> AsyncIterator[httpx.AsyncClient]:
    async with _cliente(emisor.verificador()) as client:
        yield client


def _puerto_cerrado() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
    return port  # closed again: connecting to it is refused at once


@pytest.fixture
def servidor_jwks(emisor: EmisorTokens) -> Iterator[tuple[str, list[str]]]:
    """A local JWKS endpoint serving ``emisor``'s keys; yields its URL and the paths asked."""
    pedidos: list[str] = []
    cuerpo = json.dumps(emisor.jwks()).encode()

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            pedidos.append(self.path)
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(cuerpo)))
            self.end_headers()
            self.wfile.write(cuerpo)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/jwks", pedidos
    finally:
        server.shutdown()
        server.server_close()


async def test_sin_token_responde_401_sesion_requerida_en_problem_json(
    cliente: httpx.AsyncClient,
) -> None:
    for headers in ({}, {"Authorization": "Basic dXN1YXJpbzpjbGF2ZQ=="}, {"Authorization": ""}):
        response = await cliente.get("/operaciones", headers=headers)
        _assert_401(response, "sesion-requerida")
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"] == "Inicie sesión para continuar."


async def test_token_valido_entrega_el_llamante_con_su_afiliado(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(
        rol=Rol.AFILIADO, usuario_id="u-42", afiliado_id=AFILIADO, permisos=["ver", "ver"]
    )
    response = await cliente.get("/yo", headers=_bearer(token))
    assert response.status_code == 200
    body = response.json()
    assert body["usuario_id"] == "u-42"
    assert body["rol"] == "afiliado"
    assert body["afiliado_id"] == str(AFILIADO)
    assert body["permisos"] == ["ver"]
    assert body["token_id"]


async def test_verificar_entrega_un_llamante_con_tipos_de_dominio(emisor: EmisorTokens) -> None:
    empleador = uuid4()
    token = emisor.emitir(
        rol=Rol.DELEGADO, usuario_id="d-1", empleador_id=empleador, permisos=["pagos"]
    )
    llamante = await emisor.verificador().verificar(token)
    assert llamante.rol is Rol.DELEGADO
    assert llamante.empleador_id == empleador
    assert llamante.afiliado_id is None
    assert llamante.permisos == frozenset({"pagos"})
    assert token not in repr(llamante)


async def test_token_expirado_responde_401_token_expirado(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(
        rol=Rol.OPERADOR,
        ahora=datetime.now(UTC) - timedelta(hours=1),
        vigencia=timedelta(minutes=15),
    )
    response = await cliente.get("/operaciones", headers=_bearer(token))
    _assert_401(response, "token-expirado")
    assert response.json()["detail"] == "Su sesión expiró; inicie sesión de nuevo."


async def test_token_dentro_del_margen_de_reloj_se_acepta(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    # Expired 2 s ago: within the 5 s the issuer's and this service's clocks may differ.
    token = emisor.emitir(
        rol=Rol.OPERADOR,
        ahora=datetime.now(UTC) - timedelta(minutes=15, seconds=2),
        vigencia=timedelta(minutes=15),
    )
    assert (await cliente.get("/operaciones", headers=_bearer(token))).status_code == 200


async def test_token_vencido_hace_10_segundos_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(
        rol=Rol.OPERADOR,
        ahora=datetime.now(UTC) - timedelta(minutes=15, seconds=10),
        vigencia=timedelta(minutes=15),
    )
    _assert_401(await cliente.get("/operaciones", headers=_bearer(token)), "token-expirado")


async def test_token_firmado_por_otra_clave_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    otro = EmisorTokens()
    # Another key under its own kid (unknown here), and under the kid of the trusted key.
    for token in (
        otro.emitir(rol=Rol.OPERADOR),
        otro.firmar(_claims(emisor), encabezados={"kid": emisor.kid}),
    ):
        response = await cliente.get("/operaciones", headers=_bearer(token))
        _assert_401(response, "token-invalido")
        assert response.json()["detail"] == "La sesión no es válida; inicie sesión de nuevo."


async def test_token_con_alg_none_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    header = {"alg": "none", "typ": "JWT", "kid": emisor.kid}
    token = f"{_segmento(header)}.{_segmento(_claims(emisor))}."
    _assert_401(await cliente.get("/operaciones", headers=_bearer(token)), "token-invalido")


async def test_token_hs256_firmado_con_la_clave_publica_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    # Key confusion: everyone has the public key; were it accepted as an HMAC secret, anyone
    # could sign tokens. Tried with the key as PEM, as raw bytes and as the JWK's "x".
    x = emisor.jwks()["keys"][0]["x"]
    publica = Ed25519PublicKey.from_public_bytes(base64.urlsafe_b64decode(x + "=" * (-len(x) % 4)))
    secretos = [
        publica.public_bytes(
            serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
        ),
        publica.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw),
        x.encode(),
    ]
    for secreto in secretos:
        signing_input = (
            f"{_segmento({'alg': 'HS256', 'typ': 'JWT', 'kid': emisor.kid})}."
            f"{_segmento(_claims(emisor))}"
        )
        firma = hmac.new(secreto, signing_input.encode(), hashlib.sha256).digest()
        token = f"{signing_input}.{_b64url(firma)}"
        _assert_401(await cliente.get("/operaciones", headers=_bearer(token)), "token-invalido")


async def test_token_de_otra_audiencia_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(rol=Rol.OPERADOR, aud="otra-aplicacion")
    _assert_401(await cliente.get("/operaciones", headers=_bearer(token)), "token-invalido")


@pytest.mark.parametrize(
    "cambio",
    [
        {"iss": "https://otro-emisor"},
        {"rol": "superusuario"},
        {"rol": None},
        {"sub": ""},
        {"afiliado_id": "no-es-uuid", "rol": "afiliado"},
        {"rol": "afiliado"},  # an afiliado without afiliado_id
        {"rol": "empleador"},  # an empleador without empleador_id
        {"permisos": "todos"},
        {"iat": int(datetime.now(UTC).timestamp()) + 3600},  # issued in the future
    ],
)
async def test_claims_ausentes_o_incoherentes_se_rechazan(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, cambio: dict[str, Any]
) -> None:
    token = emisor.firmar(_claims(emisor, **cambio))
    _assert_401(await cliente.get("/yo", headers=_bearer(token)), "token-invalido")


@pytest.mark.parametrize("falta", ["exp", "iat", "sub", "iss", "aud"])
async def test_claims_obligatorios_faltantes_se_rechazan(
    cliente: httpx.AsyncClient, emisor: EmisorTokens, falta: str
) -> None:
    claims = _claims(emisor)
    del claims[falta]
    _assert_401(await cliente.get("/yo", headers=_bearer(emisor.firmar(claims))), "token-invalido")


async def test_token_sin_kid_o_malformado_se_rechaza(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    sin_kid = emisor.firmar(_claims(emisor), encabezados={"kid": None})
    for token in (sin_kid, "no-es-un-jwt", "a.b.c", "x" * 10_000):
        _assert_401(await cliente.get("/yo", headers=_bearer(token)), "token-invalido")


async def test_rol_sin_permiso_responde_403(
    cliente: httpx.AsyncClient, emisor: EmisorTokens
) -> None:
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=AFILIADO)
    response = await cliente.get("/operaciones", headers=_bearer(token))
    assert response.status_code == 403
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["code"] == "sin-permiso"
    assert response.json()["detail"] == "No tiene permiso para esta operación."


async def test_jwks_desde_url_caido_responde_503_no_500(emisor: EmisorTokens) -> None:
    verificador = VerificadorTokens.desde_url(f"http://127.0.0.1:{_puerto_cerrado()}/jwks")
    async with _cliente(verificador) as client:
        response = await client.get(
            "/operaciones", headers=_bearer(emisor.emitir(rol=Rol.OPERADOR))
        )
    assert response.status_code == 503
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json()["detail"] == (
        "No fue posible validar la sesión; intente de nuevo en unos minutos."
    )


async def test_jwks_desde_url_se_descarga_una_vez_y_un_kid_inventado_no_lo_vuelve_a_pedir(
    emisor: EmisorTokens, servidor_jwks: tuple[str, list[str]]
) -> None:
    url, pedidos = servidor_jwks
    verificador = VerificadorTokens.desde_url(url)
    async with _cliente(verificador) as client:
        for _ in range(3):
            token = emisor.emitir(rol=Rol.OPERADOR)
            assert (await client.get("/operaciones", headers=_bearer(token))).status_code == 200
        for _ in range(3):
            token = EmisorTokens().emitir(rol=Rol.OPERADOR)  # a kid the JWKS does not have
            response = await client.get("/operaciones", headers=_bearer(token))
            _assert_401(response, "token-invalido")
    assert pedidos == ["/jwks"]


async def test_el_token_no_aparece_en_los_logs(
    emisor: EmisorTokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = io.StringIO()
    configure_logging("prueba", level="DEBUG", stream=output)
    # A fresh logger proxy: the module's may have been bound under an earlier configuration.
    monkeypatch.setattr(auth, "log", get_logger("eps_runtime.auth"))
    monkeypatch.setattr(http_auth, "log", get_logger("eps_runtime.http_auth"))
    try:
        validos = [emisor.emitir(rol=Rol.AFILIADO, afiliado_id=AFILIADO)]
        rechazados = [
            emisor.emitir(rol=Rol.OPERADOR, ahora=datetime.now(UTC) - timedelta(hours=1)),
            emisor.emitir(rol=Rol.OPERADOR, aud="otra"),
            EmisorTokens().firmar(_claims(emisor), encabezados={"kid": emisor.kid}),
        ]
        async with _cliente(emisor.verificador()) as client:
            for token in [*validos, *rechazados]:
                await client.get("/operaciones", headers=_bearer(token))
        caido = VerificadorTokens.desde_url(f"http://127.0.0.1:{_puerto_cerrado()}/jwks")
        async with _cliente(caido) as client:
            await client.get("/operaciones", headers=_bearer(validos[0]))
    finally:
        structlog.reset_defaults()  # the other tests keep logging to the console
    logs = output.getvalue()
    assert "sesion_rechazada" in logs
    assert "acceso_denegado" in logs
    assert "jwks_no_disponible" in logs
    for token in [*validos, *rechazados]:
        assert token not in logs
        assert token.split(".")[2] not in logs  # nor its signature alone


async def test_el_cli_emite_un_token_que_el_verificador_acepta(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("AUTH_ISSUER", raising=False)
    monkeypatch.delenv("AUTH_AUDIENCE", raising=False)
    clave = tmp_path / "dev-auth" / "clave.pem"
    afiliado = str(uuid4())

    assert (
        main(["emitir", "--rol", "afiliado", "--afiliado-id", afiliado, "--clave", str(clave)]) == 0
    )
    token = capsys.readouterr().out.strip()
    assert stat.S_IMODE(clave.stat().st_mode) == 0o600
    assert main(["jwks", "--clave", str(clave), "--guardar", str(tmp_path / "jwks.json")]) == 0
    jwks = json.loads(capsys.readouterr().out)

    for verificador in (
        VerificadorTokens.desde_jwks(jwks),
        VerificadorTokens.desde_settings(AuthSettings(jwks_file=tmp_path / "jwks.json")),
    ):
        llamante = await verificador.verificar(token)
        assert llamante.rol is Rol.AFILIADO
        assert llamante.afiliado_id == UUID(afiliado)


def test_la_configuracion_no_admite_algoritmos_simetricos_ni_fuentes_ambiguas(
    emisor: EmisorTokens, tmp_path: Path
) -> None:
    for algoritmos in (["HS256"], ["EdDSA", "none"], []):
        with pytest.raises(ValueError):
            VerificadorTokens.desde_jwks(emisor.jwks(), algorithms=algoritmos)
    with pytest.raises(ValueError):
        VerificadorTokens.desde_settings(AuthSettings())
    with pytest.raises(ValueError):
        VerificadorTokens.desde_settings(
            AuthSettings(jwks_url="http://127.0.0.1/jwks", jwks_file=tmp_path / "jwks.json")
        )
    with pytest.raises(ValueError):
        VerificadorTokens.desde_jwks({"keys": []})


def test_el_emisor_no_construye_tokens_incoherentes_con_su_rol(emisor: EmisorTokens) -> None:
    with pytest.raises(ValueError):
        emisor.emitir(rol=Rol.AFILIADO)
    with pytest.raises(ValueError):
        emisor.emitir(rol=Rol.EMPLEADOR)
    with pytest.raises(ValueError):
        emisor.emitir(rol=Rol.OPERADOR, ahora=datetime(2025, 1, 1))


def test_la_clave_guardada_se_reutiliza_y_no_se_sobrescribe(tmp_path: Path) -> None:
    path = tmp_path / "clave.pem"
    primero = EmisorTokens.desde_archivo_clave(path, crear_si_falta=True)
    segundo = EmisorTokens.desde_archivo_clave(path, crear_si_falta=True)
    assert primero.kid == segundo.kid
    with pytest.raises(FileExistsError):
        EmisorTokens().guardar_clave(path)
    assert EmisorTokens.desde_archivo_clave(path).kid == primero.kid
    assert [p.name for p in tmp_path.iterdir()] == ["clave.pem"]  # no temporary left behind


async def test_token_ya_verificado_no_se_vuelve_a_comprobar_hasta_que_vence(
    emisor: EmisorTokens, monkeypatch: pytest.MonkeyPatch
) -> None:
    verificador = emisor.verificador(leeway_seconds=0)
    comprobaciones = 0
    original = verificador._verificar_firma

    async def contar(token: str) -> Any:
        nonlocal comprobaciones
        comprobaciones += 1
        return await original(token)

    monkeypatch.setattr(verificador, "_verificar_firma", contar)
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=uuid4())
    primero = await verificador.verificar(token)
    segundo = await verificador.verificar(token)
    assert primero == segundo
    assert comprobaciones == 1

    # Past its expiry the remembered answer is not used: the full check runs again.
    ahora = auth.time.time()
    monkeypatch.setattr(auth.time, "time", lambda: ahora + 3600)
    await verificador.verificar(token)
    assert comprobaciones == 2


async def test_token_alterado_no_aprovecha_el_recuerdo_del_original(emisor: EmisorTokens) -> None:
    verificador = emisor.verificador()
    token = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=uuid4())
    await verificador.verificar(token)
    cabecera, cuerpo, firma = token.split(".")
    alterado = ".".join([cabecera, cuerpo, firma[:-2] + ("AA" if firma[-2:] != "AA" else "BB")])
    with pytest.raises(auth.NoAutenticado):
        await verificador.verificar(alterado)


async def test_una_ruta_que_pide_el_rol_y_el_llamante_verifica_el_token_una_sola_vez(
    emisor: EmisorTokens,
) -> None:
    verificador = emisor.verificador()
    llamadas = 0
    original = verificador.verificar

    async def contar(token: str) -> Llamante:
        nonlocal llamadas
        llamadas += 1
        return await original(token)

    verificador.verificar = contar  # type: ignore[method-assign]
    application = _app(verificador)

    @application.get("/ambos")
    async def ambos(
        llamante: LlamanteDep,
        operador: Llamante = Depends(requiere_rol(Rol.OPERADOR)),  # noqa: B008
    ) -> dict[str, bool]:
        return {"mismo": llamante == operador}

    transport = httpx.ASGITransport(app=application, raise_app_exceptions=False)
    async with httpx.AsyncClient(transport=transport, base_url="http://prueba") as cliente:
        token = emisor.emitir(rol=Rol.OPERADOR)
        respuesta = await cliente.get("/ambos", headers=_bearer(token))
        assert respuesta.status_code == 200
        assert respuesta.json() == {"mismo": True}
        assert llamadas == 1
        # Another request is another caller: verified again (answered from the cache).
        afiliado = emisor.emitir(rol=Rol.AFILIADO, afiliado_id=AFILIADO)
        assert (await cliente.get("/ambos", headers=_bearer(afiliado))).status_code == 403
        assert llamadas == 2
