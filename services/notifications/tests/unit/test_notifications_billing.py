"""Billing's e-mails: the payment receipt and the rejected payment notice."""

import uuid

from eps_contracts.events.billing import PagoAprobado, PagoRechazado
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlacesSettings
from notifications.bootstrap import bootstrap
from notifications.domain.correos import Contacto, Correo, EnEspera, afiliado

CLAVE = EnlacesSettings().clave
EVENTO_ID = uuid.UUID("2c3d4e5f-6071-4829-a3a4-b5c6d7e8f901")
ANA = Contacto("ana.perez@example.com", "Ana María Pérez Gómez")


def test_pago_aprobado_envia_el_soporte_con_recibo_valor_y_medio() -> None:
    pago = example_of(PagoAprobado)
    assert isinstance(pago, PagoAprobado)
    despacho = bootstrap(clave_enlaces=CLAVE).despacho
    [correo] = despacho.decidir(pago, EVENTO_ID, {afiliado(pago.afiliado_id): ANA})
    assert isinstance(correo, Correo)
    assert correo.destinatario == "ana.perez@example.com"
    assert correo.asunto == "Soporte de pago RC-2026-000001 - Oficina Virtual"
    assert "Recibo de pago: RC-2026-000001" in correo.texto
    assert "Valor: $20.100" in correo.texto
    assert "PSE (débito a cuenta)" in correo.html


def test_pago_rechazado_avisa_el_motivo_de_la_pasarela() -> None:
    pago = example_of(PagoRechazado)
    despacho = bootstrap(clave_enlaces=CLAVE).despacho
    [correo] = despacho.decidir(pago, EVENTO_ID, {afiliado(pago.afiliado_id): ANA})
    assert isinstance(correo, Correo)
    assert "no se realizó: La petición ha expirado." in correo.texto


def test_pago_de_alguien_que_el_directorio_aun_no_conoce_espera() -> None:
    pago = example_of(PagoAprobado)
    [espera] = bootstrap(clave_enlaces=CLAVE).despacho.decidir(pago, EVENTO_ID, {})
    assert isinstance(espera, EnEspera)


def test_pago_de_factura_pac_dice_el_concepto_pac_y_no_habla_de_ops() -> None:
    pago = example_of(PagoAprobado).model_copy(update={"ops_id": None, "factura_id": uuid.uuid4()})
    [correo] = bootstrap(clave_enlaces=CLAVE).despacho.decidir(
        pago, EVENTO_ID, {afiliado(pago.afiliado_id): ANA}
    )
    assert isinstance(correo, Correo)
    assert "Concepto: Plan de Atención Complementaria (PAC)" in correo.texto
    assert "OPS" not in correo.texto
