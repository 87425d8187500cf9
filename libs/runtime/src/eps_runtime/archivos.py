"""Files people upload (support documents, medical orders, certificates, PQRS attachments):
which are accepted, decided by their content. One validator for every service.

Product rule (user manual: "PDF, JPG o PNG y no deben superar un tamaño máximo de 2MB"): a
file is accepted only when its bytes are a PDF, JPEG or PNG that actually parses, and it weighs
at most ``TAMANO_MAXIMO_BYTES``. The name the browser sends is never trusted: it does not decide
the format and is only quoted (base name, at most 80 characters) in refusal messages.

Pure: bytes are parsed in memory; no file system, no network, no clock.
"""

import hashlib
import io
import unicodedata
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Final

from PIL import Image, ImageFile
from pypdf import PasswordType, PdfReader

from eps_runtime.errores import DatosInvalidos

_MB: Final = 1024 * 1024
TAMANO_MAXIMO_BYTES: Final = 2 * _MB
"""2 MB as the manual counts them: 2_097_152 bytes are accepted, 2_097_153 are not."""

MAXIMO_PIXELES_IMAGEN: Final = 50_000_000
"""An "oficio" page (21,6 × 33 cm) scanned at 600 dpi is about 40 megapixels.

Decoding an image takes about 3 bytes per pixel of memory, so a tiny PNG that declares a huge
canvas (a decompression bomb) is refused before it is decoded. The limit is below Pillow's own
``MAX_IMAGE_PIXELS`` (about 89 megapixels), so ours is the one that normally applies.
"""

_FIRMA_PDF: Final = b"%PDF-"
_FIRMA_JPG: Final = b"\xff\xd8\xff"
_FIRMA_PNG: Final = b"\x89PNG\r\n\x1a\n"
# The whole IEND chunk: zero length, type, and its (constant) CRC.
_CIERRE_PNG: Final = b"\x00\x00\x00\x00IEND\xaeB`\x82"
_MARCA_FIN_PDF: Final = b"%%EOF"
_VENTANA_FIN_PDF: Final = 1024
_LARGO_MAXIMO_NOMBRE: Final = 80
# Unicode categories dropped from a name before quoting it: control and format characters
# (newlines, U+202E RIGHT-TO-LEFT OVERRIDE that disguises "fdp.exe" as "exe.pdf"...), unassigned
# and private-use code points, and line/paragraph separators.
_CATEGORIAS_INVISIBLES: Final = frozenset({"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"})


class ArchivoNoValido(DatosInvalidos):
    """An uploaded file is refused; every refusal highlights the file field."""

    codigo = "archivo-no-valido"
    campo = "archivo"


class ArchivoVacio(ArchivoNoValido):
    codigo = "archivo-vacio"


class ArchivoDemasiadoGrande(ArchivoNoValido):
    """Above ``TAMANO_MAXIMO_BYTES`` (2 MB), the limit the user manual publishes."""

    codigo = "archivo-demasiado-grande"


class FormatoNoPermitido(ArchivoNoValido):
    """The content is not a PDF, JPG or PNG, whatever the file name says."""

    codigo = "formato-no-permitido"


class ArchivoDanado(ArchivoNoValido):
    """The content starts like a PDF, JPG or PNG but does not parse (damaged or truncated)."""

    codigo = "archivo-danado"


class PdfProtegido(ArchivoNoValido):
    """A PDF that asks for a password to be opened: the reviewers could not read it."""

    codigo = "pdf-protegido"


class ImagenDemasiadoGrande(ArchivoNoValido):
    """An image with more pixels than a 600 dpi scan of an "oficio" page (decompression bombs)."""

    codigo = "imagen-demasiado-grande"


class FormatoArchivo(StrEnum):
    """The formats the manual allows. The value is the name a person reads ("PDF")."""

    PDF = "PDF"
    JPG = "JPG"
    PNG = "PNG"

    @property
    def tipo_mime(self) -> str:
        return _TIPO_MIME[self]

    @property
    def extension(self) -> str:
        """Without the dot, lower case: what stored files are named with."""
        return self.value.lower()


_TIPO_MIME: Final = {
    FormatoArchivo.PDF: "application/pdf",
    FormatoArchivo.JPG: "image/jpeg",
    FormatoArchivo.PNG: "image/png",
}
_EXTENSION_DECLARADA: Final = {
    "pdf": FormatoArchivo.PDF,
    "jpg": FormatoArchivo.JPG,
    "jpeg": FormatoArchivo.JPG,
    "png": FormatoArchivo.PNG,
}
# Pillow plugin that must decode each image format, and the formats it may report. A JPEG
# from a phone camera with a depth map or preview is reported as "MPO" by the JPEG plugin.
_PLUGIN_PILLOW: Final = {
    FormatoArchivo.JPG: ("JPEG", frozenset({"JPEG", "MPO"})),
    FormatoArchivo.PNG: ("PNG", frozenset({"PNG"})),
}


