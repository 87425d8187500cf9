"""In-memory fakes of the ports, for handler tests that run in milliseconds.

They keep the guarantees handlers rely on: writes become visible only on ``commit()``; an
append at a stale version raises ``ConflictoDeVersion``; the gateway's create call is
idempotent by reference.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from uuid import UUID

from billing.application.errores import PasarelaNoDisponible
from billing.application.puertos import (
    Banco,
    ContratoPAC,
    DatosCotizante,
    MovimientoFila,
    Notificacion,
    ObligacionFila,
    Pagina,
    ResumenPlanilla,
    SolicitudTransaccion,
    TransaccionCreada,
    TransaccionPorConsultar,
)
from billing.domain.cuenta import CuentaCotizante
from billing.domain.obligacion import Obligacion
from billing.domain.valores import EstadoTransaccion, Veredicto
from eps_runtime.memoria import ConsecutivosEnMemoria, EventosEnMemoria, RepositorioEnMemoria
from eps_runtime.memoria import UnidadDeTrabajoEnMemoria as UnidadDeTrabajoEnMemoriaBase


@dataclass
class FilaTransaccion:
    obligacion_id: UUID
    afiliado_id: UUID
    url: str | None
    estado: str
    iniciada_en: datetime
    proxima_consulta: datetime
    referencia_pasarela: str
    consultas: int = 0


@dataclass
class AlmacenEnMemoria(EventosEnMemoria):
    """What the fakes share: committed streams, state rows, consecutive numbers."""

    obligaciones: dict[UUID, Obligacion] = field(default_factory=dict)
    transacciones: dict[UUID, FilaTransaccion] = field(default_factory=dict)
    consecutivos: dict[str, int] = field(default_factory=dict)
    cotizantes: dict[tuple[str, str], UUID] = field(default_factory=dict)
    datos_cotizantes: dict[UUID, DatosCotizante] = field(default_factory=dict)
    contratos: list[tuple[ContratoPAC, date, date | None]] = field(default_factory=list)
    planillas: dict[str, ResumenPlanilla] = field(default_factory=dict)


class CotizantesEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def buscar(self, documentos: Sequence[tuple[str, str]]) -> dict[tuple[str, str], UUID]:
        return {d: self._almacen.cotizantes[d] for d in documentos if d in self._almacen.cotizantes}

    async def datos(self, afiliado_id: UUID) -> DatosCotizante | None:
        return self._almacen.datos_cotizantes.get(afiliado_id)

    async def con_cotizacion(self, desde: UUID | None, limite: int) -> Sequence[UUID]:
        ids = sorted(
            i
            for i, d in self._almacen.datos_cotizantes.items()
            if d.tipo_cotizante and d.ibc is not None and (desde is None or i > desde)
        )
        return ids[:limite]

    async def contratos_pac(self, inicio: date, fin: date) -> Sequence[ContratoPAC]:
        return [
            c
            for c, desde, hasta in self._almacen.contratos
            if desde <= fin and (hasta is None or hasta >= inicio)
        ]


class PlanillasEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def registrar(self, resumen: ResumenPlanilla) -> None:
        self._almacen.planillas[resumen.planilla] = resumen


class VistaPagosEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self._obligaciones: dict[UUID, Obligacion] = {}
        self._urls: dict[UUID, str] = {}
        self._aplazadas: dict[UUID, datetime] = {}

    async def guardar(self, obligacion: Obligacion, urls: dict[UUID, str] | None = None) -> None:
        self._obligaciones[obligacion.id] = obligacion
        self._urls.update(urls or {})

    async def url_de(self, transaccion_id: UUID) -> str | None:
        fila = self._almacen.transacciones.get(transaccion_id)
        return fila.url if fila else None

    async def obligacion_de_transaccion(self, transaccion_id: UUID) -> UUID | None:
        fila = self._almacen.transacciones.get(transaccion_id)
        return fila.obligacion_id if fila else None

    async def por_consultar(
        self, antes_de: datetime, ahora: datetime, limite: int
    ) -> Sequence[TransaccionPorConsultar]:
        return [
            TransaccionPorConsultar(i, f.obligacion_id, f.referencia_pasarela, f.consultas)
            for i, f in self._almacen.transacciones.items()
            if f.estado == EstadoTransaccion.PENDIENTE
            and f.iniciada_en <= antes_de
            and f.proxima_consulta <= ahora
        ][:limite]

    async def aplazar_consulta(self, transaccion_id: UUID, hasta: datetime) -> None:
        self._aplazadas[transaccion_id] = hasta

    async def obligaciones(
        self,
        afiliado_id: UUID,
        estados: Sequence[str],
        limite: int,
        desde: int,
        facturas: bool = False,
    ) -> Pagina[ObligacionFila]:
        filas = sorted(
            (
                ObligacionFila(
                    o.id,
                    o.afiliado_id,
                    o.ops_id,
                    o.numero_autorizacion,
                    str(o.concepto),
                    o.descripcion,
                    o.valor,
                    o.vence_el,
                    str(o.estado),
                    o.creada_en,
                    o.numero_factura,
                    o.periodo,
                    o.referencia_pago,
                )
                for o in self._almacen.obligaciones.values()
                if o.afiliado_id == afiliado_id
                and (not estados or o.estado in estados)
                and (o.factura_id is not None) == facturas
            ),
            key=lambda f: f.creada_en,
            reverse=True,
        )
        return Pagina(filas[desde : desde + limite], len(filas))

    async def historial(self, afiliado_id: UUID, limite: int, desde: int) -> Pagina[MovimientoFila]:
        filas = sorted(
            (
                MovimientoFila(
                    t.transaccion_id,
                    o.id,
                    t.recibo,
                    o.numero_autorizacion,
                    t.valor,
                    str(o.concepto),
                    str(t.medio),
                    t.finalizada_en or t.iniciada_en,
                    str(t.estado),
                    t.motivo,
                )
                for o in self._almacen.obligaciones.values()
                if o.afiliado_id == afiliado_id
                for t in o.transacciones.values()
            ),
            key=lambda f: f.fecha,
            reverse=True,
        )
        return Pagina(filas[desde : desde + limite], len(filas))

    def verificar(self) -> None:
        """Nothing to check: the streams' versions are checked by the repository."""

    def confirmar(self) -> None:
        for obligacion_id, obligacion in self._obligaciones.items():
            self._almacen.obligaciones[obligacion_id] = obligacion
            for t in obligacion.transacciones.values():
                fila = self._almacen.transacciones.get(t.transaccion_id)
                if fila is None:
                    fila = FilaTransaccion(
                        obligacion_id,
                        obligacion.afiliado_id,
                        self._urls.get(t.transaccion_id),
                        str(t.estado),
                        t.iniciada_en,
                        t.iniciada_en,
                        t.referencia_pasarela,
                    )
                    self._almacen.transacciones[t.transaccion_id] = fila
                fila.estado = str(t.estado)
        for transaccion_id, hasta in self._aplazadas.items():
            fila = self._almacen.transacciones[transaccion_id]
            fila.proxima_consulta = hasta
            fila.consultas += 1
        self._obligaciones.clear()
        self._urls.clear()
        self._aplazadas.clear()


