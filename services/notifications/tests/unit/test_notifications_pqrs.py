"""PQRS e-mails: filed, extended, forwarded, answered; to the affiliate by id or to the
anonymous citizen's address; markup in the description arrives as text."""

import uuid

from eps_contracts.events.pqrs import (
    PQRSProrrogada,
    PQRSRadicada,
    PQRSRespondida,
    PQRSTrasladada,
    TipoRadicante,
)
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlacesSettings
from notifications.bootstrap import bootstrap
from notifications.domain.correos import (
    Contacto,
    Correo,
    EnEspera,
    MotivoNoEnviable,
    NoEnviable,
    afiliado,
)

CLAVE = EnlacesSettings().clave
EVENTO_ID = uuid.UUID("2d3e4f50-6172-4839-94a5-b6c7d8e9f0a1")
ANA = Contacto("ana.perez@example.com", "Ana María Pérez Gómez")
RADICADA = example_of(PQRSRadicada)


def decidir(evento: object, contactos: dict[object, Contacto] | None = None) -> list[object]:
    despacho = bootstrap(clave_enlaces=CLAVE).despacho
    return list(despacho.decidir(evento, EVENTO_ID, contactos or {}))  # type: ignore[arg-type]


def test_radicada_llega_al_afiliado_con_el_radicado_y_el_plazo() -> None:
    [correo] = decidir(RADICADA, {afiliado(RADICADA.afiliado_id): ANA})  # type: ignore[arg-type]

    assert isinstance(correo, Correo)
    assert correo.destinatario == "ana.perez@example.com"
    assert correo.asunto == "Solicitud radicada 2026-3975 - Oficina Virtual"
    assert "Registro exitoso con el número de radicado 2026-3975" in correo.texto
    assert "Plazo de respuesta: hasta el 15 de diciembre de 2026" in correo.texto
    assert "Tipo de solicitud: reclamo" in correo.texto


def test_radicada_de_afiliado_que_el_directorio_no_conoce_espera() -> None:
    [espera] = decidir(RADICADA)

    assert isinstance(espera, EnEspera)


def test_html_en_la_descripcion_llega_como_texto() -> None:
    evento = RADICADA.model_copy(update={"descripcion": "<script>alert(1)</script>"})

    [correo] = decidir(evento, {afiliado(RADICADA.afiliado_id): ANA})  # type: ignore[arg-type]

    assert isinstance(correo, Correo)
    assert "<script>" not in correo.html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in correo.html


def test_anonima_con_correo_va_a_esa_direccion_sin_el_codigo() -> None:
    evento = RADICADA.model_copy(
        update={
            "afiliado_id": None,
            "radicante": TipoRadicante.ANONIMO,
            "email_respuesta": "ciudadano@example.com",
        }
    )

    [correo] = decidir(evento)

    assert isinstance(correo, Correo)
    assert correo.destinatario == "ciudadano@example.com"
    assert "Estimado(a) Señor(a) Ciudadano(a):" in correo.texto
    assert "código de consulta" in correo.texto


def test_anonima_sin_correo_no_es_enviable() -> None:
    evento = RADICADA.model_copy(update={"afiliado_id": None, "radicante": TipoRadicante.ANONIMO})

    [no_enviable] = decidir(evento)

    assert isinstance(no_enviable, NoEnviable)
    assert no_enviable.motivo is MotivoNoEnviable.SIN_CORREO


def test_prorroga_traslado_y_respuesta_dicen_fecha_entidad_y_respuesta() -> None:
    contactos = {afiliado(RADICADA.afiliado_id): ANA}  # type: ignore[arg-type]

    [prorroga] = decidir(example_of(PQRSProrrogada), contactos)
    [traslado] = decidir(example_of(PQRSTrasladada), contactos)
    [respuesta] = decidir(example_of(PQRSRespondida), contactos)

    assert isinstance(prorroga, Correo) and isinstance(traslado, Correo)
    assert isinstance(respuesta, Correo)
    assert "se amplió hasta el 8 de enero de 2027" in prorroga.texto
    assert "Motivo: Se requiere concepto del prestador." in prorroga.texto
    assert "trasladada a Superintendencia Nacional de Salud" in traslado.texto
    assert "El medicamento se entregará en la farmacia el 25 de noviembre." in respuesta.texto
    assert "Califique la respuesta" in respuesta.texto
