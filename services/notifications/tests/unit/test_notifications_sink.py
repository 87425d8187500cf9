"""The local SMTP sink: a real SMTP server writing ``.eml`` files, and ``ver`` reading them."""

import os
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from eps_runtime.testing.smtp import puerto_libre
from notifications.adapters.smtp import ServidorSmtp, construir_mensaje
from notifications.dev.sink import GuardarEnDirectorio, main, mensajes


async def test_el_sumidero_guarda_cada_correo_y_ver_lo_muestra(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    puerto = puerto_libre()
    controlador = Controller(GuardarEnDirectorio(tmp_path), hostname="127.0.0.1", port=puerto)
    controlador.start()
    try:
        for asunto in ("Primero", "Registro usuario - Oficina Virtual"):
            await ServidorSmtp(port=puerto).enviar(
                construir_mensaje(
                    remitente="no-responder@oficinavirtual.eps.example",
                    destinatario="ana.perez@example.com",
                    asunto=asunto,
                    texto=f"Cuerpo de {asunto}: contraseña ñ",
                    html=None,
                    message_id="<1@prueba>",
                    fecha=datetime(2026, 11, 22, 15, 0, tzinfo=UTC),
                )
            )
    finally:
        controlador.stop()

    guardados = mensajes(tmp_path)
    assert len(guardados) == 2 and all(p.suffix == ".eml" for p in guardados)
    # Nothing but the messages: no temporary file left behind, no metadata beside them.
    assert sorted(os.listdir(tmp_path)) == [p.name for p in guardados]

    assert main(["ver", "--dir", str(tmp_path)]) == 0
    listado = capsys.readouterr().out
    assert "ana.perez@example.com" in listado and "Primero" in listado

    assert main(["ver", "--ultimo", "--dir", str(tmp_path)]) == 0
    ultimo = capsys.readouterr().out
    assert "Asunto: Registro usuario - Oficina Virtual" in ultimo
    assert "Cuerpo de Registro usuario - Oficina Virtual: contraseña ñ" in ultimo


def test_ver_sin_correos_lo_dice(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ver", "--ultimo", "--dir", str(tmp_path / "nada")]) == 1
    assert "no hay correos" in capsys.readouterr().out
