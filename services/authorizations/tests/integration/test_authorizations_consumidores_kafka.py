"""The read models and the OPS delivery, from real Kafka records the test publishes, through
the real exactly-once consumer, on a migrated PostgreSQL."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime
from typing import Any
from uuid import UUID, uuid4

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from authorizations.adapters.proyecciones import (
    CarteraProjection,
    DerechosProjection,
    PagosProjection,
)
from authorizations.application.comandos import (
    GestionarPresolicitud,
    ServicioAAutorizar,
    TomarPresolicitud,
)
from authorizations.bootstrap import bootstrap
from authorizations.domain.errores import DerechoNoActivo, PlanNoContratado
from eps_contracts.events.affiliation import (
    AfiliacionSuspendida,
    PlanComplementarioContratado,
)
from eps_contracts.events.billing import MoraDetectada, PagoAprobado, PagoRechazado
from eps_contracts.examples import afiliado_registrado, example_of
from eps_contracts.types import MedioPago
from eps_runtime.consumer import ExactlyOnceConsumer, Projection
from eps_runtime.db import create_engine
from eps_runtime.testing.kafka import PublicadorEventos

from ..constructores import radicacion

pytestmark = pytest.mark.integration


@pytest.fixture
async def motor(authorizations_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(authorizations_database_url)
    yield motor
    await motor.dispose()


async def ponerse_al_dia(motor: AsyncEngine, kafka: str, proyeccion: Projection) -> int:
    consumidor = ExactlyOnceConsumer(projection=proyeccion, engine=motor, bootstrap_servers=kafka)
    await consumidor.run_until_caught_up()
    return consumidor.applied


async def filas(motor: AsyncEngine, consulta: str) -> list[Any]:
    async with motor.connect() as conn:
        return list(await conn.execute(text(consulta)))


def hoy() -> date:
    return datetime.now(UTC).date()


async def test_afiliado_registrado_da_derecho_y_su_suspension_impide_radicar(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Any,
) -> None:
    afiliado = uuid4()
    await publicar(afiliado_registrado(afiliado_id=afiliado), 1)
    proyeccion = DerechosProjection(topic_prefix)
    assert await ponerse_al_dia(motor, kafka_bootstrap, proyeccion) == 1
    app = bootstrap(motor, tmp_path)

    with pytest.raises(PlanNoContratado):
        await app.ejecutar(radicacion(afiliado, plan="BIENESTAR", fecha_documentos=hoy()))
    await publicar(
        PlanComplementarioContratado(
            afiliado_id=afiliado,
            plan_codigo="BIENESTAR",
            plan_nombre="Plan Bienestar",
            fecha_inicio=date(2026, 1, 1),
        ),
        2,
    )
    await ponerse_al_dia(motor, kafka_bootstrap, proyeccion)
    resultado = await app.ejecutar(radicacion(afiliado, plan="BIENESTAR", fecha_documentos=hoy()))
    assert resultado.consecutivo == 1

    await publicar(
        AfiliacionSuspendida(afiliado_id=afiliado, motivo="MORA", fecha=date(2026, 11, 1)), 3
    )
    await ponerse_al_dia(motor, kafka_bootstrap, proyeccion)
    with pytest.raises(DerechoNoActivo, match="suspendida"):
        await app.ejecutar(radicacion(afiliado, fecha_documentos=hoy()))
    [fila] = await filas(motor, "SELECT estado, version FROM derechos")
    assert (fila.estado, fila.version) == ("SUSPENDIDO", 3)


async def test_mora_detectada_impide_radicar_con_el_motivo(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Any,
) -> None:
    afiliado = uuid4()
    await publicar(afiliado_registrado(afiliado_id=afiliado), 1)
    await ponerse_al_dia(motor, kafka_bootstrap, DerechosProjection(topic_prefix))
    mora = example_of(MoraDetectada).model_copy(update={"afiliado_id": afiliado})
    await publicar(mora, 1)
    await ponerse_al_dia(motor, kafka_bootstrap, CarteraProjection(topic_prefix))

    with pytest.raises(DerechoNoActivo, match="mora"):
        await bootstrap(motor, tmp_path).ejecutar(radicacion(afiliado, fecha_documentos=hoy()))


def pago(ops_id: UUID, afiliado: UUID) -> PagoAprobado:
    return PagoAprobado(
        obligacion_id=uuid4(),
        afiliado_id=afiliado,
        ops_id=ops_id,
        transaccion_id=uuid4(),
        valor=20100,
        medio=MedioPago.PSE,
        referencia_pasarela="PSE-1",
        aprobado_en=datetime.now(UTC),
    )


async def test_pago_aprobado_entrega_la_ops_una_vez_aunque_llegue_dos_veces(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Any,
) -> None:
    afiliado = uuid4()
    await publicar(afiliado_registrado(afiliado_id=afiliado), 1)
    await ponerse_al_dia(motor, kafka_bootstrap, DerechosProjection(topic_prefix))
    app = bootstrap(motor, tmp_path)
    r = await app.ejecutar(radicacion(afiliado, fecha_documentos=hoy()))
    assert r.agregado_id is not None
    t = await app.ejecutar(TomarPresolicitud(r.agregado_id, "op", False, r.version))
    g = await app.ejecutar(
        GestionarPresolicitud(
            r.agregado_id, "op", t.version, (ServicioAAutorizar("890201", "IPS CENTRO"),), ()
        )
    )
    [ops_id] = g.ops_ids

    evento = pago(ops_id, afiliado)
    event_id = await publicar(evento, 1)
    await publicar(evento, 1, event_id=event_id)  # the relay may publish twice
    await publicar(evento.model_copy(update={"transaccion_id": uuid4()}), 2)  # a stray second
    await ponerse_al_dia(motor, kafka_bootstrap, PagosProjection(topic_prefix))

    tipos = await filas(
        motor, f"SELECT event_type FROM events WHERE stream_id = '{ops_id}' ORDER BY version"
    )
    assert [t.event_type.split(".")[3] for t in tipos] == ["OPSAutorizada", "OPSEntregada"]
    [vista] = await filas(motor, "SELECT estado FROM ops_vista")
    assert vista.estado == "ENTREGADA"


async def test_pago_de_una_ops_aun_desconocida_se_conserva_sin_ir_a_dlq(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    kafka_bootstrap: str,
    topic_prefix: str,
) -> None:
    ops_id = uuid4()
    await publicar(pago(ops_id, uuid4()), 1)
    consumidor = ExactlyOnceConsumer(
        projection=PagosProjection(topic_prefix), engine=motor, bootstrap_servers=kafka_bootstrap
    )
    await consumidor.run_until_caught_up()
    assert consumidor.dead_lettered == 0
    [fila] = await filas(motor, "SELECT ops_id FROM pagos_aprobados")
    assert fila.ops_id == ops_id


async def test_historico_de_cuotas_muestra_aprobado_rechazado_con_motivo_y_pendiente(
    publicar: PublicadorEventos,
    motor: AsyncEngine,
    kafka_bootstrap: str,
    topic_prefix: str,
    tmp_path: Any,
) -> None:
    afiliado = uuid4()
    await publicar(afiliado_registrado(afiliado_id=afiliado), 1)
    await ponerse_al_dia(motor, kafka_bootstrap, DerechosProjection(topic_prefix))
    app = bootstrap(motor, tmp_path)
    r = await app.ejecutar(radicacion(afiliado, fecha_documentos=hoy()))
    assert r.agregado_id is not None
    t = await app.ejecutar(TomarPresolicitud(r.agregado_id, "op", False, r.version))
    g = await app.ejecutar(
        GestionarPresolicitud(
            r.agregado_id,
            "op",
            t.version,
            (ServicioAAutorizar("890201", "IPS"), ServicioAAutorizar("890274", "IPS")),
            (),
        )
    )
    pagada, pendiente = g.ops_ids
    aprobado = pago(pagada, afiliado)
    rechazo = PagoRechazado(
        obligacion_id=aprobado.obligacion_id,
        afiliado_id=afiliado,
        ops_id=pagada,
        transaccion_id=uuid4(),
        valor=20100,
        medio=MedioPago.PSE,
        motivo="La petición ha expirado",
        rechazado_en=datetime(2026, 11, 1, tzinfo=UTC),
    )
    await publicar(rechazo, 1)
    await publicar(aprobado, 2)
    await ponerse_al_dia(motor, kafka_bootstrap, PagosProjection(topic_prefix))

    filas, total = await app.lecturas.cuotas_de(afiliado, 0, 10)
    assert total == 3
    assert [(f.estado, f.motivo) for f in filas] == [
        ("PENDIENTE", None),
        ("APROBADO", None),
        ("RECHAZADO", "La petición ha expirado"),
    ]
    assert filas[0].valor == 5000  # the example cotizante is rango A
    assert pendiente != pagada
