"""Accounts: the manual's messages (2.1.1, 2.1.2, 3, 3.1, 4.1.4) and the rules of registration.

Rules:
- Three wrong sets of security answers block the DOCUMENT for 24 hours (manual 2.1.2). The
  attempts are counted per document, not per affiliate id or per client, so a change of
  browser or of instance does not grant more.
- Adults register themselves; a minor has no account (their cotizante acts for them, DESIGN
  §7). Age is counted in Colombia's calendar (UTC-5, no daylight saving): a person turns 18
  at midnight in Colombia of their 18th birthday (29 February → 1 March in common years).
"""

import hashlib
import hmac
from datetime import UTC, date, datetime, time, timedelta

from eps_contracts.nombres import ZONA_COLOMBIA as ZONA_COLOMBIA  # used across identity
from identity.domain.registro import LINEA_ATENCION

INTENTOS_PERMITIDOS = 3
DURACION_BLOQUEO = timedelta(hours=24)
VIGENCIA_PREGUNTAS = timedelta(minutes=15)
VIGENCIA_TIQUETE = timedelta(minutes=15)
VIGENCIA_ENLACE = timedelta(hours=24)
MAYORIA_DE_EDAD = 18


YA_REGISTRADO = (
    "Ya te encuentras registrado en nuestro sistema, para mayor información comunícate con la "
    f"línea {LINEA_ATENCION}"
)

RESPUESTAS_INCORRECTAS = (
    "Las respuestas a tus preguntas de seguridad no son correctas. Inténtalo de nuevo. Por "
    "motivos de seguridad, al tercer intento errado tu documento será bloqueado temporalmente."
)

DOCUMENTO_BLOQUEADO = (
    "Por motivos de seguridad tu documento ha sido bloqueado temporalmente por 24 horas: "
    "respondiste de manera incorrecta las preguntas de seguridad tres veces. Podrás "
    "registrarte de nuevo después de ese tiempo. Para mayor información comunícate con la "
    f"línea {LINEA_ATENCION}"
)

MENOR_DE_EDAD = (
    "Los menores de edad no tienen cuenta propia en la Oficina Virtual: su cotizante consulta "
    "y gestiona su información desde la suya."
)


def advertencia_intentos(restantes: int) -> str:
    """The manual's warning after a wrong set, with how many attempts remain."""
    plural = "intento" if restantes == 1 else "intentos"
    return f"{RESPUESTAS_INCORRECTAS} Te quedan {restantes} {plural}."


def cumple_anios(nacimiento: date, anios: int) -> date:
    try:
        return nacimiento.replace(year=nacimiento.year + anios)
    except ValueError:  # 29 February in a common year
        return date(nacimiento.year + anios, 3, 1)


def es_mayor_de_edad(nacimiento: date, ahora: datetime) -> bool:
    """Whether someone born on ``nacimiento`` is 18 or older at ``ahora`` (Colombia's day)."""
    hoy = ahora.astimezone(ZONA_COLOMBIA).date()
    return cumple_anios(nacimiento, MAYORIA_DE_EDAD) <= hoy


def mayoria_de_edad_desde(nacimiento: date) -> datetime:
    """The instant someone born on ``nacimiento`` turns 18: midnight (Colombia) starting his
    18th birthday (1 March for a 29 February birth in a common year), as UTC."""
    cumple = cumple_anios(nacimiento, MAYORIA_DE_EDAD)
    return datetime.combine(cumple, time(0), ZONA_COLOMBIA).astimezone(UTC)


def ahora_utc() -> datetime:
    """The real clock (tests inject their own)."""
    return datetime.now(UTC)


def clave_documento(secreto: str, tipo: str, numero: str) -> str:
    """A keyed hash of a document, for keys and ids that must not reveal it."""
    return hmac.new(secreto.encode(), f"{tipo}|{numero}".encode(), hashlib.sha256).hexdigest()
