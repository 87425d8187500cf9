"""The dashboard read model built from real Kafka records by the real exactly-once
consumer, in a real PostgreSQL database."""

import asyncio
import uuid
from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import (
    AfiliacionRetirada,
    AfiliacionSuspendida,
    EstadoCivilActualizado,
    IPSPrimariaCambiada,
    NombresActualizados,
    PlanComplementarioContratado,
)
from eps_contracts.examples import afiliado_registrado, datos_contacto_actualizados, example_of
from eps_contracts.types import Parentesco
from eps_runtime.consumer import ExactlyOnceConsumer
from portal.adapters.avisos import Avisos
from portal.adapters.tablero_lectura import LecturaTableroSql
from portal.adapters.tablero_projection import GRUPO, TableroProjection
from portal.entrypoints import consumer as proceso
from portal.entrypoints.rebuild import reconstruir
from portal.settings import PortalSettings

pytestmark = pytest.mark.integration

Publicar = Callable[..., Awaitable[uuid.UUID]]
PonerseAlDia = Callable[[], Awaitable[int]]
Familia = Any  # conftest's ``Familia``


async def filas(motor: AsyncEngine, tabla: str) -> list[dict[str, Any]]:
    async with motor.connect() as conn:
        resultado = await conn.execute(text(f"SELECT * FROM {tabla}"))
        return sorted(
            ({k: v for k, v in f._mapping.items() if k != "actualizado_en"} for f in resultado),
            key=str,
        )


def _con(evento_cls: type[Any], afiliado_id: uuid.UUID, **campos: Any) -> Any:
    return example_of(evento_cls).model_copy(update={"afiliado_id": afiliado_id, **campos})


async def miembros(motor: AsyncEngine, afiliado_id: uuid.UUID) -> list[uuid.UUID]:
    tablero = await LecturaTableroSql(motor, GRUPO).leer(afiliado_id)
    assert tablero is not None
    return [m.afiliado_id for m in tablero.grupo_familiar]


async def test_evento_duplicado_no_cambia_el_tablero(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, motor: AsyncEngine, familia: Familia
) -> None:
    registro = await publicar(familia.cotizante(), 1)
    await publicar(familia.cotizante(), 1, registro)  # the relay may publish twice
    contacto = datos_contacto_actualizados(
        afiliado_id=familia.cotizante_id, telefono_movil="3000000003"
    )
    await publicar(contacto, 2)
    assert await ponerse_al_dia() == 2
    antes = await filas(motor, "tablero_personas")

    # Later: the same version again under new ids (a replay upstream) changes nothing.
    await publicar(familia.cotizante(primer_nombre="Otra"), 1)
    await publicar(datos_contacto_actualizados(afiliado_id=familia.cotizante_id), 2)
    await ponerse_al_dia()

    assert await filas(motor, "tablero_personas") == antes
    [fila] = antes
    assert (fila["version"], fila["telefono_movil"], fila["primer_nombre"]) == (
        2,
        "3000000003",
        "Ana",
    )


async def test_beneficiario_registrado_antes_de_la_inclusion_aparece_en_el_grupo(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, motor: AsyncEngine, familia: Familia
) -> None:
    await publicar(familia.hijo(), 1)
    await ponerse_al_dia()
    await publicar(familia.cotizante(), 1)
    await publicar(familia.inclusion(familia.hijo_id, Parentesco.HIJO), 2)
    await ponerse_al_dia()

    assert await miembros(motor, familia.cotizante_id) == [familia.cotizante_id, familia.hijo_id]


async def test_inclusion_antes_del_registro_del_beneficiario_converge(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, motor: AsyncEngine, familia: Familia
) -> None:
    await publicar(familia.cotizante(), 1)
    await publicar(familia.inclusion(familia.hijo_id, Parentesco.HIJO), 2)
    await ponerse_al_dia()
    # Nothing to show of a member whose registration has not arrived.
    assert await miembros(motor, familia.cotizante_id) == [familia.cotizante_id]

    await publicar(familia.hijo(), 1)
    await ponerse_al_dia()

    assert await miembros(motor, familia.cotizante_id) == [familia.cotizante_id, familia.hijo_id]


