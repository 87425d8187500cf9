"""The dashboard's payments section from billing's events on real Kafka: what is owed, a
payment in process, the last payments; a redelivery changes nothing."""

import uuid

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events.billing import (
    ObligacionPagoCreada,
    PagoAprobado,
    PagoRechazado,
    TransaccionIniciada,
)
from eps_contracts.examples import example_of
from eps_runtime.consumer import ExactlyOnceConsumer
from portal.adapters.secciones.billing import SECCION
from portal.domain.billing import ResumenPagos

from ..conftest import Publicar

pytestmark = pytest.mark.integration


async def _al_dia(motor: AsyncEngine, topic_prefix: str, kafka: str) -> None:
    consumidor = ExactlyOnceConsumer(
        projection=SECCION.proyeccion(topic_prefix), engine=motor, bootstrap_servers=kafka
    )
    await consumidor.run_until_caught_up()


async def _leer(motor: AsyncEngine, afiliado_id: uuid.UUID) -> ResumenPagos | None:
    async with motor.connect() as conn:
        return await SECCION.leer(conn, afiliado_id)


async def test_el_tablero_muestra_lo_que_debe_y_el_pago_aprobado_pasa_a_ultimos_pagos(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    afiliado_id = uuid.uuid4()
    obligaciones = [uuid.uuid4(), uuid.uuid4()]
    for obligacion_id, valor in zip(obligaciones, (20100, 57000), strict=True):
        creada = example_of(ObligacionPagoCreada).model_copy(
            update={"obligacion_id": obligacion_id, "afiliado_id": afiliado_id, "valor": valor}
        )
        evento_id = await publicar(creada, 1)
        await publicar(creada, 1, evento_id)  # redelivered
    comun = {"obligacion_id": obligaciones[0], "afiliado_id": afiliado_id}
    await publicar(example_of(TransaccionIniciada).model_copy(update=comun), 2)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    resumen = await _leer(motor, afiliado_id)
    assert resumen is not None and resumen.total_por_pagar == 77100
    assert sorted(c.estado for c in resumen.por_pagar) == ["EN_PROCESO", "POR_PAGAR"]

    await publicar(example_of(PagoAprobado).model_copy(update=comun), 3)
    # A late rejection of another attempt cannot undo the payment.
    await publicar(example_of(PagoRechazado).model_copy(update=comun), 4)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    resumen = await _leer(motor, afiliado_id)
    assert resumen is not None and resumen.total_por_pagar == 57000
    [pago] = resumen.ultimos_pagos
    assert (pago.obligacion_id, pago.recibo, pago.valor) == (
        obligaciones[0],
        "RC-2026-000001",
        20100,
    )


async def test_quien_no_tiene_cuotas_no_tiene_seccion_de_pagos(motor: AsyncEngine) -> None:
    assert await _leer(motor, uuid.uuid4()) is None


async def test_la_factura_pac_emitida_aparece_por_pagar(
    publicar: Publicar, motor: AsyncEngine, topic_prefix: str, kafka_bootstrap: str
) -> None:
    from eps_contracts.events.billing import FacturaPACEmitida

    factura = example_of(FacturaPACEmitida).model_copy(
        update={"obligacion_id": uuid.uuid4(), "afiliado_id": uuid.uuid4()}
    )
    await publicar(factura, 1)
    await _al_dia(motor, topic_prefix, kafka_bootstrap)
    resumen = await _leer(motor, factura.afiliado_id)  # type: ignore[attr-defined]
    assert resumen is not None and resumen.total_por_pagar == 185_000
    assert resumen.por_pagar[0].numero_autorizacion == "FV-2026-000001"
