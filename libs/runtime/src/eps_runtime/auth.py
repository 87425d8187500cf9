"""Who is calling: verification of the identity service's bearer tokens, shared by every service.

The identity service signs access tokens (JWT) with an asymmetric key and publishes the public
keys as a JWKS; every other service only verifies. A service wires it once::

    verificador = VerificadorTokens.desde_settings(AuthSettings())
    instalar_autenticacion(app, verificador)

    @router.get("/afiliados/{afiliado_id}")
    async def consultar(
        afiliado_id: UUID, llamante: Annotated[Llamante, Depends(requiere_rol(Rol.AFILIADO))]
    ) -> ...

Guarantees of a ``Llamante`` handed to an endpoint: the token's signature checks against a
published key whose ``kid`` the token names, with an asymmetric algorithm of the allowed list
(never ``none`` nor HS*, so a public key can never be used as an HMAC secret); ``iss`` and
``aud`` are the expected ones; ``exp``, ``iat`` and ``sub`` are present and the token is in
force (give or take ``leeway_seconds``); ``rol`` is a known role; an afiliado always has
``afiliado_id``, an empleador or delegado always has ``empleador_id``; ``representados``, if
present, is well formed (else the whole token is invalid). Headers that would make the
verifier fetch keys from where the token says (``jku``, ``x5u``, ``jwk``) are ignored.
Whether the caller may act for an affiliate: ``puede_actuar_por`` (a cotizante for himself
and his minor beneficiaries, until midnight in Colombia of their 18th birthday) and
``exigir_actuar_por`` (404 ``afiliado-no-encontrado`` otherwise, never a 403).

Failures are problems (RFC 9457): 401 ``sesion-requerida``, ``token-expirado`` or
``token-invalido``, always with ``WWW-Authenticate``; 403 ``sin-permiso``; 503 when the keys
cannot be fetched. The raw token is never logged, stored or part of any message.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol
from uuid import UUID

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from eps_runtime import errores
from eps_runtime.errores import NoAutenticado
from eps_runtime.logging import get_logger

log = get_logger(__name__)

DEFAULT_ISSUER = "https://eps.local/identity"
DEFAULT_LEEWAY_SECONDS = 5
DEFAULT_AUDIENCE = "oficina-virtual"
DEFAULT_ALGORITHMS: tuple[str, ...] = ("EdDSA", "ES256", "RS256")

# Only signature algorithms whose verification key is public. HS* would let anyone holding the
# published key (everyone) sign tokens, and "none" signs nothing.
_ASYMMETRIC_ALGORITHMS = frozenset(
    {"EdDSA", "ES256", "ES256K", "ES384", "ES512", "PS256", "PS384", "PS512"}
    | {"RS256", "RS384", "RS512"}
)
_REQUIRED_CLAIMS = ["exp", "iat", "sub", "iss", "aud"]
# A real access token is well under 2 KB; refusing huge ones keeps garbage from costing a
# base64 and JSON decode of arbitrary size.
_MAX_TOKEN_LENGTH = 8192
# Verified tokens remembered per process (see VerificadorTokens.verificar): a front end sends
# the same token with every request for up to 15 minutes, and an EdDSA check costs ~0.8 ms.
_TOKENS_RECORDADOS = 10_000

MENSAJE_SESION_REQUERIDA = "Inicie sesión para continuar."
MENSAJE_TOKEN_EXPIRADO = "Su sesión expiró; inicie sesión de nuevo."
MENSAJE_TOKEN_INVALIDO = "La sesión no es válida; inicie sesión de nuevo."
MENSAJE_SIN_PERMISO = "No tiene permiso para esta operación."
MENSAJE_AFILIADO_NO_ENCONTRADO = "No existe un afiliado con ese identificador."
MENSAJE_AUTENTICACION_NO_DISPONIBLE = (
    "No fue posible validar la sesión; intente de nuevo en unos minutos."
)


def jwk_publica_ed25519(clave: Ed25519PrivateKey) -> dict[str, str]:
    """The public JWK of an Ed25519 signing key (RFC 8037), with its RFC 7638 thumbprint as
    ``kid``: what identity publishes in its JWKS and what ``VerificadorTokens`` looks up."""
    x = _b64url(
        clave.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    )
    # RFC 7638: the required members only, sorted, no whitespace.
    canonica = json.dumps(
        {"crv": "Ed25519", "kty": "OKP", "x": x}, separators=(",", ":"), sort_keys=True
    )
    kid = _b64url(hashlib.sha256(canonica.encode("ascii")).digest())
    return {"kty": "OKP", "crv": "Ed25519", "x": x, "kid": kid, "alg": "EdDSA", "use": "sig"}


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class Rol(StrEnum):
    """What a user is to the EPS; the ``rol`` claim of every access token."""

    AFILIADO = "afiliado"
    EMPLEADOR = "empleador"
    DELEGADO = "delegado"
    OPERADOR = "operador"
    AUDITOR = "auditor"


@dataclass(frozen=True)
class Llamante:
    """The verified caller of a request. Holds claims only, never the token itself."""

    usuario_id: str
    rol: Rol
    afiliado_id: UUID | None = None
    empleador_id: UUID | None = None
    permisos: frozenset[str] = field(default_factory=frozenset)
    token_id: str | None = None
    representados: Mapping[UUID, datetime] = field(
        default_factory=lambda: MappingProxyType({}), hash=False
    )
    """The minors an affiliate may act for, each until the instant (aware, UTC) he turns 18
    (claim ``representados``, issued by identity; see ``puede_actuar_por``)."""


class SinPermiso(errores.Prohibido):
    """The caller is known but its role may not do this (403)."""

    codigo = "sin-permiso"


class AutenticacionNoDisponible(errores.NoDisponible):
    """The published keys could not be fetched; nothing is wrong with the caller (503)."""

    codigo = "autenticacion-no-disponible"


class AfiliadoNoEncontrado(errores.NoEncontrado):
    """The affiliate does not exist, or the caller may not act for him (the same 404)."""

    codigo = "afiliado-no-encontrado"


def _sesion_requerida() -> NoAutenticado:
    return NoAutenticado(MENSAJE_SESION_REQUERIDA, codigo="sesion-requerida")


def _token_invalido(causa: str) -> NoAutenticado:
    # Why a token was refused helps an operator; the caller only learns that it was.
    log.info("sesion_rechazada", code="token-invalido", causa=causa)
    return NoAutenticado(
        MENSAJE_TOKEN_INVALIDO, codigo="token-invalido", desafio='Bearer error="invalid_token"'
    )


def _token_expirado() -> NoAutenticado:
    log.debug("sesion_rechazada", code="token-expirado")
    return NoAutenticado(
        MENSAJE_TOKEN_EXPIRADO, codigo="token-expirado", desafio='Bearer error="invalid_token"'
    )


class AuthSettings(BaseSettings):
    """Where the identity service's public keys are and what its tokens must say (``AUTH_*``).

    Exactly one of ``AUTH_JWKS_URL`` (the identity service's JWKS endpoint) or
    ``AUTH_JWKS_FILE`` (a JWKS saved on disk, e.g. by the local stack) must be set before
    ``VerificadorTokens.desde_settings``. ``AUTH_ALGORITHMS`` is a JSON list.
    """

    # An empty variable (``AUTH_JWKS_FILE=``) means "not set", not the current directory.
    model_config = SettingsConfigDict(env_prefix="AUTH_", extra="ignore", env_ignore_empty=True)

    jwks_url: str | None = None
    jwks_file: Path | None = None
    issuer: str = DEFAULT_ISSUER
    audience: str = DEFAULT_AUDIENCE
    # Clock skew tolerated on exp/iat. Small on purpose: an expired token must stop working
    # promptly (the portal renews 30 s before expiry, so nobody relies on the leeway).
    leeway_seconds: int = Field(default=DEFAULT_LEEWAY_SECONDS, ge=0, le=60)
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    # How long fetched keys are trusted before they are fetched again, and how long a fetch
    # may take before requests give up with a 503.
    jwks_cache_seconds: float = 300
    jwks_timeout_seconds: float = 5


def _checked_algorithms(algorithms: Collection[str]) -> frozenset[str]:
    refused = set(algorithms) - _ASYMMETRIC_ALGORITHMS
    if refused:
        raise ValueError(
            f"only asymmetric signature algorithms are accepted, not {sorted(refused)}"
        )
    if not algorithms:
        raise ValueError("at least one signature algorithm must be allowed")
    return frozenset(algorithms)


def _signing_key(jwks: jwt.PyJWKSet, kid: str, algorithms: frozenset[str]) -> jwt.PyJWK | None:
    """The key named ``kid`` if it may verify signatures with an allowed algorithm."""
    for key in jwks.keys:
        if (
            key.key_id == kid
            and key.public_key_use in (None, "sig")
            and key.key_type != "oct"
            and key.algorithm_name in algorithms
        ):
            return key
    return None


class _KeySource(Protocol):
    async def find(self, kid: str) -> jwt.PyJWK | None:
        """The signing key named ``kid``, or None; raises AutenticacionNoDisponible."""
        ...


class _StaticKeys:
    """A JWKS known when the service starts (a dict or a file); it never changes."""

    def __init__(self, jwks: Mapping[str, Any], algorithms: frozenset[str]) -> None:
        if not isinstance(jwks, Mapping) or not isinstance(jwks.get("keys"), list):
            raise ValueError('a JWKS is a JSON object with a "keys" list')
        try:
            self._jwks = jwt.PyJWKSet.from_dict(dict(jwks))
        except jwt.PyJWTError as error:
            raise ValueError(f"the JWKS has no usable key: {error}") from error
        self._algorithms = algorithms
        if not any(
            _signing_key(self._jwks, key.key_id, algorithms)
            for key in self._jwks.keys
            if key.key_id
        ):
            raise ValueError("the JWKS has no signing key with a kid and an allowed algorithm")

    async def find(self, kid: str) -> jwt.PyJWK | None:
        return _signing_key(self._jwks, kid, self._algorithms)


class _RemoteKeys:
    """The identity service's JWKS endpoint, through ``jwt.PyJWKClient`` and its key-set cache.

    While the cached set is fresh, a lookup costs no I/O. When it has expired, one fetch runs
    (in a thread: PyJWKClient blocks) and every concurrent request waits for that same fetch,
    so an outage costs one timeout, not one per request. An unknown ``kid`` (a key the identity
    service has just rotated in) forces a refetch at most once per ``refetch_seconds``, so
    tokens with made-up kids cannot turn into a flood of fetches.

    PyJWKClient's per-kid LRU cache (``cache_keys``) is left off on purpose: it never expires,
    so a key withdrawn from the JWKS would stay trusted until the process restarts.
    """

    def __init__(
        self,
        url: str,
        algorithms: frozenset[str],
        *,
        cache_seconds: float,
        timeout_seconds: float,
        refetch_seconds: float = 30,
    ) -> None:
        self._url = url
        self._client = jwt.PyJWKClient(
            url, cache_jwk_set=True, lifespan=cache_seconds, timeout=timeout_seconds
        )
        self._algorithms = algorithms
        self._refetch_seconds = refetch_seconds
        self._last_fetch: float | None = None
        self._fetching: asyncio.Future[jwt.PyJWKSet] | None = None

    async def find(self, kid: str) -> jwt.PyJWK | None:
        cache = self._client.jwk_set_cache
        jwks = cache.get() if cache is not None else None
        if jwks is None:
            jwks = await self._fetch()
        key = _signing_key(jwks, kid, self._algorithms)
        if key is None and self._may_refetch():
            key = _signing_key(await self._fetch(), kid, self._algorithms)
        return key

    def _may_refetch(self) -> bool:
        return self._last_fetch is None or (
            time.monotonic() - self._last_fetch >= self._refetch_seconds
        )

    async def _fetch(self) -> jwt.PyJWKSet:
        if self._fetching is None:
            self._fetching = asyncio.ensure_future(self._fetch_once())
        # shield: a request that is cancelled (its client left) must not cancel the fetch the
        # other requests are waiting for.
        return await asyncio.shield(self._fetching)

    async def _fetch_once(self) -> jwt.PyJWKSet:
        try:
            jwks = await asyncio.to_thread(self._client.get_jwk_set, True)
        except (jwt.PyJWTError, OSError, ValueError) as error:
            # Unreachable, not JSON, or no usable key: the identity service's problem, not the
            # caller's, so a 503 the caller may retry rather than a 401 or a 500.
            log.warning("jwks_no_disponible", url=self._url, error=str(error))
            raise AutenticacionNoDisponible(MENSAJE_AUTENTICACION_NO_DISPONIBLE) from error
        finally:
            self._fetching = None
        self._last_fetch = time.monotonic()
        return jwks


class VerificadorTokens:
    """Turns a bearer token into a ``Llamante`` or a problem; holds only public keys.

    Build it with ``desde_jwks``, ``desde_archivo``, ``desde_url`` or ``desde_settings``.
    ``algorithms`` may only name asymmetric algorithms (ValueError otherwise), so no
    configuration can reopen the HS*/public-key confusion or accept ``alg: none``.
    """

    def __init__(
        self,
        keys: _KeySource,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
        algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    ) -> None:
        self._keys = keys
        self._issuer = issuer
        self._audience = audience
        self._leeway = leeway_seconds
        self._algorithms = _checked_algorithms(algorithms)
        # SHA-256 of the token → (caller, exp): never the token itself.
        self._verificados: OrderedDict[bytes, tuple[Llamante, float]] = OrderedDict()

    @classmethod
    def desde_jwks(
        cls,
        jwks: Mapping[str, Any],
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
        algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    ) -> VerificadorTokens:
        """Verifies with the keys of ``jwks``; ValueError if it has no usable signing key."""
        allowed = _checked_algorithms(algorithms)
        return cls(
            _StaticKeys(jwks, allowed),
            issuer=issuer,
            audience=audience,
            leeway_seconds=leeway_seconds,
            algorithms=allowed,
        )

    @classmethod
    def desde_archivo(
        cls,
        path: Path | str,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
        algorithms: Collection[str] = DEFAULT_ALGORITHMS,
    ) -> VerificadorTokens:
        """Verifies with a JWKS file, read once now; later changes to the file are not seen."""
        jwks = json.loads(Path(path).read_text(encoding="utf-8"))
        return cls.desde_jwks(
            jwks,
            issuer=issuer,
            audience=audience,
            leeway_seconds=leeway_seconds,
            algorithms=algorithms,
        )

    @classmethod
    def desde_url(
        cls,
        url: str,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
        leeway_seconds: int = DEFAULT_LEEWAY_SECONDS,
        algorithms: Collection[str] = DEFAULT_ALGORITHMS,
        cache_seconds: float = 300,
        timeout_seconds: float = 5,
    ) -> VerificadorTokens:
        """Verifies with the JWKS served at ``url`` (http or https), fetched on first use and
        again every ``cache_seconds``. Nothing is fetched here, so a service starts even while
        the identity service is down; its requests get a 503 until the keys can be fetched."""
        allowed = _checked_algorithms(algorithms)
        return cls(
            _RemoteKeys(url, allowed, cache_seconds=cache_seconds, timeout_seconds=timeout_seconds),
            issuer=issuer,
            audience=audience,
            leeway_seconds=leeway_seconds,
            algorithms=allowed,
        )

    @classmethod
    def desde_settings(cls, settings: AuthSettings) -> VerificadorTokens:
        """From ``AUTH_*``; ValueError unless exactly one of the URL or the file is set."""
        if (settings.jwks_url is None) == (settings.jwks_file is None):
            raise ValueError("set exactly one of AUTH_JWKS_URL or AUTH_JWKS_FILE")
        options: dict[str, Any] = {
            "issuer": settings.issuer,
            "audience": settings.audience,
            "leeway_seconds": settings.leeway_seconds,
            "algorithms": settings.algorithms,
        }
        if settings.jwks_url is not None:
            return cls.desde_url(
                settings.jwks_url,
                cache_seconds=settings.jwks_cache_seconds,
                timeout_seconds=settings.jwks_timeout_seconds,
                **options,
            )
        assert settings.jwks_file is not None
        return cls.desde_archivo(settings.jwks_file, **options)

    async def verificar(self, token: str) -> Llamante:
        """The caller the token proves, or NoAutenticado (401) / AutenticacionNoDisponible
        (503). "Expired" is only said of a token whose signature and claims are otherwise
        valid, so a forged token never learns more than "invalid"."""
        if not token:
            raise _sesion_requerida()
        if len(token) > _MAX_TOKEN_LENGTH:
            raise _token_invalido("demasiado-largo")
        # A token already verified gets the same answer until it expires (its claims cannot
        # change: they are signed); an expired one goes through the full check again, which
        # says "expired". A key withdrawn from the JWKS stops new tokens at once and the
        # remembered ones within their lifetime, as with any stateless token.
        huella = hashlib.sha256(token.encode()).digest()
        recordado = self._verificados.get(huella)
        if recordado is not None:
            llamante, exp = recordado
            if time.time() <= exp + self._leeway:
                self._verificados.move_to_end(huella)
                return llamante
            del self._verificados[huella]
        llamante, exp = await self._verificar_firma(token)
        self._verificados[huella] = (llamante, exp)
        if len(self._verificados) > _TOKENS_RECORDADOS:
            self._verificados.popitem(last=False)
        return llamante

    async def _verificar_firma(self, token: str) -> tuple[Llamante, float]:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError:
            raise _token_invalido("malformado") from None
        algorithm = header.get("alg")
        kid = header.get("kid")
        # Checked before looking for a key, so garbage never costs a JWKS fetch.
        if algorithm not in self._algorithms:
            raise _token_invalido("algoritmo-no-permitido")
        if not isinstance(kid, str) or not kid:
            raise _token_invalido("sin-kid")
        key = await self._keys.find(kid)
        if key is None:
            raise _token_invalido("kid-desconocido")
        try:
            claims = jwt.decode(
                token,
                key=key,
                # Only the algorithm the key is for: PyJWT also refuses a header alg that
                # differs from the key's, this keeps the intent in one visible place.
                algorithms=[key.algorithm_name],
                issuer=self._issuer,
                audience=self._audience,
                leeway=self._leeway,
                options={"require": _REQUIRED_CLAIMS},
            )
        except jwt.ExpiredSignatureError:
            raise _token_expirado() from None
        except jwt.PyJWTError as error:
            raise _token_invalido(type(error).__name__) from None
        return _llamante(claims), float(claims["exp"])


def _optional_uuid(claims: Mapping[str, Any], name: str) -> UUID | None:
    value = claims.get(name)
    if value is None:
        return None
    if not isinstance(value, str):
        raise _token_invalido(f"{name}-invalido")
    try:
        return UUID(value)
    except ValueError:
        raise _token_invalido(f"{name}-invalido") from None


def _llamante(claims: Mapping[str, Any]) -> Llamante:
    usuario_id = claims["sub"]
    if not isinstance(usuario_id, str) or not usuario_id.strip():
        raise _token_invalido("sub-invalido")
    rol_claim = claims.get("rol")
    if not isinstance(rol_claim, str):
        raise _token_invalido("rol-desconocido")
    try:
        rol = Rol(rol_claim)
    except ValueError:
        raise _token_invalido("rol-desconocido") from None
    afiliado_id = _optional_uuid(claims, "afiliado_id")
    empleador_id = _optional_uuid(claims, "empleador_id")
    # Services authorise on these ids; a token without the one its role implies is not one
    # the identity service issues.
    if rol is Rol.AFILIADO and afiliado_id is None:
        raise _token_invalido("afiliado-sin-afiliado_id")
    if rol in (Rol.EMPLEADOR, Rol.DELEGADO) and empleador_id is None:
        raise _token_invalido("empleador-sin-empleador_id")
    representados = _representados(claims)
    # Only an affiliate represents anyone (his minor beneficiaries).
    if representados and rol is not Rol.AFILIADO:
        raise _token_invalido("representados-sin-afiliado")
    permisos = claims.get("permisos", [])
    if not isinstance(permisos, list) or not all(isinstance(p, str) for p in permisos):
        raise _token_invalido("permisos-invalidos")
    jti = claims.get("jti")
    return Llamante(
        usuario_id=usuario_id,
        rol=rol,
        afiliado_id=afiliado_id,
        empleador_id=empleador_id,
        permisos=frozenset(permisos),
        token_id=jti if isinstance(jti, str) else None,
        representados=representados,
    )


# A cotizante's family group is small; a longer list is not something identity issues.
_MAX_REPRESENTADOS = 50


def _representados(claims: Mapping[str, Any]) -> Mapping[UUID, datetime]:
    """The ``representados`` claim: absent → none; otherwise a list of objects with exactly
    ``afiliado_id`` (a UUID) and ``hasta`` (an ISO 8601 instant with its offset), each
    affiliate once. Anything else makes the whole token invalid: a claim that grants access
    is never half-read."""
    value = claims.get("representados")
    if value is None:
        return MappingProxyType({})
    if not isinstance(value, list) or len(value) > _MAX_REPRESENTADOS:
        raise _token_invalido("representados-invalidos")
    representados: dict[UUID, datetime] = {}
    for item in value:
        if not isinstance(item, dict) or set(item) != {"afiliado_id", "hasta"}:
            raise _token_invalido("representados-invalidos")
        afiliado, hasta = item["afiliado_id"], item["hasta"]
        if not isinstance(afiliado, str) or not isinstance(hasta, str):
            raise _token_invalido("representados-invalidos")
        try:
            afiliado_id = UUID(afiliado)
            instante = datetime.fromisoformat(hasta)
        except ValueError:
            raise _token_invalido("representados-invalidos") from None
        if instante.tzinfo is None or afiliado_id in representados:
            raise _token_invalido("representados-invalidos")
        representados[afiliado_id] = instante.astimezone(UTC)
    return MappingProxyType(representados)


def puede_actuar_por(llamante: Llamante, afiliado_id: UUID, ahora: datetime) -> bool:
    """Whether the caller may act for (see, manage) the affiliate ``afiliado_id`` at ``ahora``.

    Who may act for whom (DESIGN §7, issue 4): an affiliate acts for himself, and a
    cotizante also for each beneficiary (or adicional) of his group who is a minor TODAY. The
    identity service decides it from its own read model of affiliation events and puts it in
    the access token: ``representados`` lists each such minor with ``hasta``, the instant he
    turns 18 — midnight in Colombia (UTC-5) starting his 18th birthday. So:

    - the caller himself (``llamante.afiliado_id == afiliado_id``): always;
    - a minor in ``representados``: only while ``ahora < hasta``; at 00:00 Bogotá of the
      18th birthday the cotizante loses access, even with a token issued before;
    - anyone else (an adult beneficiary, a spouse, a stranger, a retired or excluded
      beneficiary, any caller without ``afiliado_id``): never.

    Changes of the family group reach the token at its next refresh (15 minutes at most).
    ``ahora`` must be timezone-aware (ValueError otherwise); pass the service's clock.
    Employers and delegates are not affiliates: this answers False for them.
    """
    if ahora.tzinfo is None:
        raise ValueError("ahora must be timezone-aware")
    if llamante.afiliado_id is not None and llamante.afiliado_id == afiliado_id:
        return True
    hasta = llamante.representados.get(afiliado_id)
    return hasta is not None and ahora < hasta


def exigir_actuar_por(llamante: Llamante, afiliado_id: UUID, ahora: datetime) -> None:
    """``puede_actuar_por`` or a 404 ``afiliado-no-encontrado``: someone the caller may not
    act for gets exactly the answer of an affiliate that does not exist, so nobody learns
    which ids belong to other people."""
    if not puede_actuar_por(llamante, afiliado_id, ahora):
        log.info("acceso_afiliado_denegado", usuario_id=llamante.usuario_id, rol=str(llamante.rol))
        raise AfiliadoNoEncontrado(MENSAJE_AFILIADO_NO_ENCONTRADO)
