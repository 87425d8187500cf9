"""In-memory fakes for unit tests: the same guarantees the handlers rely on (writes are
visible only after commit; stale versions conflict)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from uuid import UUID

from eps_runtime.memoria import ConsecutivosEnMemoria, EventosEnMemoria
from eps_runtime.memoria import UnidadDeTrabajoEnMemoria as _Base
from incapacities.application.puertos import Cotizante, CuentaReembolso, Fila
from incapacities.domain.cadena import Periodo
from incapacities.domain.derecho import Aporte, SituacionCotizante
from incapacities.domain.incapacidad import Estado, Incapacidad


@dataclass
class AlmacenEnMemoria:
    """The committed state every unit of work of one test shares."""

    eventos: EventosEnMemoria = field(default_factory=EventosEnMemoria)
    filas: dict[UUID, Fila] = field(default_factory=dict)
    consecutivos: dict[str, int] = field(default_factory=dict)
    cotizantes: dict[UUID, Cotizante] = field(default_factory=dict)
    aportes: dict[UUID, list[Aporte]] = field(default_factory=dict)
    moras: dict[UUID, tuple[str, ...]] = field(default_factory=dict)
    cuentas: dict[UUID, CuentaReembolso] = field(default_factory=dict)


class VistaEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self._pendientes: dict[UUID, Fila] = {}

    async def bloquear_cotizante(self, cotizante_id: UUID) -> None:
        return None

    def _todas(self) -> dict[UUID, Fila]:
        return {**self._almacen.filas, **self._pendientes}

    async def periodos(self, cotizante_id: UUID) -> list[Periodo]:
        return [
            Periodo(
                f.incapacidad_id, f.contingencia, f.grupo, f.fecha_inicio, f.dias, f.dias_acumulados
            )
            for f in self._todas().values()
            if f.cotizante_id == cotizante_id and f.estado != Estado.RECHAZADA.value
        ]

    async def guardar(self, fila: Fila) -> None:
        self._pendientes[fila.incapacidad_id] = fila

    async def obtener(self, incapacidad_id: UUID) -> Fila | None:
        return self._todas().get(incapacidad_id)

    async def buscar(
        self,
        *,
        cotizante_id: UUID | None,
        aportante_id: UUID | None,
        desde: date | None,
        hasta: date | None,
    ) -> list[Fila]:
        return sorted(
            (
                f
                for f in self._todas().values()
                if (cotizante_id is None or f.cotizante_id == cotizante_id)
                and (aportante_id is None or f.aportante_id == aportante_id)
                and (desde is None or f.fecha_inicio >= desde)
                and (hasta is None or f.fecha_inicio <= hasta)
            ),
            key=lambda f: (f.fecha_inicio, f.folio),
            reverse=True,
        )

    async def vencidas(self, hoy: date) -> list[Fila]:
        return [
            f
            for f in self._todas().values()
            if (f.estado == Estado.EN_TRAMITE.value and f.decidir_antes < hoy)
            or (f.estado == Estado.LIQUIDADA.value and f.pagar_antes and f.pagar_antes < hoy)
        ]

    def verificar(self) -> None:
        folios = [f.folio for f in self._todas().values()]
        if len(folios) != len(set(folios)):
            raise AssertionError("folio repetido")

    def confirmar(self) -> None:
        self._almacen.filas.update(self._pendientes)
        self._pendientes.clear()


class SituacionesEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen

    async def cotizante(self, afiliado_id: UUID) -> Cotizante | None:
        return self._almacen.cotizantes.get(afiliado_id)

    async def situacion(self, afiliado_id: UUID) -> SituacionCotizante:
        cotizante = self._almacen.cotizantes.get(afiliado_id)
        return SituacionCotizante(
            afiliacion_activa=cotizante is not None and cotizante.activo,
            aportes=tuple(self._almacen.aportes.get(afiliado_id, [])),
            periodos_en_mora=self._almacen.moras.get(afiliado_id, ()),
        )


class CuentasEnMemoria:
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        self._almacen = almacen
        self._pendientes: dict[UUID, CuentaReembolso] = {}

    async def registrar(self, titular_id: UUID, cuenta: CuentaReembolso) -> None:
        self._pendientes[titular_id] = cuenta

    async def obtener(self, titular_id: UUID) -> CuentaReembolso | None:
        return {**self._almacen.cuentas, **self._pendientes}.get(titular_id)

    def verificar(self) -> None:
        """Nothing to check."""

    def confirmar(self) -> None:
        self._almacen.cuentas.update(self._pendientes)
        self._pendientes.clear()


class UnidadDeTrabajoEnMemoria(_Base):
    def __init__(self, almacen: AlmacenEnMemoria) -> None:
        super().__init__(almacen.eventos)
        self._almacen = almacen

    def _preparar(self) -> None:
        self.incapacidades = self.repositorio(Incapacidad)
        self.vista = VistaEnMemoria(self._almacen)
        self.participa(self.vista)
        self.situaciones = SituacionesEnMemoria(self._almacen)
        self.consecutivos = ConsecutivosEnMemoria(self._almacen.consecutivos)
        self.participa(self.consecutivos)
        self.cuentas = CuentasEnMemoria(self._almacen)
        self.participa(self.cuentas)