class UnidadDeTrabajoEnMemoria(UnidadDeTrabajoEnMemoriaBase):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen)
        self._almacen = almacen

    def _preparar(self) -> None:
        self.obligaciones = self.repositorio(Obligacion)
        self.vista = VistaPagosEnMemoria(self._almacen)
        self.participa(self.vista)
        self.consecutivos = ConsecutivosEnMemoria(self._almacen.consecutivos)
        self.participa(self.consecutivos)
        self.cuentas = self.repositorio(CuentaCotizante)
        self.cotizantes = CotizantesEnMemoria(self._almacen)
        self.planillas = PlanillasEnMemoria(self._almacen)

    obligaciones: RepositorioEnMemoria[Obligacion]
    vista: VistaPagosEnMemoria
    consecutivos: ConsecutivosEnMemoria
    cuentas: RepositorioEnMemoria[CuentaCotizante]
    cotizantes: CotizantesEnMemoria
    planillas: PlanillasEnMemoria


@dataclass
class PasarelaEnMemoria:
    """A gateway for unit tests: records what was created; ``estados`` says what a query
    answers; ``caida`` makes every call fail as an unreachable gateway."""

    creadas: dict[UUID, SolicitudTransaccion] = field(default_factory=dict)
    estados: dict[str, Veredicto] = field(default_factory=dict)
    caida: bool = False
    llamadas_crear: int = 0

    def _disponible(self) -> None:
        if self.caida:
            raise PasarelaNoDisponible()

    async def bancos(self) -> Sequence[Banco]:
        self._disponible()
        return [Banco("1007", "BANCOLOMBIA"), Banco("1001", "BANCO DE BOGOTA")]

    async def crear(self, solicitud: SolicitudTransaccion) -> TransaccionCreada:
        self._disponible()
        self.llamadas_crear += 1
        self.creadas.setdefault(solicitud.referencia, solicitud)
        referencia = f"SIM-{solicitud.referencia.hex[:12]}"
        return TransaccionCreada(referencia, f"https://pasarela.test/pagar/{referencia}")

    async def consultar(self, referencia_pasarela: str) -> Veredicto:
        self._disponible()
        return self.estados[referencia_pasarela]

    def leer_notificacion(self, cuerpo: bytes, firma: str | None, ahora: datetime) -> Notificacion:
        raise NotImplementedError("las notificaciones firmadas se prueban con PasarelaHttp")
