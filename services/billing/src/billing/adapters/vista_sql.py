"""billing's state tables on PostgreSQL, written in the command's transaction.

Guarantees: a row is written only from the aggregate just saved, never older than the row
(``version`` guard); the partial unique index ``transacciones_un_aprobado`` refuses a second
approved transaction for one obligation even if the application had a bug.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from billing.application.puertos import (
    MovimientoFila,
    ObligacionFila,
    Pagina,
    TransaccionPorConsultar,
)
from billing.domain.obligacion import Obligacion
from billing.domain.valores import EstadoTransaccion

_OBLIGACION = text(
    """
    INSERT INTO obligaciones AS o (obligacion_id, afiliado_id, ops_id, numero_autorizacion,
        concepto, descripcion, valor, vence_el, estado, creada_en, version, factura_id,
        numero_factura, periodo, referencia_pago)
    VALUES (:obligacion_id, :afiliado_id, :ops_id, :numero_autorizacion, :concepto,
        :descripcion, :valor, :vence_el, :estado, :creada_en, :version, :factura_id,
        :numero_factura, :periodo, :referencia_pago)
    ON CONFLICT (obligacion_id) DO UPDATE SET estado = EXCLUDED.estado,
        version = EXCLUDED.version
    WHERE o.version < EXCLUDED.version
    """
)
_TRANSACCION = text(
    """
    INSERT INTO transacciones AS t (transaccion_id, obligacion_id, afiliado_id,
        referencia_pasarela, url_redireccion, medio, banco, valor, estado, motivo, recibo,
        iniciada_en, finalizada_en, proxima_consulta)
    VALUES (:transaccion_id, :obligacion_id, :afiliado_id, :referencia_pasarela, :url,
        :medio, :banco, :valor, :estado, :motivo, :recibo, :iniciada_en, :finalizada_en,
        :iniciada_en)
    ON CONFLICT (transaccion_id) DO UPDATE SET estado = EXCLUDED.estado,
        motivo = EXCLUDED.motivo, recibo = EXCLUDED.recibo,
        finalizada_en = EXCLUDED.finalizada_en,
        url_redireccion = COALESCE(EXCLUDED.url_redireccion, t.url_redireccion)
    WHERE t.estado = 'PENDIENTE'
    """
)


class VistaPagosSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def guardar(self, obligacion: Obligacion, urls: dict[UUID, str] | None = None) -> None:
        await self._conn.execute(
            _OBLIGACION,
            {
                "obligacion_id": obligacion.id,
                "afiliado_id": obligacion.afiliado_id,
                "ops_id": obligacion.ops_id,
                "numero_autorizacion": obligacion.numero_autorizacion,
                "concepto": str(obligacion.concepto),
                "descripcion": obligacion.descripcion,
                "valor": obligacion.valor,
                "vence_el": obligacion.vence_el,
                "estado": str(obligacion.estado),
                "creada_en": obligacion.creada_en,
                "version": obligacion.version,
                "factura_id": obligacion.factura_id,
                "numero_factura": obligacion.numero_factura,
                "periodo": obligacion.periodo,
                "referencia_pago": obligacion.referencia_pago,
            },
        )
        filas = [
            {
                "transaccion_id": t.transaccion_id,
                "obligacion_id": obligacion.id,
                "afiliado_id": obligacion.afiliado_id,
                "referencia_pasarela": t.referencia_pasarela,
                "url": (urls or {}).get(t.transaccion_id),
                "medio": str(t.medio),
                "banco": t.banco,
                "valor": t.valor,
                "estado": str(t.estado),
                "motivo": t.motivo,
                "recibo": t.recibo,
                "iniciada_en": t.iniciada_en,
                "finalizada_en": t.finalizada_en,
            }
            for t in obligacion.transacciones.values()
        ]
        if filas:
            await self._conn.execute(_TRANSACCION, filas)

    async def url_de(self, transaccion_id: UUID) -> str | None:
        fila = await self._conn.execute(
            text("SELECT url_redireccion FROM transacciones WHERE transaccion_id = :id"),
            {"id": transaccion_id},
        )
        valor = fila.scalar_one_or_none()
        return str(valor) if valor is not None else None

    async def obligacion_de_transaccion(self, transaccion_id: UUID) -> UUID | None:
        fila = await self._conn.execute(
            text("SELECT obligacion_id FROM transacciones WHERE transaccion_id = :id"),
            {"id": transaccion_id},
        )
        valor = fila.scalar_one_or_none()
        return valor if isinstance(valor, UUID) else None

    async def por_consultar(
        self, antes_de: datetime, ahora: datetime, limite: int
    ) -> Sequence[TransaccionPorConsultar]:
        filas = await self._conn.execute(
            text(
                """
                SELECT transaccion_id, obligacion_id, referencia_pasarela, consultas
                FROM transacciones
                WHERE estado = :pendiente AND iniciada_en <= :antes_de
                  AND proxima_consulta <= :ahora
                ORDER BY proxima_consulta LIMIT :limite
                """
            ),
            {
                "pendiente": EstadoTransaccion.PENDIENTE.value,
                "antes_de": antes_de,
                "ahora": ahora,
                "limite": limite,
            },
        )
        return [TransaccionPorConsultar(*fila) for fila in filas]

    async def aplazar_consulta(self, transaccion_id: UUID, hasta: datetime) -> None:
        await self._conn.execute(
            text(
                "UPDATE transacciones SET consultas = consultas + 1, proxima_consulta = :hasta "
                "WHERE transaccion_id = :id"
            ),
            {"id": transaccion_id, "hasta": hasta},
        )

    async def obligaciones(
        self,
        afiliado_id: UUID,
        estados: Sequence[str],
        limite: int,
        desde: int,
        facturas: bool = False,
    ) -> Pagina[ObligacionFila]:
        filtro = "AND estado = ANY(:estados)" if estados else ""
        filtro += " AND factura_id IS NOT NULL" if facturas else " AND factura_id IS NULL"
        parametros = {"a": afiliado_id, "estados": list(estados), "l": limite, "d": desde}
        filas = await self._conn.execute(
            text(
                "SELECT obligacion_id, afiliado_id, ops_id, numero_autorizacion, concepto, "
                "descripcion, valor, vence_el, estado, creada_en, numero_factura, periodo, "
                "referencia_pago, count(*) OVER () "
                f"FROM obligaciones WHERE afiliado_id = :a {filtro} "
                "ORDER BY creada_en DESC, obligacion_id LIMIT :l OFFSET :d"
            ),
            parametros,
        )
        lista = filas.all()
        total = (
            int(lista[0][-1]) if lista else await self._contar("obligaciones", parametros, filtro)
        )
        return Pagina([ObligacionFila(*f[:-1]) for f in lista], total)

    async def historial(self, afiliado_id: UUID, limite: int, desde: int) -> Pagina[MovimientoFila]:
        parametros = {"a": afiliado_id, "l": limite, "d": desde}
        filas = await self._conn.execute(
            text(
                """
                SELECT t.transaccion_id, t.obligacion_id, t.recibo, o.numero_autorizacion,
                    t.valor, o.concepto, t.medio, COALESCE(t.finalizada_en, t.iniciada_en),
                    t.estado, t.motivo, count(*) OVER ()
                FROM transacciones t JOIN obligaciones o USING (obligacion_id)
                WHERE t.afiliado_id = :a
                ORDER BY t.iniciada_en DESC, t.transaccion_id LIMIT :l OFFSET :d
                """
            ),
            parametros,
        )
        lista = filas.all()
        total = int(lista[0][-1]) if lista else await self._contar("transacciones", parametros, "")
        return Pagina([MovimientoFila(*f[:-1]) for f in lista], total)

    async def _contar(self, tabla: str, parametros: dict[str, object], filtro: str) -> int:
        resultado = await self._conn.execute(
            text(f"SELECT count(*) FROM {tabla} WHERE afiliado_id = :a {filtro}"), parametros
        )
        return int(resultado.scalar_one())