async def test_excluida_o_retirado_no_aparecen_aunque_su_fila_nombre_al_cotizante(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, motor: AsyncEngine, familia: Familia
) -> None:
    await publicar(familia.cotizante(), 1)
    await publicar(familia.esposa(), 1)
    await publicar(familia.hijo(), 1)
    await publicar(familia.inclusion(familia.esposa_id, Parentesco.CONYUGE), 2)
    await publicar(familia.inclusion(familia.hijo_id, Parentesco.HIJO), 3)
    await ponerse_al_dia()
    assert len(await miembros(motor, familia.cotizante_id)) == 3

    await publicar(familia.exclusion(familia.esposa_id), 4)  # her own stream says nothing yet
    await publicar(_con(AfiliacionRetirada, familia.hijo_id), 2)
    await ponerse_al_dia()

    assert await miembros(motor, familia.cotizante_id) == [familia.cotizante_id]


async def test_consumidor_reiniciado_a_mitad_no_pierde_ni_duplica(
    publicar: Publicar,
    motor: AsyncEngine,
    topic_prefix: str,
    kafka_bootstrap: str,
    ponerse_al_dia: PonerseAlDia,
) -> None:
    personas = [uuid.uuid4() for _ in range(20)]
    for n, afiliado_id in enumerate(personas):
        await publicar(
            _registro(afiliado_id, n),
            1,
        )
        for version in range(2, 6):
            await publicar(
                _con(EstadoCivilActualizado, afiliado_id)
                if version % 2
                else datos_contacto_actualizados(
                    afiliado_id=afiliado_id, telefono_movil=f"300000{n:02d}{version:02d}"
                ),
                version,
            )

    proyeccion = TableroProjection(topic_prefix=topic_prefix)
    primero = ExactlyOnceConsumer(
        projection=proyeccion,
        engine=motor,
        bootstrap_servers=kafka_bootstrap,
        batch_size=7,
        group_id=topic_prefix + proyeccion.name,
    )
    parar = asyncio.Event()
    tarea = asyncio.create_task(primero.run(parar))
    for _ in range(60_000):
        if primero.applied >= 30:
            break
        await asyncio.sleep(0.001)
    parar.set()  # stops after the batch in hand: mid-stream
    await asyncio.wait_for(tarea, 60)
    assert primero.applied < 100

    restantes = await ponerse_al_dia()

    assert primero.applied + restantes == 100
    versiones = {f["afiliado_id"]: f["version"] for f in await filas(motor, "tablero_personas")}
    assert versiones == dict.fromkeys(personas, 5)
    telefonos = {f["telefono_movil"] for f in await filas(motor, "tablero_personas")}
    assert telefonos == {f"300000{n:02d}04" for n in range(20)}


def _registro(afiliado_id: uuid.UUID, n: int) -> Any:
    return afiliado_registrado(afiliado_id=afiliado_id, numero_documento=f"{2000000000 + n}")


