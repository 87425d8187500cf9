"""Attachments: what the recipient's mail program receives, and what is refused."""

from datetime import UTC, datetime

import pytest

from notifications.adapters.smtp import construir_mensaje
from notifications.domain.correos import TAMANO_MAXIMO_ADJUNTO, Adjunto

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_el_mensaje_lleva_texto_html_y_el_pdf_con_su_nombre() -> None:
    mensaje = construir_mensaje(
        remitente="Oficina Virtual EPS <no-responder@oficinavirtual.eps.example>",
        destinatario="ana.perez@example.com",
        asunto="Autorización",
        texto="Hola",
        html="<p>Hola</p>",
        message_id="<x@notificaciones.oficinavirtual.eps.example>",
        fecha=datetime(2026, 11, 23, 15, tzinfo=UTC),
        adjuntos=[Adjunto("OPS-AUT-2026-000123.pdf", "application/pdf", PDF)],
    )
    assert mensaje.get_content_type() == "multipart/mixed"
    [adjunto] = list(mensaje.iter_attachments())
    assert adjunto.get_filename() == "OPS-AUT-2026-000123.pdf"
    assert adjunto.get_content_type() == "application/pdf"
    assert adjunto.get_content() == PDF
    cuerpo = mensaje.get_body(preferencelist=("plain",))
    assert cuerpo is not None and cuerpo.get_content() == "Hola\n"


@pytest.mark.parametrize(
    "nombre", ["../../etc/passwd.pdf", "carpeta/ops.pdf", "ops\r\nBcc: x.pdf", "", "sin-extension"]
)
def test_un_nombre_de_adjunto_que_no_es_un_archivo_simple_se_rechaza(nombre: str) -> None:
    with pytest.raises(ValueError, match="nombre"):
        Adjunto(nombre, "application/pdf", PDF)


def test_un_adjunto_vacio_demasiado_grande_o_sin_tipo_se_rechaza() -> None:
    with pytest.raises(ValueError, match="vacío"):
        Adjunto("ops.pdf", "application/pdf", b"")
    with pytest.raises(ValueError, match="10 MB"):
        Adjunto("ops.pdf", "application/pdf", b"x" * (TAMANO_MAXIMO_ADJUNTO + 1))
    with pytest.raises(ValueError, match="MIME"):
        Adjunto("ops.pdf", "pdf", PDF)
