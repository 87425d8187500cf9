"""The reports' SQL over the real archive: a term's cases opened and closed by events on
Kafka, and the payment approval rate."""

import uuid
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from audit.adapters.informes_sql import InformesSql
from audit.application.informes import Informes
from audit.domain.plazos import Plazo
from eps_contracts.events.authorizations import OPSAutorizada, OPSEntregada
from eps_contracts.events.billing import PagoAprobado, PagoRechazado
from eps_contracts.examples import example_of

from ..conftest import Archivar, Publicar

pytestmark = pytest.mark.integration

ENTREGA = Plazo(
    "ops", "OPS entregadas en 5 días", "OPSAutorizada", ("OPSEntregada",), 5, False, "prueba"
)


async def test_cumplimiento_y_tasa_de_aprobacion_desde_los_eventos_archivados(
    publicar: Publicar, archivar: Archivar, motor: AsyncEngine
) -> None:
    entregada, pendiente = uuid.uuid4(), uuid.uuid4()
    for ops_id in (entregada, pendiente):
        await publicar(example_of(OPSAutorizada).model_copy(update={"ops_id": ops_id}))
    await publicar(example_of(OPSEntregada).model_copy(update={"ops_id": entregada}), version=2)
    await publicar(example_of(PagoAprobado).model_copy(update={"obligacion_id": uuid.uuid4()}))
    await publicar(example_of(PagoAprobado).model_copy(update={"obligacion_id": uuid.uuid4()}))
    await publicar(example_of(PagoRechazado).model_copy(update={"obligacion_id": uuid.uuid4()}))
    await archivar()
    informes = Informes(InformesSql(motor), plazos=(ENTREGA,))
    ahora = datetime.now(UTC)
    rango = (ahora - timedelta(days=1), ahora + timedelta(days=1))

    [mes] = await informes.cumplimiento(*rango)
    [pagos] = await informes.pagos(*rango)
    volumenes = await informes.volumenes(*rango)

    assert (mes.a_tiempo, mes.tarde, mes.abiertos, mes.abiertos_vencidos) == (1, 0, 1, 0)
    assert mes.mediana_dias is not None and mes.mediana_dias < 1
    assert (pagos.aprobados, pagos.rechazados, pagos.tasa) == (2, 1, 0.6667)
    assert {(v.servicio, v.evento): v.cantidad for v in volumenes} == {
        ("authorizations", "OPSAutorizada"): 2,
        ("authorizations", "OPSEntregada"): 1,
        ("billing", "PagoAprobado"): 2,
        ("billing", "PagoRechazado"): 1,
    }
