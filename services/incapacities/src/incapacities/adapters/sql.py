"""PostgreSQL adapters: the unit of work, the incapacities sheet and the read model."""

from __future__ import annotations

from datetime import date
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.events.incapacities import Contingencia
from eps_contracts.types import EstadoAfiliacion, TipoCotizante
from eps_runtime.cifrado import CifradoEnReposo
from eps_runtime.consecutivos import ConsecutivosSql
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import UnidadDeTrabajoSql as _Base
from incapacities.application.puertos import Cotizante, CuentaReembolso, Fila
from incapacities.domain.cadena import Periodo
from incapacities.domain.derecho import Aporte, SituacionCotizante
from incapacities.domain.incapacidad import Estado, Incapacidad

COLUMNAS = (
    "incapacidad_id, folio, cotizante_id, aportante_id, contingencia, diagnostico, grupo, "
    "fecha_inicio, dias, dias_acumulados, prorroga_de, estado, decidir_antes, pagar_antes, "
    "motivo, valor_eps, version"
)
_NOMBRES = [c.strip() for c in COLUMNAS.split(",")]
_GUARDAR = text(
    f"INSERT INTO incapacidades ({COLUMNAS}) VALUES ({', '.join(':' + c for c in _NOMBRES)}) "
    "ON CONFLICT (incapacidad_id) DO UPDATE SET "
    + ", ".join(f"{c} = EXCLUDED.{c}" for c in _NOMBRES if c != "incapacidad_id")
)


def _fila(r: Any) -> Fila:
    m = r._mapping
    return Fila(**{**m, "contingencia": Contingencia(m["contingencia"])})


class VistaSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def bloquear_cotizante(self, cotizante_id: UUID) -> None:
        await self._conn.execute(
            text("SELECT pg_advisory_xact_lock(hashtextextended(:clave, 0))"),
            {"clave": f"incapacidades:{cotizante_id}"},
        )

    async def periodos(self, cotizante_id: UUID) -> list[Periodo]:
        filas = await self._conn.execute(
            text(
                "SELECT incapacidad_id, contingencia, grupo, fecha_inicio, dias, dias_acumulados "
                "FROM incapacidades WHERE cotizante_id = :c AND estado <> :rechazada"
            ),
            {"c": cotizante_id, "rechazada": Estado.RECHAZADA.value},
        )
        return [Periodo(r[0], Contingencia(r[1]), r[2], r[3], r[4], r[5]) for r in filas.all()]

    async def guardar(self, fila: Fila) -> None:
        await self._conn.execute(_GUARDAR, {**fila.__dict__, "contingencia": fila.contingencia})

    async def obtener(self, incapacidad_id: UUID) -> Fila | None:
        r = (
            await self._conn.execute(
                text(f"SELECT {COLUMNAS} FROM incapacidades WHERE incapacidad_id = :i"),
                {"i": incapacidad_id},
            )
        ).first()
        return _fila(r) if r else None

    async def buscar(
        self,
        *,
        cotizante_id: UUID | None,
        aportante_id: UUID | None,
        desde: date | None,
        hasta: date | None,
    ) -> list[Fila]:
        filas = await self._conn.execute(
            text(
                f"SELECT {COLUMNAS} FROM incapacidades WHERE "
                "(CAST(:c AS uuid) IS NULL OR cotizante_id = :c) AND "
                "(CAST(:a AS uuid) IS NULL OR aportante_id = :a) AND "
                "(CAST(:d AS date) IS NULL OR fecha_inicio >= :d) AND "
                "(CAST(:h AS date) IS NULL OR fecha_inicio <= :h) "
                "ORDER BY fecha_inicio DESC, folio DESC LIMIT 500"
            ),
            {"c": cotizante_id, "a": aportante_id, "d": desde, "h": hasta},
        )
        return [_fila(r) for r in filas.all()]

    async def vencidas(self, hoy: date) -> list[Fila]:
        filas = await self._conn.execute(
            text(
                f"SELECT {COLUMNAS} FROM incapacidades WHERE "
                "(estado = :tramite AND decidir_antes < :hoy) OR "
                "(estado = :liquidada AND pagar_antes < :hoy) ORDER BY folio"
            ),
            {"tramite": Estado.EN_TRAMITE.value, "liquidada": Estado.LIQUIDADA.value, "hoy": hoy},
        )
        return [_fila(r) for r in filas.all()]


