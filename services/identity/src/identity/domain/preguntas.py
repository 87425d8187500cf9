"""Security questions of registration step 2 ("Registra", manual 2.1.2), built from the
affiliate's own data: an address, the birth date, a phone.

Each question has four options that look alike (distractors keep the format of the true
value: same digits count, same separators, the same kind of street) plus "Ninguna de las
anteriores", the right answer when the read model lacks that datum. The right option is in a
random position.

The options of a document are generated from a seed derived from a server secret and the
affiliate's data, so asking again for the questions of the same document shows the SAME
options in the same order. With fresh distractors each time, an attacker could ask many
times and keep the option that is always there; here there is nothing to intersect. The
option ids, instead, are random per question set: they say nothing about which is right.
"""

import hashlib
import hmac
import random
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial

from identity.domain.registro import AfiliadoValidable

NINGUNA = "Ninguna de las anteriores"
OPCIONES_POR_PREGUNTA = 4

PREGUNTA_DIRECCION = "¿Con cuál de las siguientes direcciones estás o has estado relacionado?"
PREGUNTA_NACIMIENTO = "¿Cuál de las siguientes fechas corresponde a tu nacimiento?"
PREGUNTA_TELEFONO = (
    "¿Con cuál de los siguientes números telefónicos estás o has estado relacionado?"
)

_TIPOS_VIA = ("Calle", "Carrera", "Avenida", "Transversal", "Diagonal", "Circular")
_DIGITOS = re.compile(r"\d+")


@dataclass(frozen=True)
class Opcion:
    opcion_id: str
    texto: str


@dataclass(frozen=True)
class Pregunta:
    pregunta_id: str
    enunciado: str
    opciones: tuple[Opcion, ...]


@dataclass(frozen=True)
class ConjuntoPreguntas:
    preguntas: tuple[Pregunta, ...]
    correctas: dict[str, str]
    """pregunta_id → the right opcion_id; kept on the server only."""


def _semilla(secreto: str, afiliado: AfiliadoValidable) -> int:
    material = "|".join(
        [
            afiliado.documento.tipo.value,
            afiliado.documento.numero,
            str(afiliado.fecha_nacimiento),
            afiliado.direccion or "",
            afiliado.telefono_movil or "",
        ]
    )
    digest = hmac.new(secreto.encode(), material.encode(), hashlib.sha256).digest()
    return int.from_bytes(digest[:16], "big")


def _cambiar_digitos(valor: str, azar: random.Random) -> str:
    """``valor`` with every run of digits replaced by other digits of the same length (a
    leading non-zero digit stays non-zero)."""

    def otro(m: re.Match[str]) -> str:
        original = m.group(0)
        cifras = [str(azar.randrange(10)) for _ in original]
        if original[0] != "0":
            cifras[0] = str(azar.randrange(1, 10))
        return "".join(cifras)

    return _DIGITOS.sub(otro, valor)


def _distractor_direccion(real: str | None, azar: random.Random) -> str:
    if real:
        texto = _cambiar_digitos(real, azar)
        primera = texto.split(" ", 1)
        if len(primera) == 2 and primera[0].capitalize() in _TIPOS_VIA:
            texto = f"{azar.choice(_TIPOS_VIA)} {primera[1]}"
        return texto
    return (
        f"{azar.choice(_TIPOS_VIA)} {azar.randrange(1, 150)} # "
        f"{azar.randrange(1, 120)} - {azar.randrange(1, 99)}"
    )


def _distractor_telefono(real: str | None, azar: random.Random) -> str:
    if real and len(_DIGITOS.findall(real)) > 0:
        # Keeps the operator prefix of a mobile (3xx) so it does not stand out.
        prefijo, resto = (real[:3], real[3:]) if len(real) > 6 else ("", real)
        return prefijo + _cambiar_digitos(resto, azar)
    return "3" + "".join(str(azar.randrange(10)) for _ in range(9))


def _formato_fecha(d: date) -> str:
    return d.strftime("%d/%m/%Y")


def _distractor_fecha(real: date | None, azar: random.Random) -> str:
    base = real or date(1980, 1, 1) + timedelta(days=azar.randrange(0, 365 * 30))
    desplazamiento = azar.choice([-1, 1]) * azar.randrange(20, 365 * 6)
    return _formato_fecha(base + timedelta(days=desplazamiento))


def _pregunta(
    pregunta_id: str,
    enunciado: str,
    verdadera: str | None,
    distractor: Callable[[random.Random], str],
    azar: random.Random,
) -> tuple[Pregunta, str]:
    textos: list[str] = []
    if verdadera is not None:
        textos.append(verdadera)
    intentos = 0
    while len(textos) < OPCIONES_POR_PREGUNTA and intentos < 100:
        intentos += 1
        candidato = distractor(azar)
        if candidato not in textos and candidato != verdadera:
            textos.append(candidato)
    azar.shuffle(textos)
    textos.append(NINGUNA)
    opciones = tuple(Opcion(secrets.token_urlsafe(9), texto) for texto in textos)
    correcta_texto = verdadera if verdadera is not None else NINGUNA
    correcta = next(o.opcion_id for o in opciones if o.texto == correcta_texto)
    return Pregunta(pregunta_id, enunciado, opciones), correcta


def construir_preguntas(afiliado: AfiliadoValidable, secreto: str) -> ConjuntoPreguntas:
    """The three questions of ``afiliado`` (address, birth date, phone)."""
    azar = random.Random(_semilla(secreto, afiliado))
    nacimiento = _formato_fecha(afiliado.fecha_nacimiento) if afiliado.fecha_nacimiento else None
    definiciones = (
        (
            "direccion",
            PREGUNTA_DIRECCION,
            afiliado.direccion,
            partial(_distractor_direccion, afiliado.direccion),
        ),
        (
            "nacimiento",
            PREGUNTA_NACIMIENTO,
            nacimiento,
            partial(_distractor_fecha, afiliado.fecha_nacimiento),
        ),
        (
            "telefono",
            PREGUNTA_TELEFONO,
            afiliado.telefono_movil,
            partial(_distractor_telefono, afiliado.telefono_movil),
        ),
    )
    preguntas: list[Pregunta] = []
    correctas: dict[str, str] = {}
    for pregunta_id, enunciado, verdadera, generador in definiciones:
        pregunta, correcta = _pregunta(pregunta_id, enunciado, verdadera, generador, azar)
        preguntas.append(pregunta)
        correctas[pregunta_id] = correcta
    return ConjuntoPreguntas(tuple(preguntas), correctas)


def respuestas_correctas(correctas: dict[str, str], respuestas: dict[str, str]) -> bool:
    """All three right, compared in constant time per answer."""
    if set(respuestas) != set(correctas):
        return False
    resultado = True
    for pregunta_id, opcion_id in correctas.items():
        resultado &= hmac.compare_digest(opcion_id, respuestas[pregunta_id])
    return resultado
