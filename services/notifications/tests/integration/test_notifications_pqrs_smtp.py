"""PQRS events on real Kafka → notifications' consumers → a real SMTP server."""

import uuid

import pytest

from eps_contracts.events.affiliation import AfiliadoRegistrado
from eps_contracts.events.pqrs import PQRSRadicada, PQRSRespondida, TipoRadicante
from eps_contracts.examples import example_of
from eps_runtime.testing.smtp import BuzonSmtp
from notifications.adapters.enviador import Enviador

from ..conftest import PonerseAlDia, Publicar

pytestmark = pytest.mark.integration


async def test_radicada_de_afiliado_llega_a_su_correo_con_el_radicado_y_html_escapado(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, enviador: Enviador, buzon_smtp: BuzonSmtp
) -> None:
    afiliado = example_of(AfiliadoRegistrado).model_copy(update={"email": "ana.perez@example.com"})
    radicada = example_of(PQRSRadicada).model_copy(
        update={"afiliado_id": afiliado.afiliado_id, "descripcion": "<b>urgente</b>"}
    )
    await publicar(afiliado)
    await publicar(radicada)

    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 1

    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("ana.perez@example.com",)
    assert correo.asunto == "Solicitud radicada 2026-3975 - Oficina Virtual"
    assert "Registro exitoso con el número de radicado 2026-3975" in correo.cuerpo("plain")
    assert "&lt;b&gt;urgente&lt;/b&gt;" in correo.cuerpo("html")


async def test_respuesta_a_anonimo_va_al_correo_que_dio(
    publicar: Publicar, ponerse_al_dia: PonerseAlDia, enviador: Enviador, buzon_smtp: BuzonSmtp
) -> None:
    respondida = example_of(PQRSRespondida).model_copy(
        update={
            "solicitud_id": uuid.uuid4(),
            "afiliado_id": None,
            "email_respuesta": "ciudadano@example.com",
        }
    )
    sin_correo = example_of(PQRSRadicada).model_copy(
        update={
            "solicitud_id": uuid.uuid4(),
            "afiliado_id": None,
            "radicante": TipoRadicante.ANONIMO,
        }
    )
    await publicar(sin_correo)
    await publicar(respondida)

    await ponerse_al_dia()
    assert await enviador.enviar_pendientes() == 1

    [correo] = await buzon_smtp.esperar(1)
    assert correo.destinatarios == ("ciudadano@example.com",)
    assert "Califique la respuesta" in correo.cuerpo("plain")
