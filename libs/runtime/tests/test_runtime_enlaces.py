"""Links for e-mails travel encrypted: readable only with the shared key, tamper-evident."""

import pytest
from cryptography.fernet import Fernet

from eps_runtime.enlaces import EnlaceIlegible, EnlacesSettings, cifrar_enlace, descifrar_enlace

ENLACE = "https://oficina.eps.local/activar?token=abc123"


def test_enlace_cifrado_se_lee_con_la_misma_clave_y_no_lo_muestra() -> None:
    clave = EnlacesSettings().clave

    cifrado = cifrar_enlace(ENLACE, clave)

    assert "abc123" not in cifrado
    assert descifrar_enlace(cifrado, clave) == ENLACE


def test_enlace_cifrado_con_otra_clave_no_se_lee() -> None:
    cifrado = cifrar_enlace(ENLACE, Fernet.generate_key().decode())

    with pytest.raises(EnlaceIlegible):
        descifrar_enlace(cifrado, EnlacesSettings().clave)


def test_enlace_alterado_no_se_lee() -> None:
    clave = EnlacesSettings().clave
    cifrado = cifrar_enlace(ENLACE, clave)
    alterado = cifrado[:-6] + ("A" if cifrado[-6] != "A" else "B") + cifrado[-5:]

    with pytest.raises(EnlaceIlegible):
        descifrar_enlace(alterado, clave)