@dataclass(frozen=True)
class ArchivoValidado:
    """A support document that passed ``validar_archivo``; build it only through that function.

    ``formato`` is what the content is, not what the name claimed: a PNG uploaded as "x.pdf"
    is a PNG, and is stored and served as one. ``contenido`` is left out of ``repr`` so that
    logs and tracebacks never carry the document (it holds personal and health data).
    """

    formato: FormatoArchivo
    tamano_bytes: int
    sha256: str
    """Hex digest of ``contenido``."""
    contenido: bytes = field(repr=False)


def validar_archivo(nombre: str | None, contenido: bytes) -> ArchivoValidado:
    """Accepts ``contenido`` as a support document or raises an ``ArchivoNoValido``.

    Guarantees, checked in this order (the first failing one is reported):

    1. ``ArchivoVacio``: no bytes.
    2. ``ArchivoDemasiadoGrande``: more than ``TAMANO_MAXIMO_BYTES``. The caller should stop
       reading an upload after ``TAMANO_MAXIMO_BYTES + 1`` bytes; this function cannot.
    3. ``FormatoNoPermitido``: the content does not start with a PDF, JPEG or PNG signature
       *at offset 0*. Readers tolerate up to 1024 bytes before "%PDF-"; this check does not,
       because a scanner never writes them and a prefix is how polyglot files hide.
    4. The content parses as the format its signature announces, else ``ArchivoDanado``:

       * PDF: "%%EOF" within its last 1024 bytes (pypdf alone accepts a file cut just before
         that marker), loads with pypdf, has at least one page, and every page's content
         stream decodes. ``PdfProtegido`` if opening it asks for a password; a PDF that is
         encrypted only to restrict printing or copying (empty user password) opens in any
         viewer and is accepted.
       * JPEG and PNG: Pillow identifies the expected format, ``verify()`` passes and a fresh
         ``load()`` decodes every pixel (so a truncated image is refused; a PNG must also
         end its chunks with a complete IEND). ``ImagenDemasiadoGrande`` above
         ``MAXIMO_PIXELES_IMAGEN``, checked before decoding.

    ``nombre`` only shapes the message: a path in it is reduced to its base name, and a name
    whose extension claims a format the content is not is quoted so the user knows which
    file failed. It never changes the outcome. Every refusal is an ``ArchivoNoValido``.

    Raises ``RuntimeError`` if Pillow was configured elsewhere to load truncated images
    (``ImageFile.LOAD_TRUNCATED_IMAGES``): that would let damaged scans through silently.
    """
    contenido = bytes(contenido)  # a bytearray could change after it was checked
    if not contenido:
        raise ArchivoVacio("El archivo está vacío.")
    if len(contenido) > TAMANO_MAXIMO_BYTES:
        raise ArchivoDemasiadoGrande(
            f"El archivo pesa {_megabytes(len(contenido))} MB y el tamaño máximo permitido "
            f"es {TAMANO_MAXIMO_BYTES // _MB} MB."
        )
    formato = _formato_por_firma(contenido)
    if formato is None:
        raise FormatoNoPermitido(_mensaje_formato_no_permitido(nombre))
    if formato is FormatoArchivo.PDF:
        _comprobar_pdf(contenido)
    else:
        _comprobar_imagen(contenido, formato)
    return ArchivoValidado(
        formato=formato,
        tamano_bytes=len(contenido),
        sha256=hashlib.sha256(contenido).hexdigest(),
        contenido=contenido,
    )