class SituacionesSql:
    def __init__(self, conn: AsyncConnection) -> None:
        self._conn = conn

    async def cotizante(self, afiliado_id: UUID) -> Cotizante | None:
        r = (
            await self._conn.execute(
                text("SELECT estado, tipo_cotizante FROM cotizantes WHERE afiliado_id = :a"),
                {"a": afiliado_id},
            )
        ).first()
        if r is None:
            return None
        empleadores = await self._conn.execute(
            text("SELECT empleador_id FROM cotizante_empleadores WHERE afiliado_id = :a"),
            {"a": afiliado_id},
        )
        return Cotizante(
            afiliado_id=afiliado_id,
            activo=r[0] == EstadoAfiliacion.ACTIVO.value,
            tipo_cotizante=TipoCotizante(r[1]) if r[1] else None,
            empleadores=frozenset(e[0] for e in empleadores.all()),
        )

    async def situacion(self, afiliado_id: UUID) -> SituacionCotizante:
        cotizante = await self.cotizante(afiliado_id)
        aportes = await self._conn.execute(
            text("SELECT periodo, dias_cotizados, ibc FROM aportes WHERE afiliado_id = :a"),
            {"a": afiliado_id},
        )
        mora = (
            await self._conn.execute(
                text("SELECT periodos FROM moras WHERE afiliado_id = :a"), {"a": afiliado_id}
            )
        ).first()
        return SituacionCotizante(
            afiliacion_activa=cotizante is not None and cotizante.activo,
            aportes=tuple(Aporte(r[0], r[1], r[2]) for r in aportes.all()),
            periodos_en_mora=tuple(mora[0]) if mora else (),
        )


class CuentasSql:
    """The reimbursement accounts. The account number is stored encrypted (``numero``
    holds a Fernet token) with its last four digits beside it for display: a copy of the
    database gives nobody a bank account."""

    def __init__(self, conn: AsyncConnection, cifrado: CifradoEnReposo) -> None:
        self._conn = conn
        self._cifrado = cifrado

    async def registrar(self, titular_id: UUID, cuenta: CuentaReembolso) -> None:
        await self._conn.execute(
            text(
                "INSERT INTO cuentas_reembolso (titular_id, banco, tipo_cuenta, numero, ultimos4) "
                "VALUES (:t, :b, :k, :n, :u) ON CONFLICT (titular_id) DO UPDATE SET "
                "banco = EXCLUDED.banco, tipo_cuenta = EXCLUDED.tipo_cuenta, "
                "numero = EXCLUDED.numero, ultimos4 = EXCLUDED.ultimos4, registrada_en = now()"
            ),
            {
                "t": titular_id,
                "b": cuenta.banco,
                "k": cuenta.tipo_cuenta,
                "n": self._cifrado.cifrar(cuenta.numero),
                "u": cuenta.numero[-4:],
            },
        )

    async def obtener(self, titular_id: UUID) -> CuentaReembolso | None:
        r = (
            await self._conn.execute(
                text(
                    "SELECT banco, tipo_cuenta, numero FROM cuentas_reembolso WHERE titular_id = :t"
                ),
                {"t": titular_id},
            )
        ).first()
        return CuentaReembolso(r[0], r[1], self._cifrado.descifrar(r[2])) if r else None


class UnidadDeTrabajoSql(_Base):
    def __init__(self, engine: AsyncEngine, store: EventStore, cifrado: CifradoEnReposo) -> None:
        super().__init__(engine, store)
        self._cifrado = cifrado

    def _preparar(self, conn: AsyncConnection) -> None:
        self.incapacidades = self.repositorio(Incapacidad)
        self.vista = VistaSql(conn)
        self.situaciones = SituacionesSql(conn)
        self.consecutivos = ConsecutivosSql(conn)
        self.cuentas = CuentasSql(conn, self._cifrado)
