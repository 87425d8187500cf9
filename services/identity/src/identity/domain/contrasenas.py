"""Password rules (OWASP ASVS 2.1, NIST SP 800-63B), the manual's journey kept.

- At least ``LONGITUD_MINIMA`` (8) characters, at most ``LONGITUD_MAXIMA`` (128); any
  character is allowed (spaces and accents included) and no composition rule is imposed:
  length and not being a common password are what make a password hard to guess.
- Not in the list of common passwords (compared case-insensitively, after trimming).
- The confirmation must be equal.
- No forced periodic change (the manual's "cada seis meses" stays a recommendation).
"""

from collections.abc import Set

LONGITUD_MINIMA = 8
LONGITUD_MAXIMA = 128

CONFIRMACION_DISTINTA = "La confirmación no coincide con la nueva contraseña."
DEMASIADO_CORTA = f"La contraseña debe tener al menos {LONGITUD_MINIMA} caracteres."
DEMASIADO_LARGA = f"La contraseña debe tener como máximo {LONGITUD_MAXIMA} caracteres."
COMUN = (
    "Esa contraseña es muy común y fácil de adivinar. Elija otra, por ejemplo una frase de "
    "varias palabras."
)


class ContrasenaInvalida(ValueError):
    """The password breaks a rule; the message says which, in Spanish."""


def validar_contrasena(contrasena: str, confirmacion: str, comunes: Set[str]) -> None:
    if contrasena != confirmacion:
        raise ContrasenaInvalida(CONFIRMACION_DISTINTA)
    if len(contrasena) < LONGITUD_MINIMA:
        raise ContrasenaInvalida(DEMASIADO_CORTA)
    if len(contrasena) > LONGITUD_MAXIMA:
        raise ContrasenaInvalida(DEMASIADO_LARGA)
    if contrasena.strip().lower() in comunes:
        raise ContrasenaInvalida(COMUN)
