"""Signing access tokens (EdDSA / Ed25519 JWT) and keeping the signing key: production code.

The identity service signs every access token with a key that never leaves it; this module
is what it (and the local stack's development issuer, ``eps_runtime.testing.tokens``) needs:

- ``FirmanteTokens``: an Ed25519 key, its public JWK (``kid`` = RFC 7638 thumbprint, so the
  same key yields the same ``kid`` in every process), ``jwks()`` and ``firmar(claims)``;
- ``claims_de_acceso(…)``: exactly the claims ``eps_runtime.auth.VerificadorTokens`` checks
  (``iss``, ``aud``, ``sub``, ``iat``, ``exp``, ``jti``, ``rol``, ``permisos`` and, by role,
  ``afiliado_id`` / ``empleador_id`` / ``representados``);
- ``guardar_clave`` / ``cargar_clave(…, crear_si_falta=True)``: the PEM key file (mode 0o600,
  never overwritten, created atomically so concurrent processes end up with the same key);
  ``guardar_jwks`` writes the public JWKS for ``AUTH_JWKS_FILE``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, Self
from uuid import UUID, uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eps_runtime.auth import DEFAULT_AUDIENCE, DEFAULT_ISSUER, Rol, jwk_publica_ed25519

ALGORITHM = "EdDSA"
DEFAULT_KEY_FILE = Path(".cache/dev-auth/clave.pem")


def claims_de_acceso(
    *,
    issuer: str,
    audience: str,
    usuario_id: str,
    rol: Rol | str,
    ahora: datetime,
    vigencia: timedelta,
    afiliado_id: UUID | None = None,
    empleador_id: UUID | None = None,
    permisos: Iterable[str] = (),
    representados: Mapping[UUID, datetime] | None = None,
) -> dict[str, Any]:
    """The claims of an access token valid from ``ahora`` for ``vigencia``.

    ``representados``: the minors an afiliado may act for, each until an aware instant,
    written sorted by id. ValueError for a naive ``ahora`` or ``hasta``.
    """
    if ahora.tzinfo is None:
        raise ValueError("ahora must be timezone-aware")
    claims: dict[str, Any] = {
        "iss": issuer,
        "aud": audience,
        "sub": usuario_id,
        "iat": int(ahora.timestamp()),
        "exp": int((ahora + vigencia).timestamp()),
        "jti": str(uuid4()),
        "rol": str(rol),
        "permisos": sorted(set(permisos)),
    }
    if afiliado_id is not None:
        claims["afiliado_id"] = str(afiliado_id)
    if empleador_id is not None:
        claims["empleador_id"] = str(empleador_id)
    if representados is not None:
        if any(hasta.tzinfo is None for hasta in representados.values()):
            raise ValueError("each representado's hasta must be timezone-aware")
        claims["representados"] = [
            {"afiliado_id": str(afiliado), "hasta": hasta.astimezone(UTC).isoformat()}
            for afiliado, hasta in sorted(representados.items(), key=lambda r: str(r[0]))
        ]
    return claims


class FirmanteTokens:
    """An Ed25519 signing key with its issuer and audience."""

    def __init__(
        self,
        clave: Ed25519PrivateKey | None = None,
        *,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
    ) -> None:
        self._clave = clave if clave is not None else Ed25519PrivateKey.generate()
        self.issuer = issuer
        self.audience = audience
        self._jwk = jwk_publica_ed25519(self._clave)
        self.kid = self._jwk["kid"]

    def __repr__(self) -> str:
        return f"{type(self).__name__}(kid={self.kid!r}, issuer={self.issuer!r})"

    def jwks(self) -> dict[str, Any]:
        """The public JWKS a verifier needs (``{"keys": [<the public key>]}``)."""
        return {"keys": [dict(self._jwk)]}

    def firmar(
        self, claims: Mapping[str, Any], *, encabezados: Mapping[str, Any] | None = None
    ) -> str:
        """Signs exactly ``claims``, with ``kid`` in the header. ``encabezados`` are added to
        the header; one set to None is left out (``{"kid": None}``: a token without kid)."""
        merged = {"kid": self.kid, **(encabezados or {})}
        headers = {name: value for name, value in merged.items() if value is not None}
        return jwt.encode(dict(claims), self._clave, algorithm=ALGORITHM, headers=headers)

    def guardar_jwks(self, path: Path | str) -> None:
        """Writes the public JWKS (for ``AUTH_JWKS_FILE``); replaces the file atomically."""
        guardar_jwks(self.jwks(), path)

    def guardar_clave(self, path: Path | str) -> None:
        """Writes the private key; see ``guardar_clave``."""
        guardar_clave(self._clave, path)

    @classmethod
    def desde_pem(
        cls, pem: bytes, *, issuer: str = DEFAULT_ISSUER, audience: str = DEFAULT_AUDIENCE
    ) -> Self:
        return cls(_clave_de_pem(pem), issuer=issuer, audience=audience)

    @classmethod
    def desde_archivo_clave(
        cls,
        path: Path | str,
        *,
        crear_si_falta: bool = False,
        issuer: str = DEFAULT_ISSUER,
        audience: str = DEFAULT_AUDIENCE,
    ) -> Self:
        """The signer whose key is in ``path``; see ``cargar_clave``."""
        return cls(
            cargar_clave(path, crear_si_falta=crear_si_falta), issuer=issuer, audience=audience
        )


def _clave_de_pem(pem: bytes, origen: str = "la clave de firma") -> Ed25519PrivateKey:
    clave = serialization.load_pem_private_key(pem, password=None)
    if not isinstance(clave, Ed25519PrivateKey):
        raise ValueError(f"{origen} debe ser Ed25519")
    return clave


def guardar_jwks(jwks: Mapping[str, Any], path: Path | str) -> None:
    """Writes a public JWKS; replaces the file atomically (mode 0o644)."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8") as file:
            json.dump(dict(jwks), file, indent=2)
            file.write("\n")
        os.chmod(temporary, 0o644)  # public keys: any local service may read them
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def guardar_clave(clave: Ed25519PrivateKey, path: Path | str) -> None:
    """Writes the private key (PEM, PKCS#8, unencrypted) with mode 0o600.

    Never overwrites: FileExistsError if ``path`` exists, since replacing a key would
    silently invalidate every token signed with it by other processes. The file appears
    complete or not at all (written aside, then hard-linked into place).
    """
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    pem = clave.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    # mkstemp creates the file with mode 0o600 already: the key is never world-readable.
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(pem)
        os.link(temporary, path)  # atomic, and fails if another process won the race
    finally:
        Path(temporary).unlink(missing_ok=True)


def cargar_clave(path: Path | str, *, crear_si_falta: bool = False) -> Ed25519PrivateKey:
    """The key in ``path`` (written by ``guardar_clave``). With ``crear_si_falta``, a missing
    file is created with a new key; when several processes race to create it, all of them
    end up using the one that was written first."""
    path = Path(path)
    if crear_si_falta and not path.exists():
        clave = Ed25519PrivateKey.generate()
        try:
            guardar_clave(clave, path)
            return clave
        except FileExistsError:
            pass
    return _clave_de_pem(path.read_bytes(), f"{path}")
