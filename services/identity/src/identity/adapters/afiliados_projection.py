"""The ``afiliados_validables`` read model, built only from affiliation's events.

Guarantees (on top of the consumer's exactly-once effects):
- a row never goes back in time: each write applies only if its event's aggregate version
  is greater than the row's, so a duplicate or an older event arriving late changes nothing;
- a batch of any size is two statements at most (one upsert, one update), set-based;
- a document identifies one affiliate (unique (tipo, número)); an event that would give a
  document to a second affiliate fails and ends in the dead-letter topic, because the
  affiliation service guarantees that cannot happen.

Contact data kept: mobile and address, which registration's security questions ask about
(manual, 2.1.2); the e-mail is not kept: the person gives identity its own at step 2.
"""

from collections.abc import Sequence

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from eps_contracts.catalog import SUBSCRIPTIONS, topic_for
from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados
from eps_runtime.consumer import ConsumedEvent
from identity.adapters.filas_afiliados import construir_lote

TOPICO = topic_for(AfiliadoRegistrado).name
GRUPO = next(s.group_id for s in SUBSCRIPTIONS["identity"] if s.topic == TOPICO)

_TIPOS = frozenset({AfiliadoRegistrado.ce_type(), DatosContactoActualizados.ce_type()})

_REGISTRAR = text(
    """
    INSERT INTO afiliados_validables AS v (
        afiliado_id, tipo_documento, numero_documento, primer_nombre, segundo_nombre,
        primer_apellido, segundo_apellido, fecha_nacimiento, estado, tipo_afiliado,
        cotizante_id, telefono_movil, direccion, version)
    SELECT * FROM unnest(
        CAST(:ids AS uuid[]), CAST(:tipos AS text[]), CAST(:numeros AS text[]),
        CAST(:primeros_nombres AS text[]), CAST(:segundos_nombres AS text[]),
        CAST(:primeros_apellidos AS text[]), CAST(:segundos_apellidos AS text[]),
        CAST(:nacimientos AS date[]), CAST(:estados AS text[]),
        CAST(:tipos_afiliado AS text[]), CAST(:cotizantes AS uuid[]),
        CAST(:telefonos AS text[]), CAST(:direcciones AS text[]), CAST(:versiones AS integer[]))
    ON CONFLICT (afiliado_id) DO UPDATE SET
        tipo_documento = EXCLUDED.tipo_documento,
        numero_documento = EXCLUDED.numero_documento,
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

# A contact change for an affiliate not in the view yet cannot happen in partition order
# (its registration, version 1, comes first on the same partition), so it is ignored.
_ACTUALIZAR_CONTACTO = text(
    """
    UPDATE afiliados_validables AS v
    SET telefono_movil = c.telefono_movil, direccion = c.direccion, version = c.version,
        actualizado_en = now()
    FROM unnest(CAST(:ids AS uuid[]), CAST(:telefonos AS text[]),
                CAST(:direcciones AS text[]), CAST(:versiones AS integer[]))
         AS c(afiliado_id, telefono_movil, direccion, version)
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
        # Registrations first: a contact change in the same batch updates the new row.
        if lote.registros["ids"]:
            await conn.execute(_REGISTRAR, lote.registros)
        if lote.contactos["ids"]:
            await conn.execute(_ACTUALIZAR_CONTACTO, lote.contactos)

    async def reset(self, conn: AsyncConnection) -> None:
        await conn.execute(text("TRUNCATE afiliados_validables"))
