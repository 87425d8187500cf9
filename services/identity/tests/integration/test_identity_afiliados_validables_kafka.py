"""The read model built from real Kafka records by the real exactly-once consumer."""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from typing import Any

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.examples import AFILIADO_ID, afiliado_registrado, datos_contacto_actualizados
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.entrypoints import consumer as consumer_entrypoint
from identity.entrypoints.rebuild import reconstruir
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

Publicar = Callable[..., Awaitable[uuid.UUID]]

MENSAJE_DEL_MANUAL = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    "cliente 018000938777"
)


async def ponerse_al_dia(motor: AsyncEngine, topic_prefix: str, kafka: str) -> int:
    """Runs the consumer until it read everything published so far; returns events applied."""
    consumidor = ExactlyOnceConsumer(
        projection=AfiliadosValidablesProjection(topic_prefix=topic_prefix),
        engine=motor,
        bootstrap_servers=kafka,
    )
    await consumidor.run_until_caught_up()
    return consumidor.applied


async def esperar(condicion: Callable[[], Awaitable[bool]], segundos: float = 60) -> None:
    """Polls ``condicion`` (the consumer runs in another task) until true or time is up."""
    for _ in range(int(segundos / 0.2)):
        if await condicion():
            return
        await asyncio.sleep(0.2)
    raise AssertionError("la condición no se cumplió a tiempo")


async def filas(engine: AsyncEngine) -> list[Any]:
    async with engine.connect() as conn:
        return list(await conn.execute(text("SELECT * FROM afiliados_validables")))


def sin_actualizado_en(filas_: list[Any]) -> list[dict[str, Any]]:
    """The rows as dicts without ``actualizado_en`` (the time of the write, not of the fact)."""
    return [{k: v for k, v in f._mapping.items() if k != "actualizado_en"} for f in filas_]


@pytest.fixture
async def motor(identity_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(identity_database_url)
    yield motor
    await motor.dispose()


async def test_afiliado_registrado_en_kafka_queda_validable_con_sus_nombres(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    topic_prefix: str,
    kafka_bootstrap: str,
) -> None:
    await publicar(afiliado_registrado(), 1)

    assert await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap) == 1

    respuesta = await cliente.post(
        "/registro/validacion", json={"tipo_documento": "CC", "numero_documento": "1000000001"}
    )
    assert respuesta.status_code == 200
    assert (respuesta.json()["nombres"], respuesta.json()["apellidos"]) == (
        "Ana María",
        "Pérez Gómez",
    )


async def test_el_mismo_evento_entregado_dos_veces_tiene_un_solo_efecto(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    evento_id = await publicar(afiliado_registrado(), 1)
    await publicar(afiliado_registrado(), 1, evento_id)  # the relay may publish twice

    aplicados = await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    assert aplicados == 1
    [fila] = await filas(motor)
    assert (fila.afiliado_id, fila.version) == (AFILIADO_ID, 1)


async def test_una_version_anterior_que_llega_despues_no_hace_retroceder_la_vista(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(datos_contacto_actualizados(telefono_movil="3000000003"), 3)
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
    # Later, older versions with new event ids: a registration again and a stale contact.
    await publicar(afiliado_registrado(primer_nombre="Antigua"), 1)
    await publicar(datos_contacto_actualizados(telefono_movil="3000000002"), 2)
    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    [fila] = await filas(motor)
    assert (fila.version, fila.telefono_movil, fila.primer_nombre) == (3, "3000000003", "Ana")


async def test_datos_de_contacto_actualizados_reemplazan_telefono_y_direccion(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(datos_contacto_actualizados(direccion=None), 2)

    await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)

    [fila] = await filas(motor)
    assert (fila.version, fila.telefono_movil, fila.direccion) == (2, "3109876543", None)


async def test_un_lote_grande_se_aplica_completo(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    for n in range(300):
        await publicar(
            afiliado_registrado(afiliado_id=uuid.uuid4(), numero_documento=f"{2000000000 + n}"),
            1,
        )

    assert await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap) == 300
    assert len(await filas(motor)) == 300


async def test_documento_desconocido_responde_404_con_el_mensaje_del_manual(
    cliente: httpx.AsyncClient,
) -> None:
    respuesta = await cliente.post(
        "/registro/validacion", json={"tipo_documento": "CC", "numero_documento": "100200300400"}
    )
    assert respuesta.status_code == 404
    assert respuesta.json()["code"] == "documento-no-registrado"
    assert respuesta.json()["detail"] == MENSAJE_DEL_MANUAL


async def test_documento_invalido_responde_422(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post(
        "/registro/validacion", json={"tipo_documento": "TI", "numero_documento": "ABC123"}
    )
    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "datos-invalidos"


async def test_el_consumidor_del_servicio_mantiene_la_vista_al_dia(
    publicar: Publicar,
    motor: AsyncEngine,
    identity_settings: IdentitySettings,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("IDENTITY_DATABASE_URL", identity_settings.database_url)
    monkeypatch.setenv("KAFKA_BOOTSTRAP_SERVERS", identity_settings.kafka_bootstrap_servers)
    monkeypatch.setenv("EPS_TOPIC_PREFIX", identity_settings.topic_prefix)
    await publicar(afiliado_registrado(), 1)
    stop = asyncio.Event()
    en_marcha = asyncio.create_task(consumer_entrypoint.main(stop))

    async def en_version(version: int) -> bool:
        return any(f.version >= version for f in await filas(motor))

    try:
        await esperar(lambda: en_version(1))
        await publicar(datos_contacto_actualizados(), 2)
        await esperar(lambda: en_version(2))
    finally:
        stop.set()
        await en_marcha


async def test_reconstruir_la_vista_da_el_mismo_resultado(
    publicar: Publicar,
    motor: AsyncEngine,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(datos_contacto_actualizados(), 2)
    await ponerse_al_dia(
        motor, identity_settings.topic_prefix, identity_settings.kafka_bootstrap_servers
    )
    antes = sin_actualizado_en(await filas(motor))

    leidos = await reconstruir(identity_settings, progreso=False)

    assert leidos == 2
    assert sin_actualizado_en(await filas(motor)) == antes


async def test_readyz_comprueba_base_de_datos_y_kafka(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/readyz")
    assert respuesta.status_code == 200
    assert respuesta.json()["checks"] == {"database": "ok", "kafka": "ok"}


async def test_migracion_es_idempotente(
    identity_database_url: str, migrar_identidad: Callable[[str], None]
) -> None:
    await asyncio.to_thread(migrar_identidad, identity_database_url)
