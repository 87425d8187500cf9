"""Storage of support documents: server-chosen names, private files, no way out of the root."""

import io
import os
import re
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from affiliation.adapters.almacen_soportes import (
    AlmacenSoportesEnDisco,
    AlmacenSoportesEnMemoria,
)
from affiliation.application.puertos_soportes import AlmacenSoportes, SoporteNoEncontrado
from eps_runtime.archivos import ArchivoValidado, validar_archivo

_REFERENCIA = re.compile(r"[0-9a-f]{32}\.(pdf|jpg|png)")


def _png() -> ArchivoValidado:
    salida = io.BytesIO()
    Image.new("RGB", (32, 24), (10, 120, 200)).save(salida, "PNG")
    # A hostile name: it must end up nowhere in storage.
    return validar_archivo("../../etc/passwd.png", salida.getvalue())


@pytest.fixture(params=["disco", "memoria"])
def almacen(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[AlmacenSoportes]:
    if request.param == "disco":
        yield AlmacenSoportesEnDisco(tmp_path / "soportes")
    else:
        yield AlmacenSoportesEnMemoria()


def _archivos_bajo(raiz: Path) -> list[Path]:
    return sorted(ruta for ruta in raiz.rglob("*") if ruta.is_file())


async def test_soporte_guardado_se_lee_igual(almacen: AlmacenSoportes) -> None:
    archivo = _png()

    referencia = await almacen.guardar(archivo)

    assert await almacen.leer(referencia) == archivo.contenido


async def test_referencia_lleva_la_extension_del_contenido(almacen: AlmacenSoportes) -> None:
    referencia = await almacen.guardar(_png())

    assert referencia.endswith(".png")


async def test_soporte_desconocido_no_se_encuentra(almacen: AlmacenSoportes) -> None:
    with pytest.raises(SoporteNoEncontrado):
        await almacen.leer("0" * 32 + ".pdf")


async def test_eliminar_es_idempotente(almacen: AlmacenSoportes) -> None:
    referencia = await almacen.guardar(_png())

    await almacen.eliminar(referencia)
    await almacen.eliminar(referencia)
    await almacen.eliminar("../no-existe")

    with pytest.raises(SoporteNoEncontrado):
        await almacen.leer(referencia)


async def test_referencia_con_ruta_relativa_no_escapa_del_directorio(tmp_path: Path) -> None:
    secreto = tmp_path / "secreto.pdf"
    secreto.write_bytes(b"no debe leerse")
    almacen = AlmacenSoportesEnDisco(tmp_path / "soportes")
    valida = await almacen.guardar(_png())
    intentos = [
        "../secreto.pdf",
        "../../secreto.pdf",
        valida[:2] + "/../../secreto.pdf",
        str(secreto),
        valida + "\n",
        valida.upper(),
        valida[:2] + "/" + valida,
        "",
    ]

    for referencia in intentos:
        with pytest.raises(SoporteNoEncontrado):
            await almacen.leer(referencia)
        await almacen.eliminar(referencia)

    assert secreto.read_bytes() == b"no debe leerse"
    assert await almacen.leer(valida) == _png().contenido


async def test_archivos_guardados_solo_los_lee_el_servicio(tmp_path: Path) -> None:
    raiz = tmp_path / "soportes"
    almacen = AlmacenSoportesEnDisco(raiz)

    referencia = await almacen.guardar(_png())

    (guardado,) = _archivos_bajo(raiz)
    assert stat.S_IMODE(guardado.stat().st_mode) == 0o600
    assert stat.S_IMODE(guardado.parent.stat().st_mode) == 0o700
    assert stat.S_IMODE(raiz.stat().st_mode) == 0o700
    assert guardado.parent.name == referencia[:2]


async def test_nombres_de_archivo_los_genera_el_servidor(tmp_path: Path) -> None:
    raiz = tmp_path / "soportes"
    almacen = AlmacenSoportesEnDisco(raiz)
    archivo = _png()

    primera = await almacen.guardar(archivo)
    segunda = await almacen.guardar(archivo)

    assert primera != segunda
    for referencia in (primera, segunda):
        assert _REFERENCIA.fullmatch(referencia)
    guardados = _archivos_bajo(raiz)
    # Only the two documents: no temporary file left, nothing named after "passwd".
    assert sorted(ruta.relative_to(raiz).as_posix() for ruta in guardados) == sorted(
        f"{referencia[:2]}/{referencia}" for referencia in (primera, segunda)
    )


async def test_escritura_fallida_no_deja_archivos_a_medias(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    raiz = tmp_path / "soportes"
    almacen = AlmacenSoportesEnDisco(raiz)

    def disco_lleno(origen: object, destino: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", disco_lleno)

    with pytest.raises(OSError, match="No space left"):
        await almacen.guardar(_png())

    assert _archivos_bajo(raiz) == []


async def test_memoria_genera_las_mismas_referencias_que_el_disco() -> None:
    almacen = AlmacenSoportesEnMemoria()

    referencia = await almacen.guardar(_png())

    assert _REFERENCIA.fullmatch(referencia)
    assert list(almacen.soportes) == [referencia]
