"""Validation reads what affiliation's and billing's events left, consumed through Kafka:
redelivered and late contributions, arrears and its settlement."""

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.affiliation import (
    AfiliacionReactivada,
    AfiliacionSuspendida,
    EmpleadorVinculado,
)
from eps_contracts.events.billing import AporteRegistrado, MoraDetectada, MoraSaldada
from eps_contracts.types import TipoCotizante
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.testing.events import afiliado_registrado
from eps_runtime.testing.kafka import PublicadorEventos
from incapacities.adapters.proyecciones import proyecciones
from incapacities.adapters.sql import SituacionesSql
from incapacities.domain.derecho import dias_cotizados_antes, negacion

pytestmark = pytest.mark.integration

EMPLEADOR = UUID("b1a2b3c4-5d6e-4f7a-8b9c-0d1e2f3a4b5c")
INICIO = date(2026, 3, 2)


@pytest.fixture
async def motor(incapacities_database_url: str) -> AsyncIterator[AsyncEngine]:
    motor = create_engine(incapacities_database_url)
    yield motor
    await motor.dispose()


async def ponerse_al_dia(motor: AsyncEngine, topic_prefix: str, kafka: str) -> None:
    for proyeccion in proyecciones(topic_prefix):
        await ExactlyOnceConsumer(
            projection=proyeccion,
            engine=motor,
            bootstrap_servers=kafka,
            group_id=topic_prefix + proyeccion.name,
        ).run_until_caught_up()


def aporte(afiliado_id: UUID, periodo: str, dias: int = 30) -> AporteRegistrado:
    return AporteRegistrado(
        afiliado_id=afiliado_id,
        aporte_id=uuid4(),
        aportante_id=EMPLEADOR,
        periodo=periodo,
        dias_cotizados=dias,
        ibc=3_000_000,
        valor=375_000,
        fecha_pago=date(2026, 2, 5),
        planilla="9000123456",
    )


async def test_aportes_repetidos_y_tardios_y_la_mora_dejan_la_validacion_correcta(
    motor: AsyncEngine, kafka_bootstrap: str, topic_prefix: str
) -> None:
    afiliado = afiliado_registrado()
    afiliado = afiliado.model_copy(update={"tipo_cotizante": TipoCotizante.DEPENDIENTE})
    a = afiliado.afiliado_id
    febrero = aporte(a, "2026-02", 20)
    async with PublicadorEventos(kafka_bootstrap, topic_prefix) as publicar:
        await publicar(afiliado, 1)
        await publicar(
            EmpleadorVinculado(
                afiliado_id=a,
                empleador_id=EMPLEADOR,
                fecha_ingreso=date(2025, 1, 1),
                adicional=False,
            ),
            2,
        )
        id_febrero = await publicar(febrero)
        await publicar(febrero, event_id=id_febrero)  # redelivered by the relay
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            situaciones = SituacionesSql(conn)
            cotizante = await situaciones.cotizante(a)
            assert cotizante is not None and cotizante.activo
            assert cotizante.empleadores == {EMPLEADOR}
            situacion = await situaciones.situacion(a)
        assert dias_cotizados_antes(situacion, INICIO) == 20
        assert negacion(situacion, INICIO, 4) is not None  # 20 días < 4 semanas
        # January's contribution arrives late, and the same aporte again in a new record.
        await publicar(aporte(a, "2026-01"))
        await publicar(febrero)
        ahora = datetime.now(UTC)
        await publicar(
            MoraDetectada(
                afiliado_id=a, periodos=["2026-02"], valor_adeudado=10, detectada_en=ahora
            )
        )
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            situacion = await SituacionesSql(conn).situacion(a)
        assert dias_cotizados_antes(situacion, INICIO) == 50
        sin = negacion(situacion, INICIO, 4)
        assert sin is not None and (sin.rechazo, sin.causal) == (False, "mora")
        await publicar(MoraSaldada(afiliado_id=a, saldada_en=ahora + timedelta(seconds=1)))
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            assert negacion(await SituacionesSql(conn).situacion(a), INICIO, 4) is None
        await publicar(AfiliacionSuspendida(afiliado_id=a, motivo="MORA", fecha=INICIO), 3)
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            sin = negacion(await SituacionesSql(conn).situacion(a), INICIO, 4)
        assert sin is not None and sin.causal == "afiliacion-inactiva"
        # A stale reactivation (version 2, replayed after the suspension) changes nothing;
        # the real one (version 4) does.
        await publicar(AfiliacionReactivada(afiliado_id=a, motivo="PAGO_DE_MORA", fecha=INICIO), 2)
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            cotizante = await SituacionesSql(conn).cotizante(a)
        assert cotizante is not None and not cotizante.activo
        await publicar(AfiliacionReactivada(afiliado_id=a, motivo="PAGO_DE_MORA", fecha=INICIO), 4)
        await ponerse_al_dia(motor, topic_prefix, kafka_bootstrap)
        async with motor.connect() as conn:
            cotizante = await SituacionesSql(conn).cotizante(a)
        assert cotizante is not None and cotizante.activo
