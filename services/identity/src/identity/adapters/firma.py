"""Signs identity's access tokens (EdDSA / Ed25519 JWT) and publishes the public key (JWKS).

The claims are exactly the ones ``eps_runtime.auth.VerificadorTokens`` checks
(``eps_runtime.tokens.claims_de_acceso``): ``iss``, ``aud``, ``sub`` (usuario_id), ``iat``,
``exp``, ``jti``, ``rol``, ``permisos`` and, by role, ``afiliado_id`` / ``empleador_id``,
and for an affiliate ``representados`` (the minors he may act for, each with the instant it
ends: ``eps_runtime.auth.puede_actuar_por``); the header names the key (``kid``: its RFC 7638
thumbprint, the same computation for the local stack's JWKS file and this service's
``/.well-known/jwks.json``). Which key file is used is decided in ``bootstrap``.
"""

from collections.abc import Mapping
from datetime import datetime, timedelta
from uuid import UUID

from eps_runtime.auth import Rol
from eps_runtime.tokens import FirmanteTokens, claims_de_acceso


class FirmaTokens(FirmanteTokens):
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
        return self.firmar(
            claims_de_acceso(
                issuer=self.issuer,
                audience=self.audience,
                usuario_id=str(usuario_id),
                rol=rol,
                ahora=ahora,
                vigencia=vigencia,
                afiliado_id=afiliado_id,
                empleador_id=empleador_id,
                permisos=permisos,
                representados=representados,
            )
        )
