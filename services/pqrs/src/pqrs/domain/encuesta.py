"""The satisfaction survey of the virtual office (manual §4.6): four questions on a 1–5
scale and an optional comment; at most one answer per user per month, so its id is
derived from the user and the month (a second answer finds the stream taken)."""

from __future__ import annotations

from datetime import datetime
from uuid import NAMESPACE_URL, UUID, uuid5

from eps_contracts.events.pqrs import EncuestaRespondida
from eps_runtime.agregado import Agregado, aplica
from eps_runtime.calendario import fecha_colombia
from eps_runtime.errores import DatosInvalidos

PREGUNTAS = ("facilidad", "tiempo", "claridad", "satisfaccion")
"""Ease of use, time to complete, clarity of the information, overall satisfaction."""


def periodo_de(ahora: datetime) -> str:
    dia = fecha_colombia(ahora)
    return f"{dia.year:04d}-{dia.month:02d}"


def encuesta_id(usuario_id: str, periodo: str) -> UUID:
    return uuid5(NAMESPACE_URL, f"eps:pqrs:encuesta:{usuario_id}:{periodo}")


class Encuesta(Agregado):
    evento_inicial = EncuestaRespondida

    periodo: str
    puntajes: dict[str, int]

    @classmethod
    def responder(
        cls,
        *,
        usuario_id: str,
        afiliado_id: UUID | None,
        puntajes: dict[str, int],
        comentario: str | None,
        ahora: datetime,
    ) -> Encuesta:
        for pregunta in PREGUNTAS:
            valor = puntajes.get(pregunta)
            if valor is None or not 1 <= valor <= 5:
                raise DatosInvalidos("Responda cada pregunta de 1 a 5.", campo=pregunta)
        texto = comentario.strip() if comentario else None
        if texto is not None and len(texto) > 500:
            raise DatosInvalidos("El comentario admite hasta 500 caracteres.", campo="comentario")
        periodo = periodo_de(ahora)
        encuesta = cls()
        encuesta._registrar(
            EncuestaRespondida,
            encuesta_id=encuesta_id(usuario_id, periodo),
            afiliado_id=afiliado_id,
            periodo=periodo,
            comentario=texto or None,
            respondida_en=ahora,
            **{p: puntajes[p] for p in PREGUNTAS},
        )
        return encuesta

    @aplica(EncuestaRespondida)
    def _respondida(self, e: EncuestaRespondida) -> None:
        self.periodo = e.periodo
        self.puntajes = {p: getattr(e, p) for p in PREGUNTAS}
