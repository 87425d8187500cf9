"""A token issuer for tests and the local development stack. NOT FOR PRODUCTION.

In production only the identity service signs access tokens, with a key that never leaves it.
``EmisorTokens`` signs whatever it is asked to, with an Ed25519 key that may sit unencrypted
in a file; it exists so that tests and the local stack can have the tokens the identity
service would issue, and a JWKS their services verify them with, before (and without) it.

Command line, for the local stack::

    python -m eps_runtime.testing.tokens jwks   [--clave .cache/dev-auth/clave.pem]
    python -m eps_runtime.testing.tokens emitir --rol afiliado --afiliado-id <uuid> [--clave …]

Both create the key file if it is missing, so every process that names the same file signs
and verifies with the same key. ``emitir`` prints only the token (``TOKEN=$(…)`` works);
issuer and audience are taken from ``AUTH_ISSUER``/``AUTH_AUDIENCE`` like the services do.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from uuid import UUID, uuid4

from eps_runtime.auth import (
    DEFAULT_LEEWAY_SECONDS,
    AuthSettings,
    Rol,
    VerificadorTokens,
)
from eps_runtime.tokens import ALGORITHM, DEFAULT_KEY_FILE, FirmanteTokens

__all__ = ["ALGORITHM", "DEFAULT_KEY_FILE", "EmisorTokens", "FirmanteTokens", "main"]


class EmisorTokens(FirmanteTokens):
    """Signs access tokens like the identity service's, with its own Ed25519 key.

    NOT FOR PRODUCTION: see the module's docstring. The key, ``kid``, ``jwks``, ``firmar``
    and the key file are ``eps_runtime.tokens.FirmanteTokens`` (production code); this adds
    ``emitir`` (any claims, for any role) and ``verificador``.
    """

    def emitir(
        self,
        *,
        rol: Rol,
        usuario_id: str | None = None,
        afiliado_id: UUID | None = None,
        empleador_id: UUID | None = None,
        permisos: Iterable[str] = (),
        vigencia: timedelta = timedelta(minutes=15),
        ahora: datetime | None = None,
        representados: Mapping[UUID, datetime] | None = None,
        **claims_extra: Any,
    ) -> str:
        """An access token as the identity service would issue it, valid from ``ahora``
        (default: now) for ``vigencia``. ``claims_extra`` are added last and override any
        claim (``aud="otra"`` makes a token for another audience). ``representados``: the
        minors the afiliado may act for, each until an aware instant (his 18th birthday at
        midnight in Colombia), written as the identity service writes the claim.

        ValueError for a token the verifier would refuse for its role: an afiliado without
        ``afiliado_id``, an empleador or delegado without ``empleador_id``.
        """
        if ahora is None:
            ahora = datetime.now(UTC)
        elif ahora.tzinfo is None:
            raise ValueError("ahora must be timezone-aware")
        claims: dict[str, Any] = {
            "iss": self.issuer,
            "aud": self.audience,
            "sub": usuario_id if usuario_id is not None else str(uuid4()),
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
                for afiliado, hasta in representados.items()
            ]
        claims.update(claims_extra)
        final_rol = claims.get("rol")
        if final_rol == Rol.AFILIADO and claims.get("afiliado_id") is None:
            raise ValueError("an afiliado's token needs afiliado_id")
        if final_rol in (Rol.EMPLEADOR, Rol.DELEGADO) and claims.get("empleador_id") is None:
            raise ValueError(f"the token of a {final_rol} needs empleador_id")
        return self.firmar(claims)

    def verificador(self, *, leeway_seconds: int = DEFAULT_LEEWAY_SECONDS) -> VerificadorTokens:
        """A verifier that trusts this issuer's key, issuer and audience (and nothing else)."""
        return VerificadorTokens.desde_jwks(
            self.jwks(),
            issuer=self.issuer,
            audience=self.audience,
            leeway_seconds=leeway_seconds,
        )


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eps_runtime.testing.tokens",
        description="Tokens y JWKS de desarrollo (NO para producción).",
    )
    commands = parser.add_subparsers(dest="comando", required=True)

    def add_key_option(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--clave",
            type=Path,
            default=DEFAULT_KEY_FILE,
            help=f"archivo PEM de la clave, creado si falta (por defecto {DEFAULT_KEY_FILE})",
        )

    emitir = commands.add_parser("emitir", help="imprime un token firmado")
    add_key_option(emitir)
    emitir.add_argument("--rol", required=True, choices=[str(rol) for rol in Rol])
    emitir.add_argument("--usuario-id", help="claim sub (por defecto, uno nuevo)")
    emitir.add_argument("--afiliado-id", type=UUID)
    emitir.add_argument("--empleador-id", type=UUID)
    emitir.add_argument(
        "--permiso", action="append", default=[], help="un permiso; se puede repetir"
    )
    emitir.add_argument("--vigencia-minutos", type=int, default=15)

    jwks = commands.add_parser("jwks", help="imprime el JWKS público (JSON)")
    add_key_option(jwks)
    jwks.add_argument("--guardar", type=Path, help="además, lo escribe en este archivo")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """The command line; prints to stdout and returns the exit status."""
    parser = _parser()
    args = parser.parse_args(argv)
    settings = AuthSettings()
    emisor = EmisorTokens.desde_archivo_clave(
        args.clave, crear_si_falta=True, issuer=settings.issuer, audience=settings.audience
    )
    if args.comando == "jwks":
        if args.guardar is not None:
            emisor.guardar_jwks(args.guardar)
        print(json.dumps(emisor.jwks(), indent=2))
        return 0
    try:
        token = emisor.emitir(
            rol=Rol(args.rol),
            usuario_id=args.usuario_id,
            afiliado_id=args.afiliado_id,
            empleador_id=args.empleador_id,
            permisos=args.permiso,
            vigencia=timedelta(minutes=args.vigencia_minutos),
        )
    except ValueError as error:
        parser.error(str(error))
    print(token)
    return 0


if __name__ == "__main__":
    sys.exit(main())
