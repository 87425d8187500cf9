"""Support-document uploads: PDF, JPG or PNG of at most 2 MB, judged by content, not by name."""

import hashlib
import io
import random
from collections.abc import Callable
from datetime import UTC, datetime

import pytest
from fpdf import FPDF
from PIL import Image, ImageFile
from pypdf import PdfReader, PdfWriter

from eps_runtime.archivos import (
    MAXIMO_PIXELES_IMAGEN,
    TAMANO_MAXIMO_BYTES,
    ArchivoDanado,
    ArchivoDemasiadoGrande,
    ArchivoNoValido,
    ArchivoVacio,
    ArchivoValidado,
    FormatoArchivo,
    FormatoNoPermitido,
    ImagenDemasiadoGrande,
    PdfProtegido,
    validar_archivo,
)
from eps_runtime.errores import ErrorDeDominio

_FECHA = datetime(2026, 11, 22, tzinfo=UTC)

Corte = Callable[[int], int]
"""Where a test cuts a file, given its length."""


def _pdf(relleno: bytes = b"") -> bytes:
    """A real one-page PDF; ``relleno`` is embedded uncompressed to make it bigger."""
    pdf = FPDF()
    pdf.set_creation_date(_FECHA)
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="Soporte de afiliación")
    if relleno:
        pdf.embed_file(
            bytes=relleno, basename="relleno.bin", modification_date=_FECHA, compress=False
        )
    return bytes(pdf.output())


def _pdf_de(tamano_bytes: int) -> bytes:
    """A valid PDF of exactly ``tamano_bytes``, padded with random (incompressible) bytes.

    The PDF around the padding grows a little when offsets gain digits, so the padding is
    corrected until the total is exact.
    """
    azar = random.Random(tamano_bytes)
    relleno = tamano_bytes - len(_pdf())
    for _ in range(10):
        pdf = _pdf(azar.randbytes(relleno))
        if len(pdf) == tamano_bytes:
            return pdf
        relleno += tamano_bytes - len(pdf)
    raise AssertionError(f"no se logró un PDF de {tamano_bytes} bytes")


def _pdf_cifrado(clave_de_apertura: str) -> bytes:
    escritor = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf())))
    escritor.encrypt(
        user_password=clave_de_apertura, owner_password="clave-del-dueno", algorithm="AES-256"
    )
    salida = io.BytesIO()
    escritor.write(salida)
    return salida.getvalue()


def _imagen(formato: str, tamano: tuple[int, int] = (64, 48)) -> bytes:
    """A real image of random pixels (so a cut always lands in pixel data)."""
    ancho, alto = tamano
    pixeles = random.Random(formato).randbytes(ancho * alto * 3)
    salida = io.BytesIO()
    Image.frombytes("RGB", tamano, pixeles).save(salida, formato)
    return salida.getvalue()


def _png_liso(tamano: tuple[int, int]) -> bytes:
    """A genuine 1-bit PNG: a huge canvas that compresses to a few kilobytes."""
    salida = io.BytesIO()
    Image.new("1", tamano).save(salida, "PNG")
    return salida.getvalue()


def test_pdf_valido_se_acepta() -> None:
    contenido = _pdf()

    archivo = validar_archivo("cedula.pdf", contenido)

    assert archivo == ArchivoValidado(
        formato=FormatoArchivo.PDF,
        tamano_bytes=len(contenido),
        sha256=hashlib.sha256(contenido).hexdigest(),
        contenido=contenido,
    )


@pytest.mark.parametrize(
    ("nombre", "formato_pillow", "formato"),
    [("foto.jpg", "JPEG", FormatoArchivo.JPG), ("foto.png", "PNG", FormatoArchivo.PNG)],
)
def test_jpg_y_png_validos_se_aceptan(
    nombre: str, formato_pillow: str, formato: FormatoArchivo
) -> None:
    contenido = _imagen(formato_pillow)

    archivo = validar_archivo(nombre, contenido)

    assert archivo.formato is formato
    assert archivo.contenido == contenido


def test_foto_de_telefono_mpo_se_acepta_como_jpg() -> None:
    """Phones write a JPEG with a second picture appended; Pillow reports it as "MPO"."""
    salida = io.BytesIO()
    Image.new("RGB", (64, 48), (200, 30, 30)).save(
        salida, "MPO", save_all=True, append_images=[Image.new("RGB", (64, 48))]
    )

    assert validar_archivo("foto.jpg", salida.getvalue()).formato is FormatoArchivo.JPG


def test_formatos_tienen_tipo_mime_y_extension() -> None:
    assert [(f.tipo_mime, f.extension) for f in FormatoArchivo] == [
        ("application/pdf", "pdf"),
        ("image/jpeg", "jpg"),
        ("image/png", "png"),
    ]


