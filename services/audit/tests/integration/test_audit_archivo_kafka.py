"""The archive on real Kafka and PostgreSQL: every topic of the catalog archived once per
event, hash-chained per partition; nobody may change it; ``verificar`` names an altered or
removed record; a rebuild from the topics reproduces the same chain."""

import asyncio
import os
import subprocess
import sys
import uuid
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.adapters.verificacion import verificar
from audit.entrypoints.reconstruir import reconstruir
from audit.settings import AuditSettings
from eps_contracts.catalog import TOPICS
from eps_contracts.events.affiliation import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.events.billing import PagoAprobado
from eps_contracts.examples import example_of
from eps_contracts.suscripciones.audit import SUBSCRIPTIONS
from eps_runtime.db import create_engine
from eps_runtime.testing.infrastructure import Infrastructure

from ..conftest import SERVICIO, Archivar, Publicar

pytestmark = pytest.mark.integration


def ana() -> AfiliadoRegistrado:
    evento = example_of(AfiliadoRegistrado)
    assert isinstance(evento, AfiliadoRegistrado)
    return evento.model_copy(update={"afiliado_id": uuid.uuid4()})


async def filas(motor: AsyncEngine, sql: str, **parametros: Any) -> list[Any]:
    async with motor.connect() as conn:
        return list(await conn.execute(text(sql), parametros))


async def publicar_historia(publicar: Publicar) -> AfiliadoRegistrado:
    registrada = ana()
    await publicar(registrada, version=1)
    await publicar(
        DatosContactoActualizados(afiliado_id=registrada.afiliado_id, email="ana@example.com"),
        version=2,
    )
    ops = example_of(OPSAutorizada).model_copy(
        update={"ops_id": uuid.uuid4(), "afiliado_id": registrada.afiliado_id}
    )
    await publicar(ops)
    pago = example_of(PagoAprobado)
    await publicar(pago.model_copy(update={"afiliado_id": registrada.afiliado_id}))
    return registrada


def test_el_archivo_se_suscribe_a_cada_topico_del_catalogo() -> None:
    assert sorted(s.topic for s in SUBSCRIPTIONS) == sorted(t.name for t in TOPICS)
    assert len({s.group_id for s in SUBSCRIPTIONS}) == len(TOPICS)


async def test_cada_evento_queda_archivado_tal_como_llego_una_sola_vez_aunque_se_repita(
    publicar: Publicar, archivar: Archivar, motor: AsyncEngine, topic_prefix: str
) -> None:
    registrada = await publicar_historia(publicar)
    repetido = await publicar(ana())
    await publicar(ana(), event_id=repetido)  # the relay published it twice

    assert await archivar() == 5
    assert await archivar() == 0  # replayed from the recorded positions: nothing new

    archivados = await filas(
        motor,
        "SELECT topico, servicio, ce_type, afiliado_id, clave, datos, ce_subject FROM archivo "
        "ORDER BY posicion",
    )
    assert len(archivados) == 5
    assert {f.topico for f in archivados} == {
        topic_prefix + "eps.affiliation.afiliados",
        topic_prefix + "eps.authorizations.ops",
        topic_prefix + "eps.billing.pagos",
    }
    de_ana = [f for f in archivados if f.afiliado_id == registrada.afiliado_id]
    assert [f.servicio for f in de_ana] == [
        "affiliation",
        "affiliation",
        "authorizations",
        "billing",
    ]
    primera = de_ana[0]
    assert bytes(primera.clave) == str(registrada.afiliado_id).encode()
    assert bytes(primera.datos) == registrada.model_dump_json().encode()  # as received
    informe = await verificar(motor)
    assert informe.integro and informe.revisados == 5


async def test_nadie_puede_modificar_ni_borrar_el_archivo_ni_su_dueno(
    publicar: Publicar, archivar: Archivar, motor: AsyncEngine
) -> None:
    await publicar(ana())
    await archivar()

    for sentencia in (
        "UPDATE archivo SET datos = 'x'::bytea",
        "DELETE FROM archivo",
        "TRUNCATE archivo",
    ):
        with pytest.raises(DBAPIError, match="solo admite inserciones"):
            async with motor.begin() as conn:
                await conn.execute(text(sentencia))
        with pytest.raises(DBAPIError, match="permission denied"):
            async with motor.begin() as conn:
                await conn.execute(text("SET LOCAL ROLE audit_archivista"))
                await conn.execute(text(sentencia))
    assert len(await filas(motor, "SELECT 1 FROM archivo")) == 1


