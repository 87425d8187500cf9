"""Signs identity's access tokens (EdDSA / Ed25519 JWT) and publishes the public key (JWKS).

The claims are exactly the ones ``eps_runtime.auth.VerificadorTokens`` checks: ``iss``,
``aud``, ``sub`` (usuario_id), ``iat``, ``exp``, ``jti``, ``rol``, ``permisos`` and, by role,
``afiliado_id`` / ``empleador_id``, and for an affiliate ``representados`` (the minors he may
act for, each with the instant it ends: ``eps_runtime.auth.puede_actuar_por``); the header
names the key (``kid``: its RFC 7638 thumbprint, the same computation as
``eps_runtime.testing.tokens``, so the local stack's JWKS file and this service's
``/.well-known/jwks.json`` agree).
"""

from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from eps_runtime.auth import AuthSettings, Rol, jwk_publica_ed25519
from eps_runtime.testing.tokens import EmisorTokens
from identity.settings import CLAVE_FIRMA_DESARROLLO, IdentitySettings

ALGORITMO = "EdDSA"


class FirmaTokens:
    def __init__(self, clave: Ed25519PrivateKey, *, issuer: str, audience: str) -> None:
        self._clave = clave
        self.issuer = issuer
        self.audience = audience
        self._jwk = jwk_publica_ed25519(self._clave)
        self.kid = self._jwk["kid"]

    def __repr__(self) -> str:
        return f"FirmaTokens(kid={self.kid!r})"

    @classmethod
    def desde_pem(cls, pem: bytes, *, issuer: str, audience: str) -> "FirmaTokens":
        clave = serialization.load_pem_private_key(pem, password=None)
        if not isinstance(clave, Ed25519PrivateKey):
            raise ValueError("la clave de firma debe ser Ed25519")
        return cls(clave, issuer=issuer, audience=audience)

    @classmethod
    def desde_settings(
        cls, settings: IdentitySettings, auth: AuthSettings | None = None
    ) -> "FirmaTokens":
        """The key of ``IDENTITY_CLAVE_FIRMA_FILE`` (must exist), or the development key,
        created if missing (atomically: concurrent processes end up with the same one)."""
        auth = auth or AuthSettings()
        ruta: Path
        if settings.clave_firma_file is not None:
            ruta = settings.clave_firma_file
        else:
            ruta = CLAVE_FIRMA_DESARROLLO
            EmisorTokens.desde_archivo_clave(ruta, crear_si_falta=True)
        return cls.desde_pem(ruta.read_bytes(), issuer=auth.issuer, audience=auth.audience)

    def jwks(self) -> dict[str, Any]:
        return {"keys": [dict(self._jwk)]}

    def firmar_acceso(
        self,
        *,
        usuario_id: UUID,
        rol: Rol,
        ahora: datetime,
        vigencia: timedelta,
        afiliado_id: UUID | None = None,
        empleador_id: UUID | None = None,
        permisos: frozenset[str] = frozenset(),
        representados: Mapping[UUID, datetime] | None = None,
    ) -> str:
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": str(usuario_id),
            "iat": int(ahora.timestamp()),
            "exp": int((ahora + vigencia).timestamp()),
            "jti": str(uuid4()),
            "rol": str(rol),
            "permisos": sorted(permisos),
        }
        if afiliado_id is not None:
            claims["afiliado_id"] = str(afiliado_id)
        if empleador_id is not None:
            claims["empleador_id"] = str(empleador_id)
        if representados is not None:
            claims["representados"] = [
                {"afiliado_id": str(afiliado), "hasta": hasta.astimezone(UTC).isoformat()}
                for afiliado, hasta in sorted(representados.items(), key=lambda r: str(r[0]))
            ]
        return jwt.encode(claims, self._clave, algorithm=ALGORITMO, headers={"kid": self.kid})