def test_texto_renombrado_a_pdf_se_rechaza_por_contenido() -> None:
    with pytest.raises(FormatoNoPermitido) as error:
        validar_archivo("cedula.pdf", b"Esto es un archivo de texto, no un PDF.\n")

    assert error.value.mensaje == (
        'El archivo "cedula.pdf" no es un PDF: su contenido no corresponde a un PDF, JPG o PNG.'
    )
    assert (error.value.codigo, error.value.campo) == ("formato-no-permitido", "archivo")


@pytest.mark.parametrize("nombre", [None, "", "carta.docx", "sin-extension"])
def test_formato_no_permitido_sin_extension_conocida_da_la_regla(nombre: str | None) -> None:
    with pytest.raises(FormatoNoPermitido, match=r"^Solo se permiten archivos PDF, JPG o PNG\.$"):
        validar_archivo(nombre, b"PK\x03\x04 un documento de Word")


def test_firma_pdf_debe_estar_al_principio() -> None:
    with pytest.raises(FormatoNoPermitido):
        validar_archivo("cedula.pdf", b"\n" + _pdf())


def test_png_renombrado_a_pdf_se_acepta_como_png() -> None:
    """The content wins: the file is stored and served as what it is, a PNG."""
    archivo = validar_archivo("cedula.pdf", _imagen("PNG"))

    assert archivo.formato is FormatoArchivo.PNG
    assert archivo.formato.tipo_mime == "image/png"


@pytest.mark.parametrize("nombre", [None, "", "../../etc/passwd", "programa.exe", "x.png"])
def test_el_nombre_no_cambia_el_resultado(nombre: str | None) -> None:
    assert validar_archivo(nombre, _pdf()).formato is FormatoArchivo.PDF


def test_archivo_de_exactamente_2_mb_se_acepta() -> None:
    contenido = _pdf_de(2_097_152)

    archivo = validar_archivo("cedula.pdf", contenido)

    assert archivo.tamano_bytes == TAMANO_MAXIMO_BYTES == 2_097_152


def test_archivo_de_2_mb_mas_un_byte_se_rechaza() -> None:
    with pytest.raises(ArchivoDemasiadoGrande) as error:
        validar_archivo("cedula.pdf", _pdf_de(2_097_153))

    assert error.value.mensaje == "El archivo pesa 2,1 MB y el tamaño máximo permitido es 2 MB."
    assert error.value.codigo == "archivo-demasiado-grande"


def test_tamano_se_revisa_antes_que_el_formato() -> None:
    with pytest.raises(ArchivoDemasiadoGrande, match=r"pesa 3,0 MB"):
        validar_archivo("x.txt", b"x" * (3 * 1024 * 1024))


@pytest.mark.parametrize("contenido", [b"", bytearray()])
def test_archivo_vacio_se_rechaza(contenido: bytes) -> None:
    with pytest.raises(ArchivoVacio, match=r"^El archivo está vacío\.$") as error:
        validar_archivo("cedula.pdf", contenido)

    assert error.value.codigo == "archivo-vacio"


