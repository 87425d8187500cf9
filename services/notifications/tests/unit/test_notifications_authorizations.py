"""Authorizations' e-mails: presolicitud received and answered (with each denial's reason),
to whoever filed it."""

import uuid

from eps_contracts.events.authorizations import PresolicitudCreada, PresolicitudGestionada
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlacesSettings
from notifications.bootstrap import bootstrap
from notifications.domain.correos import Contacto, Correo, EnEspera, afiliado

EVENTO_ID = uuid.UUID("2d3e4f50-6172-4839-94a5-b6c7d8e9f0a1")
ANA = Contacto("ana.perez@example.com", "Ana María Pérez Gómez")


def despacho():  # type: ignore[no-untyped-def]
    return bootstrap(clave_enlaces=EnlacesSettings().clave).despacho


def test_presolicitud_recibida_da_el_consecutivo_y_el_plazo_a_quien_la_radico() -> None:
    evento = example_of(PresolicitudCreada)
    assert isinstance(evento, PresolicitudCreada)
    [correo] = despacho().decidir(evento, EVENTO_ID, {afiliado(evento.radicada_por): ANA})
    assert isinstance(correo, Correo)
    assert correo.asunto == "Presolicitud 1234 recibida - Oficina Virtual"
    assert "Su consecutivo es 1234." in correo.texto
    assert "28 de noviembre de 2026" in correo.texto
    assert "<strong>1234</strong>" in correo.html


def test_respuesta_lista_cada_servicio_negado_con_su_motivo() -> None:
    evento = example_of(PresolicitudGestionada)
    assert isinstance(evento, PresolicitudGestionada)
    [correo] = despacho().decidir(evento, EVENTO_ID, {afiliado(evento.radicada_por): ANA})
    assert isinstance(correo, Correo)
    assert correo.asunto == "Respuesta a su presolicitud 1234 - Oficina Virtual"
    assert "Servicios autorizados: 1." in correo.texto
    assert "- 930860 ELECTROMIOGRAFIA: La historia clínica no soporta la solicitud." in correo.texto
    assert "<td>La historia clínica no soporta la solicitud.</td>" in correo.html


def test_quien_radico_aun_desconocido_espera_al_directorio() -> None:
    evento = example_of(PresolicitudCreada)
    [decision] = despacho().decidir(evento, EVENTO_ID, {})
    assert isinstance(decision, EnEspera)
