"""The read model follows affiliation's novedades, from real Kafka records (real consumer).

Document changes move the row, name changes show at step 1, a retired affiliate cannot
register until reactivated, a suspended one can; every event type identity does not need
passes without effect and without reaching the dead-letter topic.
"""

import asyncio
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from alembic import command
from alembic.config import Config
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    AfiliacionSuspendida,
    CambioIPSSolicitado,
    DocumentoIdentidadActualizado,
    DomainEvent,
    NombresActualizados,
    NovedadRegistrada,
    TipoAfiliadoCambiado,
)
from eps_contracts.events.affiliation import AFILIADO_EVENTS
from eps_contracts.examples import (
    AFILIADO_ID,
    afiliado_registrado,
    datos_contacto_actualizados,
    example_of,
)
from eps_contracts.types import Parentesco, TipoAfiliado, TipoDocumento
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.testing.infrastructure import Infrastructure
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.adapters.filas_afiliados import EVENTOS_ATENDIDOS
from identity.entrypoints.rebuild import reconstruir
from identity.settings import IdentitySettings

pytestmark = pytest.mark.integration

Publicar = Callable[..., Awaitable[uuid.UUID]]  # the ``publicar`` fixture of conftest.py

NO_REGISTRADO = "documento-no-registrado"
SERVICIO = Path(__file__).resolve().parents[2]


async def ponerse_al_dia(motor: AsyncEngine, settings: IdentitySettings) -> ExactlyOnceConsumer:
    """Runs the consumer until it read everything published so far; returns it (counters)."""
    consumidor = ExactlyOnceConsumer(
        projection=AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix),
        engine=motor,
        bootstrap_servers=settings.kafka_bootstrap_servers,
    )
    await consumidor.run_until_caught_up()
    return consumidor


async def fila_de(motor: AsyncEngine, afiliado_id: uuid.UUID = AFILIADO_ID) -> Any:
    async with motor.connect() as conn:
        resultado = await conn.execute(
            text("SELECT * FROM afiliados_validables WHERE afiliado_id = :id"), {"id": afiliado_id}
        )
        return resultado.one()


async def vista(motor: AsyncEngine) -> list[dict[str, Any]]:
    """Every row without ``actualizado_en`` (the time of the write, not of the fact)."""
    async with motor.connect() as conn:
        filas = await conn.execute(text("SELECT * FROM afiliados_validables ORDER BY afiliado_id"))
        return [{k: v for k, v in f._mapping.items() if k != "actualizado_en"} for f in filas]


async def validar(cliente: httpx.AsyncClient, tipo: str, numero: str) -> httpx.Response:
    return await cliente.post(
        "/registro/validacion", json={"tipo_documento": tipo, "numero_documento": numero}
    )


def de_ana(cls: type[DomainEvent], **cambios: object) -> DomainEvent:
    """The contract's example of ``cls``, about the example affiliate (Ana)."""
    return example_of(cls).model_copy(update={"afiliado_id": AFILIADO_ID, **cambios})


def documento(numero: str, tipo: TipoDocumento = TipoDocumento.CC) -> DomainEvent:
    """Novedad 1 on Ana: her new document."""
    return DocumentoIdentidadActualizado(
        afiliado_id=AFILIADO_ID, tipo_documento=tipo, numero_documento=numero
    )


