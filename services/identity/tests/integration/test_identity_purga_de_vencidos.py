"""The purge (``python -m identity.entrypoints.purga``) deletes spent or expired proofs, ended
sessions and idle throttling rows, in batches, and nothing still in use; a second run deletes
nothing. The clock is injected. Real PostgreSQL."""

import asyncio

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from identity.adapters.purga import purgar
from identity.entrypoints.purga import main
from identity.settings import IdentitySettings

from .conftest import Flujo, RelojDePrueba

pytestmark = pytest.mark.integration

TABLAS = (
    "registro_preguntas",
    "registro_tiquetes",
    "enlaces_cuenta",
    "sesiones",
    "tokens_renovacion",
    "fallos_inicio_sesion",
    "limites_tasa",
    "registro_intentos",
)


async def filas(bd: AsyncEngine) -> dict[str, int]:
    async with bd.connect() as conn:
        return {
            t: (await conn.execute(text(f"SELECT count(*) FROM {t}"))).scalar_one() for t in TABLAS
        }


async def test_purga_borra_lo_vencido_y_usado_y_conserva_lo_vigente(
    flujo: Flujo, bd: AsyncEngine, reloj: RelojDePrueba
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)  # questions, ticket and activation link, all used
    sesion = await flujo.ingresar(ana)
    assert (await flujo.ingresar(ana, "no es la clave")).status_code == 401
    luis = await flujo.afiliado()
    pendientes = await flujo.preguntas(luis)  # questions still to answer

    ahora = await purgar(bd, reloj.ahora)

    assert ahora["registro_preguntas"] == 1 and ahora["registro_tiquetes"] == 1
    assert ahora["enlaces_cuenta"] == 0  # used minutes ago: kept a week for its message
    assert ahora["sesiones"] == 0 and ahora["fallos_inicio_sesion"] == 0
    assert ahora["limites_tasa"] == 0
    # What is in use still works.
    respuestas = await flujo.respuestas(pendientes.json(), bien=True)
    assert (await flujo.http.post("/registro/respuestas", json=respuestas)).status_code == 200
    renovada = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": sesion.json()["refresh_token"]}
    )
    assert renovada.status_code == 200, renovada.text

    reloj.avanzar(days=8)
    despues = await purgar(bd, reloj.ahora, lote=1)

    assert despues["enlaces_cuenta"] == 1
    assert despues["sesiones"] == 1  # one family: the login and its renewal
    assert despues["fallos_inicio_sesion"] >= 1 and despues["limites_tasa"] >= 1
    quedan = await filas(bd)
    assert quedan["sesiones"] == 0 and quedan["tokens_renovacion"] == 0
    assert quedan["enlaces_cuenta"] == 0 and quedan["fallos_inicio_sesion"] == 0
    assert quedan["limites_tasa"] == 0
    assert quedan["registro_intentos"] == 2  # Ana's and Luis's: never purged
    # Idempotent.
    assert set((await purgar(bd, reloj.ahora)).values()) == {0}
    # Ana still logs in (her account is untouched).
    assert (await flujo.ingresar(ana)).status_code == 200


async def test_purga_por_consola_imprime_cuantas_filas_borro(
    flujo: Flujo,
    bd: AsyncEngine,
    reloj: RelojDePrueba,
    identity_settings: IdentitySettings,
    capsys: pytest.CaptureFixture[str],
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    reloj.avanzar(days=8)

    estado = await asyncio.to_thread(
        main, ["--lote", "1"], identity_settings, reloj=lambda: reloj.ahora
    )

    assert estado == 0
    salida = capsys.readouterr().out
    assert "registro_tiquetes: 1" in salida and "enlaces_cuenta: 1" in salida
    assert "total: " in salida
    assert await asyncio.to_thread(main, [], identity_settings, reloj=lambda: reloj.ahora) == 0
    assert "total: 0" in capsys.readouterr().out


def test_purga_con_lote_invalido_termina_con_estado_2() -> None:
    with pytest.raises(SystemExit) as salida:
        main(["--lote", "0"])
    assert salida.value.code == 2
