"""The Spanish templates of identity's e-mails: what each says, autoescaping, the registry."""

import uuid
from datetime import UTC, datetime

import pytest

from eps_contracts.events import DomainEvent
from eps_contracts.events.identity import (
    ContrasenaCambiada,
    ContrasenaEstablecida,
    DelegadoCreado,
    InicioSesionExitoso,
    RestablecimientoSolicitado,
    UsuarioRegistrado,
)
from eps_contracts.examples import example_of
from eps_runtime.enlaces import EnlaceIlegible, EnlacesSettings, cifrar_enlace
from notifications.application.avisos import RegistroAvisos
from notifications.application.redaccion import fecha_en_espanol
from notifications.bootstrap import bootstrap
from notifications.domain.correos import Correo, Decision, message_id, notificacion_id

CLAVE = EnlacesSettings().clave
DESPACHO = bootstrap(clave_enlaces=CLAVE).despacho
ENLACE = "https://oficinavirtual.eps.example/contrasena?token=abc&u=1"
EVENTO_ID = uuid.UUID("0b1c2d3e-4f50-4617-8293-a4b5c6d7e8f9")


def redactar(evento: DomainEvent) -> list[Decision]:
    return DESPACHO.decidir(evento, EVENTO_ID, {})


def correo_de(cls: type, **cambios: object) -> Correo:
    evento = example_of(cls)
    if "enlace" in type(evento).model_fields:
        cambios.setdefault("enlace", cifrar_enlace(ENLACE, CLAVE))
    [correo] = redactar(evento.model_copy(update=cambios))
    assert isinstance(correo, Correo)
    return correo


def test_registro_usuario_da_la_bienvenida_con_el_enlace_y_su_vencimiento() -> None:
    correo = correo_de(UsuarioRegistrado)
    assert correo.plantilla == "registro-usuario"
    assert correo.asunto == "Registro usuario - Oficina Virtual"
    assert correo.destinatario == "ana.perez@example.com"
    assert "Le damos la bienvenida a nuestra Oficina Virtual" in correo.texto
    assert ENLACE in correo.texto
    assert 'href="https://oficinavirtual.eps.example/contrasena?token=abc&amp;u=1"' in correo.html
    assert "vence el 23 de noviembre de 2026 a las 10:00 a. m." in correo.texto
    assert "Su contraseña de la Oficina Virtual es personal e intransferible." in correo.texto
    assert "personal e intransferible" in correo.html


def test_contrasena_cambiada_avisa_y_da_la_linea_si_no_fue_usted() -> None:
    correo = correo_de(ContrasenaCambiada)
    assert correo.asunto == "Cambio de contraseña - Oficina Virtual"
    assert "fue cambiada" in correo.texto
    assert "Si no fue usted, comuníquese con la línea 018000 938777." in correo.texto
    assert "comuníquese con la línea 018000 938777" in correo.html


def test_contrasena_establecida_confirma_sin_enlace() -> None:
    correo = correo_de(ContrasenaEstablecida)
    assert correo.asunto == "Contraseña establecida - Oficina Virtual"
    assert "quedó establecida" in correo.texto
    assert "https://oficinavirtual.eps.example/contrasena" not in correo.texto


def test_restablecimiento_lleva_el_enlace_y_su_vencimiento() -> None:
    correo = correo_de(RestablecimientoSolicitado)
    assert correo.asunto == "Restablecimiento de contraseña - Oficina Virtual"
    assert ENLACE in correo.texto
    assert "vence el 23 de noviembre de 2026" in correo.texto
    assert "Si usted no lo solicitó, ignore este correo" in correo.texto


def test_delegado_creado_lleva_el_enlace_de_activacion() -> None:
    correo = correo_de(DelegadoCreado)
    assert correo.destinatario == "carlos.gomez@pacifico.example.com"
    assert "Estimado(a) Señor(a) Carlos Gómez" in correo.texto
    assert "delegado (Analista de nómina)" in correo.texto
    assert "Para activar su acceso" in correo.texto
    assert ENLACE in correo.texto


def test_un_nombre_con_html_se_muestra_como_texto_en_el_html() -> None:
    correo = correo_de(UsuarioRegistrado, nombre="<script>alert('x')</script> Ana")
    assert "<script>" not in correo.html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; Ana" in correo.html
    assert "<script>alert('x')</script> Ana" in correo.texto  # plain text is not HTML


def test_ningun_correo_lleva_una_contrasena() -> None:
    for cls in (UsuarioRegistrado, ContrasenaEstablecida, ContrasenaCambiada, DelegadoCreado):
        correo = correo_de(cls)
        assert "Contraseña:" not in correo.texto and "Contraseña:" not in correo.html


def test_un_enlace_cifrado_con_otra_clave_no_se_envia() -> None:
    otra = "b3RyYS1jbGF2ZS1kZS0zMi1ieXRlcy1wYXJhLXRlc3Q="
    evento = example_of(UsuarioRegistrado).model_copy(
        update={"enlace": cifrar_enlace(ENLACE, otra)}
    )
    with pytest.raises(EnlaceIlegible):
        redactar(evento)


def test_un_enlace_que_no_es_una_direccion_web_no_se_envia() -> None:
    evento = example_of(UsuarioRegistrado).model_copy(
        update={"enlace": cifrar_enlace("javascript:alert(1)", CLAVE)}
    )
    with pytest.raises(EnlaceIlegible):
        redactar(evento)


def test_el_registro_tiene_los_cinco_correos_de_identity_con_su_asunto() -> None:
    registro = RegistroAvisos.descubrir()
    de_identity = {(a.evento, a.plantilla) for a in registro if a.dominio == "identity"}
    assert de_identity == {
        (UsuarioRegistrado, "registro-usuario"),
        (ContrasenaEstablecida, "contrasena-establecida"),
        (ContrasenaCambiada, "contrasena-cambiada"),
        (RestablecimientoSolicitado, "restablecimiento"),
        (DelegadoCreado, "delegado-creado"),
    }


def test_un_evento_sin_plantilla_no_causa_correos() -> None:
    assert redactar(example_of(InicioSesionExitoso)) == []


def test_message_id_y_notificacion_dependen_solo_del_evento_y_la_plantilla() -> None:
    assert message_id(EVENTO_ID, "registro-usuario") == message_id(EVENTO_ID, "registro-usuario")
    assert message_id(EVENTO_ID, "registro-usuario") != message_id(EVENTO_ID, "restablecimiento")
    assert str(notificacion_id(EVENTO_ID, "registro-usuario")) in message_id(
        EVENTO_ID, "registro-usuario"
    )
    assert correo_de(UsuarioRegistrado).message_id == message_id(EVENTO_ID, "registro-usuario")


def test_fechas_en_espanol_y_hora_de_colombia() -> None:
    assert fecha_en_espanol(datetime(2026, 1, 1, 17, 5, tzinfo=UTC)) == (
        "1 de enero de 2026 a las 12:05 p. m. (hora de Colombia)"
    )
    assert fecha_en_espanol(datetime(2026, 7, 20, 5, 30, tzinfo=UTC)) == (
        "20 de julio de 2026 a las 12:30 a. m. (hora de Colombia)"
    )
