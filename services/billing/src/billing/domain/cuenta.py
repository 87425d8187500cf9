"""The contributions account of one cotizante (stream id = the affiliate's id): the PILA
contributions that arrived for him, each once."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from eps_contracts.events.billing import (
    AporteRegistrado,
    CuentaAportesAbierta,
    MoraDetectada,
    MoraSaldada,
)
from eps_runtime.agregado import Agregado, aplica


class CuentaCotizante(Agregado):
    evento_inicial = CuentaAportesAbierta

    def __init__(self) -> None:
        super().__init__()
        self.aportes: dict[UUID, tuple[str, int]] = {}
        self.registrados: list[AporteRegistrado] = []
        self.pagado_por_periodo: dict[str, int] = {}
        self.en_mora: list[str] = []

    @classmethod
    def abrir(cls, afiliado_id: UUID, ahora: datetime) -> CuentaCotizante:
        cuenta = cls()
        cuenta._registrar(CuentaAportesAbierta, afiliado_id=afiliado_id, abierta_en=ahora)
        return cuenta

    def registrar_aporte(
        self,
        *,
        afiliado_id: UUID,
        aporte_id: UUID,
        periodo: str,
        dias: int,
        ibc: int,
        valor: int,
        fecha_pago: date,
        planilla: str,
    ) -> bool:
        """False when this aporte (planilla and line) was already registered."""
        if aporte_id in self.aportes:
            return False
        self._registrar(
            AporteRegistrado,
            afiliado_id=afiliado_id,
            aporte_id=aporte_id,
            periodo=periodo,
            dias_cotizados=dias,
            ibc=ibc,
            valor=valor,
            fecha_pago=fecha_pago,
            planilla=planilla,
        )
        return True

    def evaluar_mora(
        self, afiliado_id: UUID, en_mora: list[str], deuda: int, ahora: datetime
    ) -> bool:
        """Records ``MoraDetectada`` when the periods in arrears changed (new ones), or
        ``MoraSaldada`` when none is left; True if something was recorded."""
        if en_mora and en_mora != self.en_mora:
            self._registrar(
                MoraDetectada,
                afiliado_id=afiliado_id,
                periodos=en_mora,
                valor_adeudado=deuda,
                detectada_en=ahora,
            )
            return True
        if not en_mora and self.en_mora:
            self._registrar(MoraSaldada, afiliado_id=afiliado_id, saldada_en=ahora)
            return True
        return False

    @aplica(CuentaAportesAbierta)
    def _abierta(self, e: CuentaAportesAbierta) -> None:
        pass

    @aplica(AporteRegistrado)
    def _aporte(self, e: AporteRegistrado) -> None:
        self.aportes[e.aporte_id] = (e.periodo, e.valor)
        self.registrados.append(e)
        self.pagado_por_periodo[e.periodo] = self.pagado_por_periodo.get(e.periodo, 0) + e.valor

    @aplica(MoraDetectada)
    def _mora(self, e: MoraDetectada) -> None:
        self.en_mora = list(e.periodos)

    @aplica(MoraSaldada)
    def _saldada(self, e: MoraSaldada) -> None:
        self.en_mora = []
