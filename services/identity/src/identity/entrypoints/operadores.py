"""``python -m identity.entrypoints.operadores crear``: creates a back-office operator.

    python -m identity.entrypoints.operadores crear --tipo-documento CC \\
        --numero-documento 1000000009 --email operador@eps.example --nombre "Olga Ruiz"

Prints the new usuario_id and the TOTP provisioning URI (``otpauth://…``: show it as a QR
code to the operator, once; it is the second factor every login of an operator needs). The
activation link (set the password, 24 h) goes by e-mail through ``UsuarioRegistrado``. Uses
``IDENTITY_DATABASE_URL``, ``IDENTITY_PORTAL_URL``, ``IDENTITY_CLAVE_TOTP`` and
``ENLACES_CLAVE`` like the API.
Exit status 0 on success, 1 if an operator with that document exists, 2 on bad arguments.
"""

import argparse
import asyncio
import sys
from collections.abc import Sequence

from pydantic import TypeAdapter, ValidationError

from eps_contracts.types import Email, TipoDocumento, validar_numero_documento
from eps_runtime.db import create_engine
from eps_runtime.enlaces import EnlacesSettings
from identity.adapters.secretos_totp import CifradoTotp
from identity.application.errores import YaRegistrado
from identity.application.operadores import crear_operador
from identity.bootstrap import unidad_sql
from identity.domain.cuentas import ahora_utc
from identity.domain.registro import Documento
from identity.settings import IdentitySettings


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m identity.entrypoints.operadores",
        description="Operadores del back office (con segundo factor TOTP).",
    )
    comandos = parser.add_subparsers(dest="comando", required=True)
    crear = comandos.add_parser("crear", help="crea un operador e imprime su URI TOTP")
    crear.add_argument("--tipo-documento", required=True, choices=[t.value for t in TipoDocumento])
    crear.add_argument("--numero-documento", required=True)
    crear.add_argument("--email", required=True)
    crear.add_argument("--nombre", required=True)
    return parser


async def _crear(args: argparse.Namespace, settings: IdentitySettings) -> int:
    engine = create_engine(settings.database_url)
    try:
        creado = await crear_operador(
            unidad_sql(engine),
            Documento(TipoDocumento(args.tipo_documento), args.numero_documento),
            email=args.email,
            nombre=args.nombre,
            ahora=ahora_utc(),
            portal_url=settings.portal_url,
            clave_enlaces=EnlacesSettings().clave,
            cifrado_totp=CifradoTotp(settings.clave_totp),
        )
    except YaRegistrado:
        print("Ya existe un operador con ese documento.", file=sys.stderr)
        return 1
    finally:
        await engine.dispose()
    print(f"usuario_id: {creado.usuario_id}")
    print(f"totp: {creado.uri_totp}")
    print(f"enlace de activación enviado por correo; vence {creado.enlace_vence_en.isoformat()}")
    return 0


def main(argv: Sequence[str] | None = None, settings: IdentitySettings | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        args.numero_documento = validar_numero_documento(
            TipoDocumento(args.tipo_documento), args.numero_documento.strip()
        )
        args.email = TypeAdapter(Email).validate_python(args.email.strip().lower())
    except (ValueError, ValidationError) as error:
        parser.error(f"datos inválidos: {error}")
    if not args.nombre.strip():
        parser.error("el nombre es obligatorio")
    return asyncio.run(_crear(args, settings or IdentitySettings()))


if __name__ == "__main__":
    sys.exit(main())
