"""The ``afiliados_validables`` read model, built only from affiliation's events.

Which events change which columns is in ``filas_afiliados``; every other event type of the
topic is not handled (``handles`` is false): the consumer neither applies nor dead-letters
it, it only moves the partition's position past it.

Guarantees (on top of the consumer's exactly-once effects):
- a row never goes back in time: each group of columns is written only if its event's
  aggregate version is greater than the row's, so a duplicate or an older event arriving
  late changes nothing;
- a batch of any size is two statements at most (one upsert, one update), set-based;
- a document change moves the row: the old document stops validating, the new one does.

A document is not unique in the table: partitions are read independently, so when
affiliate A leaves a document (novedad 1) and affiliate B, on another partition, takes it,
B's registration may be applied before A's change (a rebuild makes that likely). Each row
keeps ``documento_desde``, when the affiliation service recorded the event that gave it its
document, and a lookup takes the latest holder: affiliation lets a document be taken only
after its previous holder left it, so the latest claim is the current one. Once every
partition is applied, each document has one holder again. (With the old unique constraint,
B's registration would have failed and gone to the dead-letter topic.)

Contact data kept: mobile and address, which registration's security questions ask about
(manual, 2.1.2); the e-mail is not kept: the person gives identity its own at step 2.
"""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS, topic_for
from eps_contracts.events import AfiliadoRegistrado
from eps_runtime.consumer import ConsumedEvent
from identity.adapters.filas_afiliados import EVENTOS_ATENDIDOS, construir_lote

TOPICO = topic_for(AfiliadoRegistrado).name
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["identity"] if s.topic == TOPICO)

_TIPOS = frozenset(cls.ce_type() for cls in EVENTOS_ATENDIDOS)

_REGISTRAR = text(
    """
    INSERT INTO afiliados_validables AS v (
        afiliado_id, tipo_documento, numero_documento, documento_desde, primer_nombre,
        segundo_nombre, primer_apellido, segundo_apellido, fecha_nacimiento, estado,
        tipo_afiliado, cotizante_id, telefono_movil, direccion, version)
    SELECT * FROM unnest(
        CAST(:ids AS uuid[]), CAST(:tipos AS text[]), CAST(:numeros AS text[]),
        CAST(:documentos_desde AS timestamptz[]),
        CAST(:primeros_nombres AS text[]), CAST(:segundos_nombres AS text[]),
        CAST(:primeros_apellidos AS text[]), CAST(:segundos_apellidos AS text[]),
        CAST(:nacimientos AS date[]), CAST(:estados AS text[]),
        CAST(:tipos_afiliado AS text[]), CAST(:cotizantes AS uuid[]),
        CAST(:telefonos AS text[]), CAST(:direcciones AS text[]), CAST(:versiones AS integer[]))
    ON CONFLICT (afiliado_id) DO UPDATE SET
        tipo_documento = EXCLUDED.tipo_documento,
        numero_documento = EXCLUDED.numero_documento,
        documento_desde = EXCLUDED.documento_desde,
        primer_nombre = EXCLUDED.primer_nombre,
        segundo_nombre = EXCLUDED.segundo_nombre,
        primer_apellido = EXCLUDED.primer_apellido,
        segundo_apellido = EXCLUDED.segundo_apellido,
        fecha_nacimiento = EXCLUDED.fecha_nacimiento,
        estado = EXCLUDED.estado,
        tipo_afiliado = EXCLUDED.tipo_afiliado,
        cotizante_id = EXCLUDED.cotizante_id,
        telefono_movil = EXCLUDED.telefono_movil,
        direccion = EXCLUDED.direccion,
        version = EXCLUDED.version,
        actualizado_en = now()
    WHERE v.version < EXCLUDED.version
    """
)

