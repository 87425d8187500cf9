"""Single-use links carried through Kafka without exposing them.

Identity puts a link (e.g. "set your password") into an event for notifications to e-mail.
The link must not be usable by whoever reads the topic, so it travels encrypted and
authenticated with a key only those two services hold (Fernet: AES-128-CBC + HMAC-SHA256,
from ``cryptography``). The link itself carries its own single-use, time-limited token,
checked by identity when it is followed; this module only hides it in transit.
"""

from cryptography.fernet import Fernet, InvalidToken
from pydantic_settings import BaseSettings, SettingsConfigDict


class EnlaceIlegible(ValueError):
    """The encrypted link was altered, or encrypted with another key."""


class EnlacesSettings(BaseSettings):
    """``ENLACES_CLAVE``: a urlsafe-base64 32-byte key (``Fernet.generate_key()``).

    The default is a fixed development key, for the local stack and the tests only.
    """

    model_config = SettingsConfigDict(env_prefix="ENLACES_", extra="ignore")

    clave: str = "ZGVzYXJyb2xsby1sb2NhbC1uby11c2FyLWVuLXByb2Q="


def cifrar_enlace(enlace: str, clave: str) -> str:
    return Fernet(clave.encode()).encrypt(enlace.encode()).decode()


def descifrar_enlace(cifrado: str, clave: str) -> str:
    try:
        return Fernet(clave.encode()).decrypt(cifrado.encode()).decode()
    except (InvalidToken, ValueError):
        raise EnlaceIlegible("el enlace cifrado no es válido para esta clave") from None
