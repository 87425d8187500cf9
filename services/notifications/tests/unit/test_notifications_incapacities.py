"""Incapacities' e-mails to the cotizante: filing, liquidation, rejection, no subsidy and
payment, with the folio, the amounts in pesos and the reason."""

import uuid

from eps_contracts.events.incapacities import (
    IncapacidadLiquidada,
    IncapacidadPagada,
    IncapacidadRadicada,
    IncapacidadRechazada,
    IncapacidadSinSubsidio,
)
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlacesSettings
from notifications.bootstrap import bootstrap
from notifications.domain.correos import Contacto, Correo, EnEspera, afiliado

EVENTO_ID = uuid.UUID("2c2d3e4f-5061-4728-9394-a5b6c7d8e9f0")
ANA = Contacto("ana.perez@example.com", "Ana María Pérez Gómez")


def correo(evento: object) -> Correo:
    despacho = bootstrap(clave_enlaces=EnlacesSettings().clave).despacho
    [decision] = despacho.decidir(evento, EVENTO_ID, {afiliado(evento.cotizante_id): ANA})  # type: ignore[attr-defined]
    assert isinstance(decision, Correo)
    return decision


def test_radicada_avisa_el_folio_y_la_fecha_limite_de_la_decision() -> None:
    c = correo(example_of(IncapacidadRadicada))
    assert c.asunto == "Incapacidad radicada, folio 1 - Oficina Virtual"
    assert c.destinatario == "ana.perez@example.com"
    assert "a más tardar el 15 de diciembre de 2026" in c.texto
    assert "<strong>1</strong>" in c.html


def test_liquidada_dice_el_valor_en_pesos_y_cuando_se_paga() -> None:
    c = correo(example_of(IncapacidadLiquidada))
    assert "3 días por $200.010" in c.texto and "30 de noviembre de 2026" in c.texto


def test_rechazada_y_sin_subsidio_dicen_el_motivo() -> None:
    assert "4 semanas de cotización" in correo(example_of(IncapacidadRechazada)).texto
    assert "estaba en mora" in correo(example_of(IncapacidadSinSubsidio)).texto


def test_pagada_dice_valor_y_fecha_del_pago() -> None:
    c = correo(example_of(IncapacidadPagada))
    assert "$200.010" in c.texto and "27 de noviembre de 2026" in c.texto


def test_cotizante_aun_desconocido_para_el_directorio_espera() -> None:
    despacho = bootstrap(clave_enlaces=EnlacesSettings().clave).despacho
    [espera] = despacho.decidir(example_of(IncapacidadRadicada), EVENTO_ID, {})
    assert isinstance(espera, EnEspera)