# One row per affiliate; a group whose version is null (absent from the batch) or not newer
# than the row keeps the row's values (every right-hand side reads the row before the
# update). A change for an affiliate not in the view yet cannot happen in partition order
# (its registration, version 1, comes first on the same partition), so it is ignored.
_ACTUALIZAR = text(
    """
    UPDATE afiliados_validables AS v SET
        tipo_documento = CASE WHEN c.v_documento > v.version
            THEN c.tipo_documento ELSE v.tipo_documento END,
        numero_documento = CASE WHEN c.v_documento > v.version
            THEN c.numero_documento ELSE v.numero_documento END,
        documento_desde = CASE WHEN c.v_documento > v.version
            THEN c.documento_desde ELSE v.documento_desde END,
        primer_nombre = CASE WHEN c.v_nombres > v.version
            THEN c.primer_nombre ELSE v.primer_nombre END,
        segundo_nombre = CASE WHEN c.v_nombres > v.version
            THEN c.segundo_nombre ELSE v.segundo_nombre END,
        primer_apellido = CASE WHEN c.v_nombres > v.version
            THEN c.primer_apellido ELSE v.primer_apellido END,
        segundo_apellido = CASE WHEN c.v_nombres > v.version
            THEN c.segundo_apellido ELSE v.segundo_apellido END,
        estado = CASE WHEN c.v_estado > v.version THEN c.estado ELSE v.estado END,
        tipo_afiliado = CASE WHEN c.v_tipo > v.version
            THEN c.tipo_afiliado ELSE v.tipo_afiliado END,
        cotizante_id = CASE WHEN c.v_tipo > v.version
            THEN c.cotizante_id ELSE v.cotizante_id END,
        telefono_movil = CASE WHEN c.v_contacto > v.version
            THEN c.telefono_movil ELSE v.telefono_movil END,
        direccion = CASE WHEN c.v_contacto > v.version
            THEN c.direccion ELSE v.direccion END,
        version = c.version,
        actualizado_en = now()
    FROM unnest(
        CAST(:ids AS uuid[]), CAST(:versiones AS integer[]),
        CAST(:versiones_documento AS integer[]), CAST(:tipos AS text[]),
        CAST(:numeros AS text[]), CAST(:documentos_desde AS timestamptz[]),
        CAST(:versiones_nombres AS integer[]), CAST(:primeros_nombres AS text[]),
        CAST(:segundos_nombres AS text[]), CAST(:primeros_apellidos AS text[]),
        CAST(:segundos_apellidos AS text[]),
        CAST(:versiones_estado AS integer[]), CAST(:estados AS text[]),
        CAST(:versiones_tipo AS integer[]), CAST(:tipos_afiliado AS text[]),
        CAST(:cotizantes AS uuid[]),
        CAST(:versiones_contacto AS integer[]), CAST(:telefonos AS text[]),
        CAST(:direcciones AS text[]))
        AS c(afiliado_id, version, v_documento, tipo_documento, numero_documento,
             documento_desde, v_nombres, primer_nombre, segundo_nombre, primer_apellido,
             segundo_apellido, v_estado, estado, v_tipo, tipo_afiliado, cotizante_id,
             v_contacto, telefono_movil, direccion)
    WHERE v.afiliado_id = c.afiliado_id AND v.version < c.version
    """
)


class AfiliadosValidablesProjection:
    """A ``Projection`` for ``ExactlyOnceConsumer`` and ``rebuild_projection``."""

    def __init__(self, topic_prefix: str = "") -> None:
        self.name = GRUPO
        self.topics: tuple[str, ...] = (topic_prefix + TOPICO,)

    def handles(self, ce_type: str) -> bool:
        return ce_type in _TIPOS

    async def apply(self, conn: AsyncConnection, events: Sequence[ConsumedEvent]) -> None:
        lote = construir_lote(events)
        # Registrations first: a change in the same batch updates the new row.
        if lote.registros["ids"]:
            await conn.execute(_REGISTRAR, lote.registros)
        if lote.cambios["ids"]:
            await conn.execute(_ACTUALIZAR, lote.cambios)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE afiliados_validables"))