@pytest.fixture
async def motor(identity_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(identity_database_url)
    yield motor
    await motor.dispose()


async def test_documento_corregido_se_valida_con_el_nuevo_numero(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(documento("1000000009"), 2)

    await ponerse_al_dia(motor, identity_settings)

    anterior = await validar(cliente, "CC", "1000000001")
    assert anterior.status_code == 404
    assert anterior.json()["code"] == NO_REGISTRADO
    nuevo = await validar(cliente, "CC", "1000000009")
    assert nuevo.status_code == 200
    assert (nuevo.json()["nombres"], nuevo.json()["apellidos"]) == ("Ana María", "Pérez Gómez")


async def test_cambio_de_tarjeta_de_identidad_a_cedula_con_el_mismo_numero(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(tipo_documento=TipoDocumento.TI), 1)
    await ponerse_al_dia(motor, identity_settings)
    assert (await validar(cliente, "TI", "1000000001")).status_code == 200

    await publicar(documento("1000000001", TipoDocumento.CC), 2)
    await ponerse_al_dia(motor, identity_settings)

    assert (await validar(cliente, "TI", "1000000001")).status_code == 404
    assert (await validar(cliente, "CC", "1000000001")).status_code == 200


async def test_nombres_corregidos_se_muestran_al_validar(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(
        NombresActualizados(
            afiliado_id=AFILIADO_ID,
            primer_nombre="Anna",
            primer_apellido="Peres",
            segundo_apellido="Gómes",
        ),
        2,
    )

    await ponerse_al_dia(motor, identity_settings)

    respuesta = await validar(cliente, "CC", "1000000001")
    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert cuerpo.pop("sesion_registro")  # what step 2 requires (issue 17.1)
    assert cuerpo == {
        "tipo_documento": "CC",
        "numero_documento": "1000000001",
        "nombres": "Anna",
        "apellidos": "Peres Gómes",
        "primer_nombre": "Anna",
        "segundo_nombre": None,
        "primer_apellido": "Peres",
        "segundo_apellido": "Gómes",
    }


async def test_afiliado_retirado_no_puede_registrarse(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(de_ana(AfiliacionRetirada), 2)

    await ponerse_al_dia(motor, identity_settings)

    assert (await fila_de(motor)).estado == "RETIRADO"
    respuesta = await validar(cliente, "CC", "1000000001")
    assert respuesta.status_code == 409
    assert respuesta.json()["code"] == "afiliacion-retirada"
    assert "retirada" in respuesta.json()["detail"]
    assert "Ana" not in respuesta.text


async def test_afiliado_reactivado_despues_del_retiro_puede_registrarse_otra_vez(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(de_ana(AfiliacionRetirada), 2)
    await ponerse_al_dia(motor, identity_settings)
    assert (await validar(cliente, "CC", "1000000001")).status_code == 409

    await publicar(de_ana(AfiliacionReactivada), 3)
    await ponerse_al_dia(motor, identity_settings)

    assert ((await fila_de(motor)).estado, (await fila_de(motor)).version) == ("ACTIVO", 3)
    assert (await validar(cliente, "CC", "1000000001")).status_code == 200


async def test_afiliado_suspendido_puede_registrarse(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    await publicar(afiliado_registrado(), 1)
    await publicar(de_ana(AfiliacionSuspendida), 2)

    await ponerse_al_dia(motor, identity_settings)

    assert (await fila_de(motor)).estado == "SUSPENDIDO"
    assert (await validar(cliente, "CC", "1000000001")).status_code == 200


async def test_cambio_de_tipo_de_afiliado_actualiza_tipo_y_cotizante(
    publicar: Publicar, motor: AsyncEngine, identity_settings: IdentitySettings
) -> None:
    cotizante = uuid.uuid4()
    await publicar(afiliado_registrado(), 1)
    await publicar(
        TipoAfiliadoCambiado(
            afiliado_id=AFILIADO_ID,
            tipo_afiliado=TipoAfiliado.BENEFICIARIO,
            cotizante_id=cotizante,
            parentesco=Parentesco.CONYUGE,
        ),
        2,
    )

    await ponerse_al_dia(motor, identity_settings)

    fila = await fila_de(motor)
    assert (fila.tipo_afiliado, fila.cotizante_id, fila.version) == ("BENEFICIARIO", cotizante, 2)


async def test_eventos_que_identidad_no_necesita_no_cambian_la_vista_ni_van_al_dlq(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    ajenos = [cls for cls in AFILIADO_EVENTS if cls not in EVENTOS_ATENDIDOS]
    assert CambioIPSSolicitado in ajenos and NovedadRegistrada in ajenos
    await publicar(afiliado_registrado(), 1)
    await ponerse_al_dia(motor, identity_settings)
    antes = await vista(motor)
    # Every other event type of the topic, on Ana's own stream (her partition), in order.
    for version, cls in enumerate(ajenos, start=2):
        await publicar(de_ana(cls), version)

    consumidor = await ponerse_al_dia(motor, identity_settings)

    assert (consumidor.dead_lettered, consumidor.applied) == (0, 0)
    assert await vista(motor) == antes
    assert (await validar(cliente, "CC", "1000000001")).status_code == 200
    async with motor.connect() as conn:
        # Not recorded as processed: they were never the projection's...
        procesados = (await conn.execute(text("SELECT count(*) FROM processed_events"))).scalar()
        # ...but the partition moved past all of them.
        leidos = (
            await conn.execute(text("SELECT sum(last_offset + 1) FROM consumer_positions"))
        ).scalar()
    assert (procesados, leidos) == (1, 1 + len(ajenos))

    # The partition is not stuck: a later event identity needs is applied.
    await publicar(de_ana(AfiliacionRetirada), 2 + len(ajenos))
    consumidor = await ponerse_al_dia(motor, identity_settings)
    assert (consumidor.applied, (await fila_de(motor)).estado) == (1, "RETIRADO")


async def test_un_lote_con_todas_las_novedades_da_el_mismo_resultado_que_una_por_una(
    publicar: Publicar,
    motor: AsyncEngine,
    identity_settings: IdentitySettings,
) -> None:
    historia: list[DomainEvent] = [
        afiliado_registrado(),
        NombresActualizados(afiliado_id=AFILIADO_ID, primer_nombre="Anna", primer_apellido="P"),
        de_ana(NovedadRegistrada),
        datos_contacto_actualizados(telefono_movil="3000000003"),
        de_ana(AfiliacionRetirada),
        de_ana(CambioIPSSolicitado),
        documento("1000000009"),
        de_ana(AfiliacionReactivada),
        de_ana(AfiliacionSuspendida),
    ]
    # One by one: each event caught up on its own.
    for version, evento in enumerate(historia, start=1):
        await publicar(evento, version)
        await ponerse_al_dia(motor, identity_settings)
    una_por_una = await vista(motor)

    # All at once: a rebuild reads the whole history in as few batches as it can.
    await reconstruir(identity_settings, progreso=False)

    assert await vista(motor) == una_por_una
    [fila] = una_por_una
    assert (fila["primer_nombre"], fila["segundo_nombre"], fila["numero_documento"]) == (
        "Anna",
        None,
        "1000000009",
    )
    assert (fila["telefono_movil"], fila["estado"], fila["version"]) == (
        "3000000003",
        "SUSPENDIDO",
        9,
    )


async def test_duplicados_y_versiones_anteriores_de_novedades_no_hacen_retroceder_la_vista(
    publicar: Publicar, motor: AsyncEngine, identity_settings: IdentitySettings
) -> None:
    await publicar(afiliado_registrado(), 1)
    retiro = await publicar(de_ana(AfiliacionRetirada), 2)
    await publicar(de_ana(AfiliacionReactivada), 3)
    await ponerse_al_dia(motor, identity_settings)
    # The relay publishes the retirement again, and an old document change arrives late.
    await publicar(de_ana(AfiliacionRetirada), 2, retiro)
    await publicar(documento("1000000009"), 2)

    consumidor = await ponerse_al_dia(motor, identity_settings)

    fila = await fila_de(motor)
    assert (fila.estado, fila.numero_documento, fila.version) == ("ACTIVO", "1000000001", 3)
    assert consumidor.dead_lettered == 0


async def test_un_documento_que_pasa_a_otro_afiliado_responde_por_su_titular_mas_reciente(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    """Ana leaves 1000000001 (a typo corrected) and Beatriz, on another stream, takes it.

    Partitions are applied independently: Beatriz's registration may be applied before Ana's
    change, in any order. Nothing is dead-lettered and each document ends with its holder.
    """
    beatriz = uuid.uuid4()
    t0 = datetime.now(UTC) - timedelta(hours=1)
    registro_ana = afiliado_registrado()
    cambio_ana = documento("1000000009")
    registro_beatriz = afiliado_registrado(
        afiliado_id=beatriz, primer_nombre="Beatriz", segundo_nombre=None
    )
    # Beatriz's registration is applied first (as in a rebuild), then Ana's registration,
    # which is older: the document answers for Beatriz, its latest holder.
    await publicar(registro_beatriz, 1, time=t0 + timedelta(minutes=20))
    await ponerse_al_dia(motor, identity_settings)
    await publicar(registro_ana, 1, time=t0)
    await ponerse_al_dia(motor, identity_settings)
    assert (await validar(cliente, "CC", "1000000001")).json()["primer_nombre"] == "Beatriz"

    await publicar(cambio_ana, 2, time=t0 + timedelta(minutes=10))
    consumidor = await ponerse_al_dia(motor, identity_settings)

    assert consumidor.dead_lettered == 0
    assert (await validar(cliente, "CC", "1000000001")).json()["primer_nombre"] == "Beatriz"
    assert (await validar(cliente, "CC", "1000000009")).json()["primer_nombre"] == "Ana"


async def test_un_documento_liberado_por_un_afiliado_y_tomado_por_otro_en_orden(
    publicar: Publicar,
    motor: AsyncEngine,
    cliente: httpx.AsyncClient,
    identity_settings: IdentitySettings,
) -> None:
    beatriz = uuid.uuid4()
    await publicar(afiliado_registrado(), 1)
    await ponerse_al_dia(motor, identity_settings)
    # Beatriz's registration arrives while Ana's change is still behind on its partition.
    await publicar(afiliado_registrado(afiliado_id=beatriz, primer_nombre="Beatriz"), 1)
    await ponerse_al_dia(motor, identity_settings)
    assert (await validar(cliente, "CC", "1000000001")).json()["primer_nombre"] == "Beatriz"

    await publicar(documento("1000000009"), 2)
    consumidor = await ponerse_al_dia(motor, identity_settings)

    assert consumidor.dead_lettered == 0
    assert (await validar(cliente, "CC", "1000000001")).json()["primer_nombre"] == "Beatriz"
    assert (await validar(cliente, "CC", "1000000009")).json()["primer_nombre"] == "Ana"


def migrar_a(database_url: str, revision: str, *, bajar: bool = False) -> None:
    config = Config(str(SERVICIO / "alembic.ini"))
    config.attributes["database_url"] = database_url
    config.attributes["configure_logger"] = False
    (command.downgrade if bajar else command.upgrade)(config, revision)


async def test_la_migracion_conserva_las_filas_de_antes_y_deja_mover_documentos(
    infrastructure: Infrastructure,
) -> None:
    url = await infrastructure.create_database("identity")
    await asyncio.to_thread(migrar_a, url, "0001")
    motor = create_engine(url)
    try:
        async with motor.begin() as conn:
            await conn.execute(
                text(
                    """
                    INSERT INTO afiliados_validables (afiliado_id, tipo_documento,
                        numero_documento, primer_nombre, primer_apellido, fecha_nacimiento,
                        estado, tipo_afiliado, version)
                    VALUES (:id, 'CC', '1000000001', 'Ana', 'Pérez', '1990-05-17', 'ACTIVO',
                        'COTIZANTE', 1)
                    """
                ),
                {"id": AFILIADO_ID},
            )

        await asyncio.to_thread(migrar_a, url, "head")
        await asyncio.to_thread(migrar_a, url, "head")  # again: nothing to do

        fila = await fila_de(motor)
        assert fila.documento_desde == fila.actualizado_en
        # The document may now be on a second row for a moment (see the projection).
        async with motor.begin() as conn:
            await conn.execute(
                text(
                    """
                    INSERT INTO afiliados_validables (afiliado_id, tipo_documento,
                        numero_documento, documento_desde, primer_nombre, primer_apellido,
                        fecha_nacimiento, estado, tipo_afiliado, version)
                    SELECT gen_random_uuid(), tipo_documento, numero_documento, now(),
                        'Beatriz', primer_apellido, fecha_nacimiento, estado, tipo_afiliado, 1
                    FROM afiliados_validables
                    """
                )
            )
        assert len(await vista(motor)) == 2
        async with motor.begin() as conn:
            await conn.execute(
                text("DELETE FROM afiliados_validables WHERE afiliado_id <> :id"),
                {"id": AFILIADO_ID},
            )
        # Down (the unique document comes back) and up again.
        await asyncio.to_thread(migrar_a, url, "0001", bajar=True)
        await asyncio.to_thread(migrar_a, url, "head")
        assert [f["primer_nombre"] for f in await vista(motor)] == ["Ana"]
    finally:
        await motor.dispose()