async def alterar(motor: AsyncEngine, sql: str) -> None:
    """What an attacker with superuser rights could do: switch the trigger off."""
    async with motor.begin() as conn:
        await conn.execute(text("ALTER TABLE archivo DISABLE TRIGGER archivo_sin_cambios"))
        await conn.execute(text(sql))
        await conn.execute(text("ALTER TABLE archivo ENABLE TRIGGER archivo_sin_cambios"))


async def test_un_registro_alterado_en_la_base_lo_nombra_verificar(
    publicar: Publicar,
    archivar: Archivar,
    motor: AsyncEngine,
    audit_database_url: str,
    topic_prefix: str,
) -> None:
    registrada = await publicar_historia(publicar)
    await archivar()
    [victima] = await filas(
        motor,
        "SELECT posicion, topico, particion, desplazamiento, secuencia FROM archivo "
        "WHERE ce_type LIKE '%DatosContactoActualizados%'",
    )
    await alterar(
        motor,
        "UPDATE archivo SET datos = convert_to(replace(convert_from(datos, 'UTF8'), "
        f"'ana@example.com', 'otra@example.com'), 'UTF8') WHERE posicion = {victima.posicion}",
    )

    informe = await verificar(motor)
    [rotura] = informe.roturas
    assert (rotura.topico, rotura.particion, rotura.desplazamiento) == (
        victima.topico,
        victima.particion,
        victima.desplazamiento,
    )
    assert "alterado" in rotura.motivo

    salida = await asyncio.to_thread(
        subprocess.run,
        [sys.executable, "-m", "audit", "verificar"],
        env={**os.environ, "AUDIT_DATABASE_URL": audit_database_url},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert salida.returncode == 1, salida.stderr
    assert (
        f"ROTO {victima.topico}[{victima.particion}] secuencia {victima.secuencia}" in salida.stdout
    )
    assert f"offset {victima.desplazamiento}" in salida.stdout
    assert "otra@example.com" not in salida.stdout + salida.stderr  # never a payload
    assert str(registrada.afiliado_id) not in salida.stdout


async def test_un_registro_borrado_lo_nombra_verificar_aunque_sea_el_ultimo(
    publicar: Publicar, archivar: Archivar, motor: AsyncEngine
) -> None:
    registrada = await publicar_historia(publicar)
    await archivar()
    [ultimo] = await filas(
        motor, "SELECT posicion, evento_id FROM archivo WHERE topico LIKE '%billing%'"
    )
    await alterar(motor, f"DELETE FROM archivo WHERE posicion = {ultimo.posicion}")

    informe = await verificar(motor)

    assert [evento for _, evento in informe.faltantes] == [ultimo.evento_id]
    assert not informe.integro
    del registrada


async def test_reconstruir_desde_los_topicos_en_una_base_nueva_da_la_misma_cadena(
    publicar: Publicar,
    archivar: Archivar,
    motor: AsyncEngine,
    infrastructure: Infrastructure,
    settings: AuditSettings,
) -> None:
    await publicar_historia(publicar)
    for _ in range(3):
        await publicar(ana())
    await archivar()
    otra_url = await infrastructure.create_migrated_database(SERVICIO, "audit")
    otro = create_engine(otra_url)
    try:
        codigo = await reconstruir(settings.model_copy(update={"database_url": otra_url}))
        assert codigo == 0
        # On a database that already has records it refuses.
        assert await reconstruir(settings.model_copy(update={"database_url": otra_url})) == 1
        consulta = (
            "SELECT topico, particion, secuencia, desplazamiento, hash FROM archivo "
            "ORDER BY 1, 2, 3"
        )
        assert await filas(otro, consulta) == await filas(motor, consulta)
        assert (await verificar(otro)).integro
    finally:
        await otro.dispose()
