"""TOTP secrets are stored encrypted (Fernet, ``IDENTITY_CLAVE_TOTP``): the column never holds
the base32 secret, codes still verify, and migration 0007 encrypts secrets stored in clear
before it. Real PostgreSQL."""

import asyncio
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pyotp
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from identity.adapters.secretos_totp import CifradoTotp, SecretoTotpIlegible
from identity.entrypoints.operadores import main
from identity.settings import IdentitySettings

from .conftest import CONTRASENA, Flujo, Persona, RelojDePrueba

pytestmark = pytest.mark.integration

SERVICIO = Path(__file__).resolve().parents[2]
OTRA_CLAVE = "Zm9vYmFyYmF6cXV4Zm9vYmFyYmF6cXV4Zm9vYmFyYmE="


async def secretos(bd: AsyncEngine, usuario_id: str) -> tuple[str | None, str | None]:
    async with bd.connect() as conn:
        fila = (
            await conn.execute(
                text("SELECT totp_secreto, totp_pendiente FROM usuarios WHERE usuario_id = :id"),
                {"id": usuario_id},
            )
        ).one()
    return fila.totp_secreto, fila.totp_pendiente


async def test_secreto_totp_del_afiliado_se_guarda_cifrado_y_el_codigo_sigue_valiendo(
    flujo: Flujo, bd: AsyncEngine, reloj: RelojDePrueba, identity_settings: IdentitySettings
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    cabeceras = {"Authorization": f"Bearer {(await flujo.ingresar(ana)).json()['access_token']}"}
    iniciado = await flujo.http.post("/cuentas/totp", headers=cabeceras)
    secreto = parse_qs(urlparse(iniciado.json()["uri"]).query)["secret"][0]

    _, pendiente = await secretos(bd, usuario_id)
    assert pendiente is not None and secreto not in pendiente
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    confirmado = await flujo.http.post(
        "/cuentas/totp/confirmacion", headers=cabeceras, json={"codigo": codigo}
    )
    assert confirmado.status_code == 200, confirmado.text

    guardado, pendiente = await secretos(bd, usuario_id)
    assert pendiente is None and guardado is not None and secreto not in guardado
    assert CifradoTotp(identity_settings.clave_totp).descifrar(guardado) == secreto
    reloj.avanzar(seconds=30)
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    assert (await flujo.ingresar(ana, CONTRASENA, codigo_totp=codigo)).status_code == 200


async def test_secreto_totp_del_operador_creado_por_consola_se_guarda_cifrado(
    flujo: Flujo,
    bd: AsyncEngine,
    identity_settings: IdentitySettings,
    reloj: RelojDePrueba,
    capsys: pytest.CaptureFixture[str],
) -> None:
    argumentos = [
        "crear",
        "--tipo-documento",
        "CC",
        "--numero-documento",
        "1000000888",
        "--email",
        "pedro@eps.example",
        "--nombre",
        "Pedro Gil",
    ]
    assert await asyncio.to_thread(main, argumentos, identity_settings) == 0
    salida = capsys.readouterr().out
    usuario_id = salida.split("usuario_id: ")[1].split()[0]
    secreto = parse_qs(urlparse(salida.split("totp: ")[1].split()[0]).query)["secret"][0]

    guardado, _ = await secretos(bd, usuario_id)
    assert guardado is not None and secreto not in guardado
    token = await flujo.token_del_enlace(usuario_id, "UsuarioRegistrado")
    assert (await flujo.establecer(token)).status_code == 200
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    pedro = Persona("CC", "1000000888")
    assert (await flujo.ingresar(pedro, CONTRASENA, codigo_totp=codigo)).status_code == 200


async def test_migracion_0007_cifra_los_secretos_totp_guardados_en_claro(
    flujo: Flujo, bd: AsyncEngine, identity_settings: IdentitySettings, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    secreto = pyotp.random_base32()
    configuracion = alembic_config_de(identity_settings)
    await asyncio.to_thread(command.downgrade, configuracion, "0006")
    async with bd.begin() as conn:  # as a database before 0007 held it
        await conn.execute(
            text("UPDATE usuarios SET totp_secreto = :s WHERE usuario_id = :id"),
            {"s": secreto, "id": usuario_id},
        )

    await asyncio.to_thread(command.upgrade, configuracion, "head")
    await asyncio.to_thread(command.upgrade, configuracion, "head")  # idempotent

    guardado, _ = await secretos(bd, usuario_id)
    assert guardado is not None and guardado != secreto
    assert CifradoTotp(identity_settings.clave_totp).descifrar(guardado) == secreto
    codigo = pyotp.TOTP(secreto).at(reloj.ahora)
    assert (await flujo.ingresar(ana, CONTRASENA, codigo_totp=codigo)).status_code == 200


def alembic_config_de(settings: IdentitySettings) -> Config:
    configuracion = Config(str(SERVICIO / "alembic.ini"))
    configuracion.attributes["database_url"] = settings.database_url
    configuracion.attributes["configure_logger"] = False
    return configuracion


def test_clave_totp_ajena_no_descifra_y_una_invalida_se_rechaza_al_arrancar() -> None:
    otra = CifradoTotp(OTRA_CLAVE)
    guardado = CifradoTotp(IdentitySettings().clave_totp).cifrar("JBSWY3DPEHPK3PXP")
    with pytest.raises(SecretoTotpIlegible):
        otra.descifrar(guardado)
    # Rotation: the new key first, the old one still decrypts.
    rotada = CifradoTotp(f"{OTRA_CLAVE},{IdentitySettings().clave_totp}")
    assert rotada.descifrar(guardado) == "JBSWY3DPEHPK3PXP"
    with pytest.raises(ValueError, match="IDENTITY_CLAVE_TOTP"):
        IdentitySettings(clave_totp="no-es-una-clave")
