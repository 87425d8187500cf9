"""The HMAC-SHA256 signature of the gateway's notifications (shared by the adapter that
verifies them and the simulator that sends them).

Header ``X-Pasarela-Firma: t=<unix seconds>,v1=<hex HMAC of "<t>.<body>">``: the instant is
signed with the body, so a captured notification cannot be replayed after ``TOLERANCIA_S``,
and any change to the body breaks the signature.
"""

from __future__ import annotations

import hashlib
import hmac

CABECERA = "X-Pasarela-Firma"
TOLERANCIA_S = 300


def firmar(secreto: bytes, cuerpo: bytes, instante: int) -> str:
    mac = hmac.new(secreto, f"{instante}.".encode() + cuerpo, hashlib.sha256).hexdigest()
    return f"t={instante},v1={mac}"


def es_valida(secreto: bytes, cuerpo: bytes, firma: str | None, ahora: float) -> bool:
    """Constant-time check of the signature and of its instant (± ``TOLERANCIA_S``)."""
    if not firma or len(firma) > 200:
        return False
    partes = dict(p.split("=", 1) for p in firma.split(",") if "=" in p)
    instante, mac = partes.get("t", ""), partes.get("v1", "")
    if not instante.isdigit() or abs(ahora - int(instante)) > TOLERANCIA_S:
        return False
    esperada = firmar(secreto, cuerpo, int(instante)).split("v1=", 1)[1]
    return hmac.compare_digest(esperada, mac)