def _megabytes(tamano_bytes: int) -> str:
    """Size in MB with one decimal and a decimal comma, rounded *up*.

    Rounding up keeps a file just over the limit from reading "pesa 2,0 MB" next to a
    maximum of 2 MB.
    """
    decimas = -(-tamano_bytes * 10 // _MB)
    return f"{decimas // 10},{decimas % 10}"


def _formato_por_firma(contenido: bytes) -> FormatoArchivo | None:
    if contenido.startswith(_FIRMA_PDF):
        return FormatoArchivo.PDF
    if contenido.startswith(_FIRMA_JPG):
        return FormatoArchivo.JPG
    if contenido.startswith(_FIRMA_PNG):
        return FormatoArchivo.PNG
    return None


def _mensaje_formato_no_permitido(nombre: str | None) -> str:
    base = _nombre_base(nombre)
    declarado = _EXTENSION_DECLARADA.get(base.rpartition(".")[2].lower()) if base else None
    if base and declarado is not None:
        return (
            f'El archivo "{_recortar(base)}" no es un {declarado}: su contenido no corresponde '
            "a un PDF, JPG o PNG."
        )
    return "Solo se permiten archivos PDF, JPG o PNG."


def _nombre_base(nombre: str | None) -> str:
    """The last path component, without invisible characters; "" when nothing is left."""
    if not nombre:
        return ""
    # Browsers on Windows may send "C:\\fakepath\\x.pdf": either separator ends a folder.
    base = nombre.replace("\\", "/").rpartition("/")[2]
    base = "".join(c for c in base if unicodedata.category(c) not in _CATEGORIAS_INVISIBLES)
    base = base.strip()
    return base if base.strip(".") else ""


def _recortar(base: str) -> str:
    """At most ``_LARGO_MAXIMO_NOMBRE`` characters, keeping the start and the extension."""
    if len(base) <= _LARGO_MAXIMO_NOMBRE:
        return base
    cola = _LARGO_MAXIMO_NOMBRE // 2
    return base[: _LARGO_MAXIMO_NOMBRE - cola - 1] + "…" + base[-cola:]


def _danado(formato: FormatoArchivo) -> ArchivoDanado:
    return ArchivoDanado(f"El archivo {formato} está dañado o incompleto; escanéelo de nuevo.")


def _comprobar_pdf(contenido: bytes) -> None:
    # pypdf (strict=False) loads a file cut right before its final "%%EOF": it finds
    # "startxref" and only logs "EOF marker not found". A truncated upload must not pass.
    if _MARCA_FIN_PDF not in contenido[-_VENTANA_FIN_PDF:]:
        raise _danado(FormatoArchivo.PDF)
    # strict=False because scanners write small deviations (wrong xref offsets, stray
    # whitespace) that every viewer repairs; the checks below still require real pages.
    # Any exception counts: pypdf raises more than PdfReadError on hostile input
    # (ValueError, KeyError, RecursionError...).
    try:
        lector = PdfReader(io.BytesIO(contenido), strict=False)
        cifrado = lector.is_encrypted
    except Exception as error:
        raise _danado(FormatoArchivo.PDF) from error
    if cifrado and not _abre_sin_clave(lector):
        raise PdfProtegido(
            "El archivo PDF está protegido con contraseña y no se puede revisar; "
            "súbalo sin contraseña."
        )
    try:
        paginas = lector.pages
        hay_paginas = len(paginas) > 0
        for pagina in paginas:
            # Decoding is bounded by pypdf's own limits on decompressed stream size.
            pagina.get_contents()
    except Exception as error:
        raise _danado(FormatoArchivo.PDF) from error
    if not hay_paginas:
        raise _danado(FormatoArchivo.PDF)


def _abre_sin_clave(lector: PdfReader) -> bool:
    """True when the PDF is encrypted only with an owner password (viewers open it as is)."""
    try:
        return lector.decrypt("") != PasswordType.NOT_DECRYPTED
    except Exception:
        # An encryption pypdf cannot handle: the reviewers' tools may not either.
        return False


def _comprobar_imagen(contenido: bytes, formato: FormatoArchivo) -> None:
    if ImageFile.LOAD_TRUNCATED_IMAGES:
        raise RuntimeError(
            "PIL.ImageFile.LOAD_TRUNCATED_IMAGES está activado: las imágenes truncadas no "
            "se podrían rechazar."
        )
    # Pillow's verify() and load() accept a PNG cut inside its final IEND chunk.
    if formato is FormatoArchivo.PNG and _CIERRE_PNG not in contenido:
        raise _danado(formato)
    plugin, formatos_pillow = _PLUGIN_PILLOW[formato]
    try:
        # Only the plugin of the detected format may parse: no other of Pillow's decoders is
        # ever exposed to uploads.
        with Image.open(io.BytesIO(contenido), formats=[plugin]) as imagen:
            formato_pillow, (ancho, alto) = imagen.format, imagen.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        # Above Pillow's limit (its warning is an exception when warnings are errors).
        raise ImagenDemasiadoGrande(_mensaje_pixeles(None)) from error
    except Exception as error:
        raise _danado(formato) from error
    if formato_pillow not in formatos_pillow:
        raise _danado(formato)
    if ancho * alto > MAXIMO_PIXELES_IMAGEN:
        raise ImagenDemasiadoGrande(_mensaje_pixeles((ancho, alto)))
    try:
        # verify() checks structure (PNG chunk CRCs) but leaves the image unusable, and
        # does not decode pixels; load() on a fresh open decodes everything, which is what
        # catches a truncated JPEG.
        with Image.open(io.BytesIO(contenido), formats=[plugin]) as imagen:
            imagen.verify()
        with Image.open(io.BytesIO(contenido), formats=[plugin]) as imagen:
            imagen.load()
    except Exception as error:
        raise _danado(formato) from error


def _mensaje_pixeles(tamano: tuple[int, int] | None) -> str:
    maximo = f"{MAXIMO_PIXELES_IMAGEN // 1_000_000} megapíxeles"
    medida = f"mide {tamano[0]} × {tamano[1]} píxeles" if tamano else "tiene demasiados píxeles"
    return f"La imagen {medida} y el máximo es {maximo}; escanéela de nuevo a menor resolución."