@pytest.mark.parametrize(
    "corte",
    [
        pytest.param(lambda n: n // 2, id="a-la-mitad"),
        pytest.param(lambda n: n - 40, id="sin-tabla-final"),
        pytest.param(lambda n: n - 6, id="sin-marca-eof"),
        # pypdf alone loads these two (only "%" or "%%E" left of the final "%%EOF\n"): it
        # finds startxref and just logs that the marker is missing.
        pytest.param(lambda n: n - 5, id="marca-eof-cortada-tras-el-primer-caracter"),
        pytest.param(lambda n: n - 3, id="marca-eof-a-medias"),
    ],
)
def test_pdf_truncado_se_rechaza_como_danado(corte: Corte) -> None:
    contenido = _pdf()

    with pytest.raises(ArchivoDanado) as error:
        validar_archivo("cedula.pdf", contenido[: corte(len(contenido))])

    assert error.value.mensaje == "El archivo PDF está dañado o incompleto; escanéelo de nuevo."
    assert error.value.codigo == "archivo-danado"


def test_pdf_con_basura_tras_la_cabecera_se_rechaza() -> None:
    """The signature and the end marker are right; nothing in between parses."""
    basura = random.Random(1).randbytes(4096)

    with pytest.raises(ArchivoDanado):
        validar_archivo("cedula.pdf", b"%PDF-1.7\n" + basura + b"\n%%EOF\n")


@pytest.mark.parametrize(
    "corte",
    [
        pytest.param(lambda n: n // 2, id="a-la-mitad"),
        pytest.param(lambda n: n - 12, id="sin-iend"),
        # Pillow's verify() and load() accept a PNG cut inside the IEND chunk's CRC.
        pytest.param(lambda n: n - 2, id="iend-a-medias"),
    ],
)
def test_png_truncado_se_rechaza(corte: Corte) -> None:
    contenido = _imagen("PNG")

    with pytest.raises(ArchivoDanado, match=r"^El archivo PNG está dañado o incompleto"):
        validar_archivo("foto.png", contenido[: corte(len(contenido))])


@pytest.mark.parametrize(
    "corte",
    [
        pytest.param(lambda n: n // 2, id="a-la-mitad"),
        pytest.param(lambda n: n - 2, id="sin-marca-de-fin"),
    ],
)
def test_jpg_truncado_se_rechaza(corte: Corte) -> None:
    contenido = _imagen("JPEG")

    with pytest.raises(ArchivoDanado, match=r"^El archivo JPG está dañado o incompleto"):
        validar_archivo("foto.jpg", contenido[: corte(len(contenido))])


def test_pdf_protegido_con_clave_se_rechaza() -> None:
    with pytest.raises(PdfProtegido, match="protegido con contraseña") as error:
        validar_archivo("cedula.pdf", _pdf_cifrado(clave_de_apertura="1234"))

    assert (error.value.codigo, error.value.campo) == ("pdf-protegido", "archivo")


def test_pdf_con_restricciones_pero_sin_clave_de_apertura_se_acepta() -> None:
    """Encrypted only to forbid printing or copying: every viewer opens it without asking."""
    archivo = validar_archivo("cedula.pdf", _pdf_cifrado(clave_de_apertura=""))

    assert archivo.formato is FormatoArchivo.PDF


def test_imagen_con_demasiados_pixeles_se_rechaza_sin_decodificarla() -> None:
    contenido = _png_liso((8000, 8000))  # 64 megapixels in a few kilobytes
    assert MAXIMO_PIXELES_IMAGEN < 8000 * 8000

    with pytest.raises(ImagenDemasiadoGrande) as error:
        validar_archivo("foto.png", contenido)

    assert error.value.mensaje == (
        "La imagen mide 8000 × 8000 píxeles y el máximo es 50 megapíxeles; "
        "escanéela de nuevo a menor resolución."
    )
    assert error.value.codigo == "imagen-demasiado-grande"


@pytest.mark.parametrize(
    "tamano",
    [
        # Between Pillow's warning and error limits, with warnings turned into exceptions:
        # Pillow's DecompressionBombWarning must not escape as such.
        pytest.param(
            (10_000, 10_000),
            marks=pytest.mark.filterwarnings("error::PIL.Image.DecompressionBombWarning"),
            id="aviso-de-pillow-como-error",
        ),
        pytest.param(
            (10_000, 10_000),
            marks=pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning"),
            id="aviso-de-pillow-ignorado",
        ),
        pytest.param((14_000, 14_000), id="error-de-pillow"),
    ],
)
def test_bomba_de_descompresion_se_rechaza_como_archivo_no_valido(
    tamano: tuple[int, int],
) -> None:
    with pytest.raises(ImagenDemasiadoGrande):
        validar_archivo("foto.png", _png_liso(tamano))


def test_cargar_imagenes_truncadas_es_un_error_de_configuracion(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(ImageFile, "LOAD_TRUNCATED_IMAGES", True)

    with pytest.raises(RuntimeError, match="LOAD_TRUNCATED_IMAGES"):
        validar_archivo("foto.jpg", _imagen("JPEG"))


@pytest.mark.parametrize(
    "nombre",
    [
        "../../etc/secreto.pdf",
        "/home/ana/Documentos/secreto.pdf",
        "C:\\Users\\ana\\Documentos\\secreto.pdf",
        "../../etc/\u202esecreto.pdf\n",
    ],
)
def test_mensaje_no_repite_rutas_del_nombre(nombre: str) -> None:
    with pytest.raises(FormatoNoPermitido) as error:
        validar_archivo(nombre, b"no es un PDF")

    mensaje = error.value.mensaje
    assert mensaje.startswith('El archivo "secreto.pdf" no es un PDF')
    for fragmento in ("..", "etc", "home", "Users", "Documentos", "/", "\\", "\u202e", "\n"):
        assert fragmento not in mensaje


def test_mensaje_recorta_nombres_largos_a_80_caracteres() -> None:
    nombre = "a" * 200 + ".pdf"

    with pytest.raises(FormatoNoPermitido) as error:
        validar_archivo(nombre, b"no es un PDF")

    citado = error.value.mensaje.split('"')[1]
    # The start and the extension survive: the user still recognises the file.
    assert citado == "a" * 39 + "…" + "a" * 36 + ".pdf"
    assert len(citado) == 80


def test_todas_las_negativas_senalan_el_campo_archivo() -> None:
    negativas = [ArchivoVacio, ArchivoDemasiadoGrande, FormatoNoPermitido, ArchivoDanado]
    negativas += [PdfProtegido, ImagenDemasiadoGrande]

    for negativa in negativas:
        assert issubclass(negativa, ArchivoNoValido)
        assert issubclass(negativa, ErrorDeDominio)
        assert negativa.campo == "archivo"
    assert len({negativa.codigo for negativa in negativas}) == len(negativas)


def test_repr_no_incluye_el_contenido() -> None:
    archivo = validar_archivo("cedula.pdf", _pdf())

    assert "contenido" not in repr(archivo)
    assert "%PDF" not in repr(archivo)
    assert archivo.sha256 in repr(archivo)
