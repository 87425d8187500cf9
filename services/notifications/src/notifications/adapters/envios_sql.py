"""The private record of e-mails (``envios``, ``envios_adjuntos``): writing decisions,
finding those waiting for a person, completing them. Each call is one statement for the
whole batch (plus one for its attachments), whatever its size.

States of a row: ``pendiente`` (composed, the sender delivers it), ``enviado``,
``esperando_contacto`` (the recipient is not in the directory yet; ``evento_datos`` holds
the event) and ``no_enviable`` (``motivo``: ``sin_correo``, ``redaccion_fallida``).

Guarantee: one row per (event id, template), by a unique key: recording a decision again —
a redelivered event, a rebuild — adds nothing, and a waiting row is completed once (the
update only takes rows still waiting, and they are locked first).
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from typing import Any

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from notifications.adapters.directorio_sql import parametros_personas
from notifications.domain.correos import (
    Correo,
    Decision,
    EnEspera,
    NoEnviable,
    Persona,
    TipoPersona,
)

_COLUMNAS = (
    ("notificacion_id", "uuid"),
    ("evento_id", "uuid"),
    ("evento_tipo", "text"),
    ("plantilla", "text"),
    ("estado", "text"),
    ("motivo", "text"),
    ("destinatario", "text"),
    ("destinatario_tipo", "text"),
    ("destinatario_id", "uuid"),
    ("asunto", "text"),
    ("texto", "text"),
    ("html", "text"),
    ("adjuntos", "integer"),
    ("message_id", "text"),
    ("traceparent", "text"),
    ("evento_datos", "text"),
)
_NOMBRES = ", ".join(c for c, _ in _COLUMNAS)
_UNNEST = ", ".join(f"CAST(:{c} AS {t}[])" for c, t in _COLUMNAS)
_SELECCION = ", ".join(
    "CAST(evento_datos AS jsonb)" if c == "evento_datos" else c for c, _ in _COLUMNAS
)

_REGISTRAR = text(
    f"""
    INSERT INTO envios ({_NOMBRES})
    SELECT {_SELECCION}
    FROM unnest({_UNNEST}) AS d({_NOMBRES})
    ON CONFLICT (evento_id, plantilla) DO NOTHING
    RETURNING notificacion_id
    """
)
_EN_ESPERA = text(
    """
    SELECT evento_id, evento_tipo, plantilla, asunto, destinatario_tipo, destinatario_id,
           CAST(evento_datos AS text) AS datos
    FROM envios
    WHERE estado = 'esperando_contacto' AND (destinatario_tipo, destinatario_id) IN (
        SELECT * FROM unnest(CAST(:tipos AS text[]), CAST(:ids AS uuid[])))
    ORDER BY notificacion_id
    FOR UPDATE
    """
)
_COMPLETAR = text(
    f"""
    UPDATE envios AS e SET estado = d.estado, motivo = d.motivo,
        destinatario = d.destinatario, texto = d.texto, html = d.html, adjuntos = d.adjuntos,
        evento_datos = NULL
    FROM unnest({_UNNEST}) AS d({_NOMBRES})
    WHERE e.notificacion_id = d.notificacion_id AND e.estado = 'esperando_contacto'
    RETURNING e.notificacion_id
    """
)
_ADJUNTAR = text(
    """
    INSERT INTO envios_adjuntos (notificacion_id, orden, nombre, mime, contenido)
    SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:ordenes AS integer[]),
        CAST(:nombres AS text[]), CAST(:mimes AS text[]), CAST(:contenidos AS bytea[]))
    ON CONFLICT DO NOTHING
    """
)


async def registrar(
    conn: AsyncConnection, decisiones: Sequence[tuple[Decision, str | None]]
) -> list[Decision]:
    """Records each decision (with its event's traceparent); returns those that were new."""
    return await _escribir(conn, _REGISTRAR, decisiones)


async def en_espera(conn: AsyncConnection, personas: Collection[Persona]) -> list[EnEspera]:
    """The e-mails waiting for any of ``personas``, locked until the transaction ends."""
    if not personas:
        return []
    filas = await conn.execute(_EN_ESPERA, parametros_personas(personas))
    return [
        EnEspera(
            evento_id=f.evento_id,
            evento_tipo=f.evento_tipo,
            plantilla=f.plantilla,
            asunto=f.asunto,
            persona=Persona(TipoPersona(f.destinatario_tipo), f.destinatario_id),
            datos=f.datos,
        )
        for f in filas
    ]


async def completar(
    conn: AsyncConnection, resultados: Sequence[Correo | NoEnviable]
) -> list[Decision]:
    """Turns waiting rows into what ``resultados`` decided; returns those completed now."""
    return await _escribir(conn, _COMPLETAR, [(r, None) for r in resultados])


async def _escribir(
    conn: AsyncConnection, sentencia: Any, decisiones: Sequence[tuple[Decision, str | None]]
) -> list[Decision]:
    if not decisiones:
        return []
    ordenadas = sorted(decisiones, key=lambda d: d[0].notificacion_id)
    columnas: dict[str, list[Any]] = {c: [] for c, _ in _COLUMNAS}
    for decision, traceparent in ordenadas:
        for columna, valor in _fila(decision, traceparent).items():
            columnas[columna].append(valor)
    escritas = {f.notificacion_id for f in await conn.execute(sentencia, columnas)}
    nuevas = [d for d, _ in ordenadas if d.notificacion_id in escritas]
    await _adjuntar(conn, [d for d in nuevas if isinstance(d, Correo)])
    return nuevas


def _fila(decision: Decision, traceparent: str | None) -> dict[str, Any]:
    persona = decision.persona
    fila: dict[str, Any] = {
        "notificacion_id": decision.notificacion_id,
        "evento_id": decision.evento_id,
        "evento_tipo": decision.evento_tipo,
        "plantilla": decision.plantilla,
        "estado": "pendiente",
        "motivo": None,
        "destinatario": None,
        "destinatario_tipo": persona.tipo.value if persona else "correo",
        "destinatario_id": persona.id if persona else None,
        "asunto": decision.asunto,
        "texto": None,
        "html": None,
        "adjuntos": 0,
        "message_id": decision.message_id,
        "traceparent": traceparent,
        "evento_datos": None,
    }
    if isinstance(decision, Correo):
        fila.update(
            destinatario=decision.destinatario,
            texto=decision.texto,
            html=decision.html,
            adjuntos=len(decision.adjuntos),
        )
    elif isinstance(decision, EnEspera):
        fila.update(estado="esperando_contacto", evento_datos=decision.datos)
    else:
        fila.update(estado="no_enviable", motivo=decision.motivo.value)
    return fila


async def _adjuntar(conn: AsyncConnection, correos: Sequence[Correo]) -> None:
    filas = [(c.notificacion_id, i, a) for c in correos for i, a in enumerate(c.adjuntos)]
    if filas:
        await conn.execute(
            _ADJUNTAR,
            {
                "ids": [n for n, _, _ in filas],
                "ordenes": [i for _, i, _ in filas],
                "nombres": [a.nombre for _, _, a in filas],
                "mimes": [a.mime for _, _, a in filas],
                "contenidos": [a.contenido for _, _, a in filas],
            },
        )
