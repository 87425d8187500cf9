"""Billing's payment receipt through real Kafka, PostgreSQL and SMTP, once per event."""

import uuid

import pytest

from eps_contracts.events.affiliation import AfiliadoRegistrado
from eps_contracts.events.billing import PagoAprobado
from eps_contracts.examples import example_of
from eps_runtime.testing.smtp import BuzonSmtp
from notifications.adapters.enviador import Enviador

from ..conftest import PonerseAlDia, Publicar

pytestmark = pytest.mark.integration


async def test_pago_aprobado_llega_al_correo_del_afiliado_una_sola_vez(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, enviador: Enviador, buzon_smtp: BuzonSmtp
) -> None:
    ana = example_of(AfiliadoRegistrado).model_copy(
        update={"afiliado_id": uuid.uuid4(), "email": "ana.perez@example.com"}
    )
    pago = example_of(PagoAprobado).model_copy(update={"afiliado_id": ana.afiliado_id})
    await publicar(ana)
    evento_id = await publicar(pago)
    await publicar(pago, event_id=evento_id)  # the relay may publish twice

    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 1

    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("ana.perez@example.com",)
    assert correo.asunto == "Soporte de pago RC-2026-000001 - Oficina Virtual"
    assert "Valor: $20.100" in correo.cuerpo("plain")
