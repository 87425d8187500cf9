"""Registration to login through the real stack: affiliation registers an affiliate, identity
walks them through Válida → Registra → account → password → login, and affiliation accepts
the access token identity signed (the same key every local service trusts).

The security answers are read from identity's database (as the person would know them); the
password link from the "Registro usuario" e-mail in the local SMTP sink.
"""

from __future__ import annotations

import asyncio
import re
import uuid
from email import policy
from email.message import EmailMessage
from email.parser import BytesParser
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text

from eps_runtime.db import create_engine
from eps_runtime.testing.wait import eventually

from .conftest import RunningStack

pytestmark = pytest.mark.e2e

CAPTCHA = {"X-Captcha": "no-soy-un-robot"}


async def _enlace_en_correo(stack: RunningStack, destinatario: str, ruta: str) -> str | None:
    return await asyncio.to_thread(_leer_enlace, stack, destinatario, ruta)


def _leer_enlace(stack: RunningStack, destinatario: str, ruta: str) -> str | None:
    """The token of the first ``{PORTAL_URL}{ruta}?token=…`` link e-mailed to
    ``destinatario`` through the stack's SMTP sink."""
    patron = re.compile(re.escape(ruta) + r"\?token=([A-Za-z0-9_-]+)")
    for archivo in sorted(Path(stack.env["NOTIFICATIONS_SINK_DIR"]).glob("*.eml")):
        mensaje = BytesParser(policy=policy.default).parsebytes(archivo.read_bytes())
        if destinatario not in str(mensaje["To"]):
            continue
        assert isinstance(mensaje, EmailMessage)
        cuerpo = mensaje.get_body(preferencelist=("plain", "html"))
        hallado = patron.search(cuerpo.get_content()) if cuerpo is not None else None
        if hallado is not None:
            return hallado.group(1)
    return None


CONTRASENA = "una frase larga de prueba"


async def test_afiliado_se_registra_ingresa_cambia_y_restablece_la_contrasena(
    running_stack: RunningStack,
) -> None:
    numero = str(uuid.uuid4().int)[:10]
    documento = {"tipo_documento": "CC", "numero_documento": numero}
    identidad = running_stack.identity_url
    engine = create_engine(running_stack.env["IDENTITY_DATABASE_URL"])
    try:
        async with httpx.AsyncClient(timeout=10) as client:
            creado = await client.post(
                f"{running_stack.affiliation_url}/afiliados",
                headers=running_stack.operador(),
                json={
                    **documento,
                    "primer_nombre": "Rosa",
                    "primer_apellido": "Quintero",
                    "fecha_nacimiento": "1988-10-10",
                    "sexo": "F",
                    "tipo_afiliado": "COTIZANTE",
                    "regimen": "CONTRIBUTIVO",
                },
            )
            assert creado.status_code == 201, creado.text
            validada = await eventually(
                lambda: client.post(
                    f"{identidad}/registro/validacion", json=documento, headers=CAPTCHA
                ),
                until=lambda r: r.status_code == 200,
                timeout=30,
            )

            # Every later step needs its own CAPTCHA proof; step 2 the session of step 1.
            preguntas = (
                await client.post(
                    f"{identidad}/registro/preguntas",
                    json={**documento, "sesion_registro": validada.json()["sesion_registro"]},
                    headers=CAPTCHA,
                )
            ).json()
            async with engine.connect() as conn:
                correctas = (
                    await conn.execute(
                        text("SELECT correctas FROM registro_preguntas WHERE conjunto_id = :id"),
                        {"id": preguntas["conjunto_id"]},
                    )
                ).scalar_one()
            respuestas = await client.post(
                f"{identidad}/registro/respuestas",
                json={"conjunto_id": preguntas["conjunto_id"], "respuestas": correctas},
                headers=CAPTCHA,
            )
            assert respuestas.status_code == 200, respuestas.text

            cuenta = await client.post(
                f"{identidad}/registro/cuenta",
                json={
                    "tiquete": respuestas.json()["tiquete"],
                    "email": "rosa@example.com",
                    "email_confirmacion": "rosa@example.com",
                    "telefono_movil": "3001234567",
                    "acepta_terminos": True,
                    "terminos_version": "2026-01",
                },
                headers=CAPTCHA,
            )
            assert cuenta.status_code == 201, cuenta.text
            # The "Registro usuario" e-mail reaches the local SMTP sink with the link.
            token = await eventually(
                lambda: _enlace_en_correo(running_stack, "rosa@example.com", "/activar"),
                until=lambda t: t is not None,
                timeout=60,
            )

            establecida = await client.post(
                f"{identidad}/cuentas/contrasena",
                json={"token": token, "contrasena": CONTRASENA, "confirmacion": CONTRASENA},
            )
            assert establecida.status_code == 200, establecida.text

            sesion = await client.post(
                f"{identidad}/sesiones", json={**documento, "contrasena": CONTRASENA}
            )
            assert sesion.status_code == 200, sesion.text
            acceso = sesion.json()["access_token"]

            mia = await client.get(
                f"{running_stack.affiliation_url}/mi/afiliacion",
                headers={"Authorization": f"Bearer {acceso}"},
            )
            assert mia.status_code == 200, mia.text

            # Manual 4.1.4: change it; then forget it and reset it from the e-mailed link.
            nueva = "otra frase larga de prueba"
            cambio = await client.put(
                f"{identidad}/cuentas/contrasena",
                headers={"Authorization": f"Bearer {acceso}"},
                json={
                    "contrasena_actual": CONTRASENA,
                    "contrasena_nueva": nueva,
                    "confirmacion": nueva,
                },
            )
            assert cambio.status_code == 200, cambio.text
            olvido = await client.post(
                f"{identidad}/cuentas/restablecimiento", json=documento, headers=CAPTCHA
            )
            assert olvido.status_code == 202
            reinicio = await eventually(
                lambda: _enlace_en_correo(running_stack, "rosa@example.com", "/restablecer"),
                until=lambda t: t is not None,
                timeout=60,
            )
            tercera = "la tercera frase de prueba"
            restablecida = await client.post(
                f"{identidad}/cuentas/contrasena",
                json={"token": reinicio, "contrasena": tercera, "confirmacion": tercera},
            )
            assert restablecida.status_code == 200, restablecida.text
            final = await client.post(
                f"{identidad}/sesiones", json={**documento, "contrasena": tercera}
            )
            assert final.status_code == 200, final.text
    finally:
        await engine.dispose()