async def test_reconstruir_da_el_mismo_tablero_que_el_consumidor_en_vivo(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    motor: AsyncEngine,
    familia: Familia,
    portal_settings: PortalSettings,
) -> None:
    f = familia
    flujo: list[tuple[Any, int]] = [
        (f.hijo(), 1),
        (f.cotizante(), 1),
        (f.inclusion(f.hijo_id, Parentesco.HIJO), 2),
        (f.esposa(), 1),
        (f.inclusion(f.esposa_id, Parentesco.CONYUGE), 3),
        (datos_contacto_actualizados(afiliado_id=f.cotizante_id), 4),
        (
            IPSPrimariaCambiada(afiliado_id=f.cotizante_id, ips_primaria_codigo="760010000099"),
            5,
        ),
        (
            PlanComplementarioContratado(
                afiliado_id=f.cotizante_id,
                plan_codigo="PAC-ORO",
                plan_nombre="Plan Oro",
                fecha_inicio=date(2026, 1, 1),
            ),
            6,
        ),
        (_con(NombresActualizados, f.esposa_id, primer_apellido="Rojas"), 2),
        (_con(AfiliacionSuspendida, f.esposa_id), 3),
        (f.exclusion(f.esposa_id), 7),
        (_con(EstadoCivilActualizado, f.hijo_id), 2),
    ]
    for evento, version in flujo:
        evento_id = await publicar(evento, version)
        if version % 2:
            await publicar(evento, version, evento_id)  # duplicates on the topic
    await ponerse_al_dia()
    personas_en_vivo = await filas(motor, "tablero_personas")
    grupos_en_vivo = await filas(motor, "tablero_grupos")
    tablero_en_vivo = await LecturaTableroSql(motor, GRUPO).leer(f.cotizante_id)

    leidos = await reconstruir(portal_settings, progreso=False)

    assert leidos == len(flujo) + sum(1 for _, v in flujo if v % 2)
    assert await filas(motor, "tablero_personas") == personas_en_vivo
    assert await filas(motor, "tablero_grupos") == grupos_en_vivo
    assert await LecturaTableroSql(motor, GRUPO).leer(f.cotizante_id) == tablero_en_vivo
    assert tablero_en_vivo is not None
    assert [m.afiliado_id for m in tablero_en_vivo.grupo_familiar] == [f.cotizante_id, f.hijo_id]
    assert tablero_en_vivo.plan_complementario is not None


async def test_el_aviso_llega_cuando_el_consumidor_confirma(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    portal_database_url: str,
    familia: Familia,
) -> None:
    avisos = Avisos(portal_database_url)
    await avisos.iniciar()
    try:
        assert avisos.conectado
        with avisos.suscripcion() as cola:
            await publicar(familia.hijo(), 1)
            await ponerse_al_dia()
            aviso = await asyncio.wait_for(cola.get(), 10)
    finally:
        await avisos.detener()

    assert aviso is not None
    assert aviso.afiliados == {familia.hijo_id: 1}
    assert aviso.cotizantes == {familia.cotizante_id}


async def test_avisos_se_reconecta_si_se_cae_la_conexion_y_avisa_releer(
    publicar: Publicar,
    ponerse_al_dia: PonerseAlDia,
    portal_database_url: str,
    motor: AsyncEngine,
    familia: Familia,
) -> None:
    avisos = Avisos(portal_database_url, reintento_s=0.1)
    await avisos.iniciar()
    try:
        with avisos.suscripcion() as cola:
            async with motor.connect() as conn:
                await conn.execute(
                    text(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND query LIKE 'LISTEN%'"
                    )
                )
            releer = await asyncio.wait_for(cola.get(), 10)
            await publicar(familia.cotizante(), 1)
            await ponerse_al_dia()
            aviso = await asyncio.wait_for(cola.get(), 10)
    finally:
        await avisos.detener()

    assert releer is not None and releer.todos
    assert aviso is not None and aviso.afiliados == {familia.cotizante_id: 1}


async def test_el_consumidor_en_vivo_registra_su_retraso(
    portal_settings: PortalSettings,
    publicar: Publicar,
    motor: AsyncEngine,
    familia: Familia,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(proceso, "LAG_CADA_S", 0.1)
    await publicar(familia.cotizante(), 1)
    parar = asyncio.Event()
    tarea = asyncio.create_task(proceso.main(parar, portal_settings))
    try:
        retraso: dict[str, Any] = {}
        for _ in range(300):
            retraso = await LecturaTableroSql(motor, GRUPO).retraso()
            personas = await filas(motor, "tablero_personas")
            if retraso["mensajes_pendientes"] == 0 and personas:
                break
            await asyncio.sleep(0.1)
    finally:
        parar.set()
        await asyncio.wait_for(tarea, 60)

    assert retraso["mensajes_pendientes"] == 0
    assert retraso["medido_en"] is not None
    assert [p["afiliado_id"] for p in personas] == [familia.cotizante_id]
