"""The Incapacidad aggregate: EN TRAMITE → LIQUIDADA → PAGADA, or RECHAZADA, or SIN SUBSIDIO.

A liquidated incapacity may be contested (revalidación o desacuerdo) by its aportante; a
back-office decision then re-liquidates it (LIQUIDADA again) or confirms it.
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum
from typing import Any
from uuid import UUID

from eps_contracts.events.incapacities import (
    Contingencia,
    IncapacidadLiquidada,
    IncapacidadPagada,
    IncapacidadRadicada,
    IncapacidadRechazada,
    IncapacidadSinSubsidio,
    LiquidacionImpugnada,
    PlazoIncapacidadIncumplido,
)
from eps_runtime.agregado import Agregado, aplica
from incapacities.domain.errores import EstadoNoPermite
from incapacities.domain.liquidacion import Liquidacion


class Estado(StrEnum):
    EN_TRAMITE = "EN TRAMITE"
    LIQUIDADA = "LIQUIDADA"
    PAGADA = "PAGADA"
    RECHAZADA = "RECHAZADA"
    SIN_SUBSIDIO = "SIN SUBSIDIO"


class Incapacidad(Agregado):
    evento_inicial = IncapacidadRadicada

    def __init__(self) -> None:
        super().__init__()
        self.estado = Estado.EN_TRAMITE
        self.impugnada = False
        self.valor_eps = 0
        self.radicada: IncapacidadRadicada | None = None
        self.plazos_incumplidos: set[str] = set()
        self.pagar_antes: date | None = None

    @property
    def datos(self) -> IncapacidadRadicada:
        assert self.radicada is not None
        return self.radicada

    @classmethod
    def radicar(cls, **campos: Any) -> Incapacidad:
        incapacidad = cls()
        incapacidad._registrar(IncapacidadRadicada, **campos)
        return incapacidad

    def liquidar(self, liquidacion: Liquidacion, ahora: datetime, pagar_antes: date) -> None:
        reliquidacion = self.estado is Estado.LIQUIDADA and self.impugnada
        if self.estado is not Estado.EN_TRAMITE and not reliquidacion:
            raise EstadoNoPermite(f"La incapacidad está {self.estado.value}: ya fue decidida.")
        self._registrar(
            IncapacidadLiquidada,
            **self._comunes(),
            ibc=liquidacion.ibc,
            dias_empleador=liquidacion.dias_empleador,
            dias_eps=liquidacion.dias_eps,
            dias_afp=liquidacion.dias_afp,
            valor_empleador=liquidacion.valor_empleador,
            valor_eps=liquidacion.valor_eps,
            porcentaje=liquidacion.porcentaje,
            liquidada_en=ahora,
            pagar_antes=pagar_antes,
            reliquidacion=reliquidacion,
        )

    def rechazar(self, causal: str, motivo: str, ahora: datetime) -> None:
        self._exigir_en_tramite()
        self._registrar(
            IncapacidadRechazada,
            **self._comunes(),
            causal=causal,
            motivo=motivo,
            rechazada_en=ahora,
        )

    def sin_subsidio(self, causal: str, motivo: str, ahora: datetime) -> None:
        self._exigir_en_tramite()
        self._registrar(
            IncapacidadSinSubsidio,
            **self._comunes(),
            causal=causal,
            motivo=motivo,
            decidida_en=ahora,
        )

    def impugnar(self, motivo: str, ahora: datetime) -> None:
        if self.estado is not Estado.LIQUIDADA or self.impugnada:
            raise EstadoNoPermite(
                "Solo se puede presentar desacuerdo sobre una liquidación no pagada y que no "
                "esté ya en revalidación."
            )
        self._registrar(LiquidacionImpugnada, **self._comunes(), motivo=motivo, impugnada_en=ahora)

    def pagar(self, fecha_pago: date, lote: str) -> None:
        if self.estado is not Estado.LIQUIDADA:
            raise EstadoNoPermite(
                f"La incapacidad está {self.estado.value}: solo se pagan las liquidadas."
            )
        self._registrar(
            IncapacidadPagada,
            **self._comunes(),
            valor=self.valor_eps,
            fecha_pago=fecha_pago,
            lote=lote,
        )

    def plazo_vencido(self, hoy: date) -> tuple[str, date] | None:
        """The legal term this incapacity is past on ``hoy`` and not yet recorded, if any."""
        if self.estado is Estado.EN_TRAMITE and self.datos.decidir_antes < hoy:
            plazo = ("decision", self.datos.decidir_antes)
        elif self.estado is Estado.LIQUIDADA and self.pagar_antes and self.pagar_antes < hoy:
            plazo = ("pago", self.pagar_antes)
        else:
            return None
        return None if plazo[0] in self.plazos_incumplidos else plazo

    def registrar_plazo_incumplido(self, hoy: date, ahora: datetime) -> bool:
        vencido = self.plazo_vencido(hoy)
        if vencido is None:
            return False
        self._registrar(
            PlazoIncapacidadIncumplido,
            **self._comunes(),
            plazo=vencido[0],
            vencio_el=vencido[1],
            detectado_en=ahora,
        )
        return True

    def _comunes(self) -> dict[str, Any]:
        """What every later event repeats, so subscribers (e-mails, dashboards) need no
        earlier event to know whose incapacity it is."""
        return {
            "folio": self.datos.folio,
            "cotizante_id": self.datos.cotizante_id,
            "aportante_id": self.datos.aportante_id,
        }

    def _exigir_en_tramite(self) -> None:
        if self.estado is not Estado.EN_TRAMITE:
            raise EstadoNoPermite(f"La incapacidad está {self.estado.value}: ya fue decidida.")

    @property
    def contingencia(self) -> Contingencia:
        return self.datos.contingencia

    @property
    def cotizante_id(self) -> UUID:
        return self.datos.cotizante_id

    @aplica(IncapacidadRadicada)
    def _radicada(self, e: IncapacidadRadicada) -> None:
        self.radicada = e
        self.estado = Estado.EN_TRAMITE

    @aplica(IncapacidadLiquidada)
    def _liquidada(self, e: IncapacidadLiquidada) -> None:
        self.estado = Estado.LIQUIDADA
        self.valor_eps = e.valor_eps
        self.pagar_antes = e.pagar_antes
        self.impugnada = False

    @aplica(IncapacidadRechazada)
    def _rechazada(self, e: IncapacidadRechazada) -> None:
        self.estado = Estado.RECHAZADA

    @aplica(IncapacidadSinSubsidio)
    def _sin_subsidio(self, e: IncapacidadSinSubsidio) -> None:
        self.estado = Estado.SIN_SUBSIDIO

    @aplica(LiquidacionImpugnada)
    def _impugnada(self, e: LiquidacionImpugnada) -> None:
        self.impugnada = True

    @aplica(PlazoIncapacidadIncumplido)
    def _plazo_incumplido(self, e: PlazoIncapacidadIncumplido) -> None:
        self.plazos_incumplidos.add(e.plazo)

    @aplica(IncapacidadPagada)
    def _pagada(self, e: IncapacidadPagada) -> None:
        self.estado = Estado.PAGADA
