"""The OPS (orden de prestación de servicios): AUTORIZADA → ENTREGADA (paid, or nothing to
pay: at once) · VENCIDA when its date passes unused · ANULADA by back office."""

from __future__ import annotations

from datetime import date, datetime
from uuid import UUID

from authorizations.domain.cuotas import Cuota
from authorizations.domain.errores import OPSNoModificable
from eps_contracts.events.authorizations import OPSAnulada, OPSAutorizada, OPSEntregada, OPSVencida
from eps_runtime.agregado import Agregado, aplica

AUTORIZADA = "AUTORIZADA"
ENTREGADA = "ENTREGADA"
VENCIDA = "VENCIDA"
ANULADA = "ANULADA"


def numero_autorizacion(anio: int, consecutivo: int) -> str:
    return f"AUT-{anio}-{consecutivo:06d}"


class OPS(Agregado):
    evento_inicial = OPSAutorizada

    def __init__(self) -> None:
        super().__init__()
        self.afiliado_id: UUID | None = None
        self.estado = AUTORIZADA
        self.valor_cuota = 0
        self.vence_el: date | None = None
        self.autorizada: OPSAutorizada | None = None

    @classmethod
    def autorizar(
        cls,
        *,
        ops_id: UUID,
        afiliado_id: UUID,
        numero: str,
        presolicitud_id: UUID | None,
        cups_codigo: str,
        cups_descripcion: str,
        plan: str,
        prestador_nombre: str,
        prestador_ciudad: str | None,
        prestador_direccion: str | None,
        prestador_telefono: str | None,
        vence_el: date,
        cuota: Cuota,
        ahora: datetime,
    ) -> OPS:
        ops = cls()
        ops._registrar(
            OPSAutorizada,
            ops_id=ops_id,
            afiliado_id=afiliado_id,
            numero_autorizacion=numero,
            presolicitud_id=presolicitud_id,
            cups_codigo=cups_codigo,
            cups_descripcion=cups_descripcion,
            plan=plan,
            prestador_nombre=prestador_nombre,
            prestador_ciudad=prestador_ciudad,
            prestador_direccion=prestador_direccion,
            prestador_telefono=prestador_telefono,
            vence_el=vence_el,
            valor_cuota=cuota.valor,
            concepto_cuota=cuota.concepto,
            autorizada_en=ahora,
        )
        if cuota.valor == 0:
            ops.entregar(None, ahora)
        return ops

    def entregar(self, obligacion_id: UUID | None, ahora: datetime) -> bool:
        """Delivers it (once): False when it already was, or can no longer be."""
        if self.estado != AUTORIZADA:
            return False
        self._registrar(
            OPSEntregada,
            afiliado_id=self.afiliado_id,
            pagada=obligacion_id is not None,
            obligacion_id=obligacion_id,
            entregada_en=ahora,
        )
        return True

    def vencer(self, hoy: date) -> bool:
        assert self.vence_el is not None
        if self.estado != AUTORIZADA or hoy <= self.vence_el:
            return False
        self._registrar(OPSVencida, afiliado_id=self.afiliado_id, vencio_el=self.vence_el)
        return True

    def anular(self, motivo: str, ahora: datetime) -> None:
        if self.estado in (VENCIDA, ANULADA):
            raise OPSNoModificable(f"La OPS está {self.estado}; no se puede anular.")
        self._registrar(OPSAnulada, afiliado_id=self.afiliado_id, motivo=motivo, anulada_en=ahora)

    @aplica(OPSAutorizada)
    def _autorizada(self, e: OPSAutorizada) -> None:
        self.afiliado_id = e.afiliado_id
        self.valor_cuota = e.valor_cuota
        self.vence_el = e.vence_el
        self.autorizada = e

    @aplica(OPSEntregada)
    def _entregada(self, e: OPSEntregada) -> None:
        self.estado = ENTREGADA

    @aplica(OPSVencida)
    def _vencida(self, e: OPSVencida) -> None:
        self.estado = VENCIDA

    @aplica(OPSAnulada)
    def _anulada(self, e: OPSAnulada) -> None:
        self.estado = ANULADA
