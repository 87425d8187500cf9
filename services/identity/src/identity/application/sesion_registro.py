"""The registration session: what binds steps 2 and 3 to a passed step 1.

Step 1 (``POST /registro/validacion``, CAPTCHA and document checked) returns
``sesion_registro``; ``POST /registro/preguntas`` accepts only a session issued for the
same document and still valid, so the security questions (and with them the three wrong
answers that block a document for 24 hours) are out of reach of whoever never passed
step 1 for that document. Stateless: ``<expiry epoch>.<HMAC-SHA256(secret, document,
expiry)>``; the document never appears in the token, and a forged or altered one fails
the constant-time comparison. Every step also asks for its own fresh CAPTCHA proof.
"""

import base64
import hashlib
import hmac
from datetime import UTC, datetime

from identity.domain.cuentas import VIGENCIA_PREGUNTAS
from identity.domain.registro import Documento

VIGENCIA_SESION = VIGENCIA_PREGUNTAS


def _firma(secreto: str, documento: Documento, vence: int) -> str:
    mensaje = f"sesion-registro|{documento.tipo.value}|{documento.numero}|{vence}".encode()
    digest = hmac.new(secreto.encode(), mensaje, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode()


def emitir_sesion(secreto: str, documento: Documento, ahora: datetime) -> str:
    vence = int((ahora + VIGENCIA_SESION).timestamp())
    return f"{vence}.{_firma(secreto, documento, vence)}"


def sesion_valida(secreto: str, token: str, documento: Documento, ahora: datetime) -> bool:
    vence_texto, _, firma = token.partition(".")
    if not vence_texto.isdigit() or len(vence_texto) > 12 or not firma:
        return False
    vence = int(vence_texto)
    if datetime.fromtimestamp(vence, UTC) <= ahora:
        return False
    return hmac.compare_digest(firma.encode(), _firma(secreto, documento, vence).encode())
