"""The copay obligation of one OPS and the gateway transactions that try to pay it.

Rules (manual §4.2.2, DESIGN §8b):
- one obligation per OPS, paid whole, in one payment (never grouped, never partial);
- at most one transaction pending at a time, and none once paid: a second click, tab or
  retried request gets the pending transaction back or a refusal, never a second charge;
- a transaction ends once: APROBADO or RECHAZADO with the gateway's reason; a replayed or
  late verdict for an ended transaction records nothing;
- at most one ``PagoAprobado`` per obligation, whatever arrives and in whatever order.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime
from uuid import UUID

from billing.domain.errores import (
    BancoRequerido,
    ObligacionAnuladaError,
    ObligacionYaPagada,
    PagoEnProceso,
    TransaccionNoEncontrada,
    ValorNoCoincide,
)
from billing.domain.valores import EstadoObligacion, EstadoTransaccion, Transaccion, Veredicto
from eps_contracts.events.billing import (
    FacturaPACEmitida,
    ObligacionAnulada,
    ObligacionPagoCreada,
    PagoAprobado,
    PagoRechazado,
    TransaccionIniciada,
)
from eps_contracts.types import ConceptoCuota, MedioPago
from eps_runtime.agregado import Agregado, aplica


class Obligacion(Agregado):
    evento_inicial = (ObligacionPagoCreada, FacturaPACEmitida)

    def __init__(self) -> None:
        super().__init__()
        self.afiliado_id: UUID
        self.ops_id: UUID | None = None
        self.factura_id: UUID | None = None
        self.numero_factura: str | None = None
        self.periodo: str | None = None
        self.referencia_pago: str | None = None
        self.numero_autorizacion: str | None = None
        self.concepto = ConceptoCuota.CUOTA_MODERADORA
        self.descripcion = ""
        self.valor = 0
        self.vence_el: date | None = None
        self.creada_en: datetime
        self.anulada = False
        self.motivo_anulacion: str | None = None
        self.transacciones: dict[UUID, Transaccion] = {}

    # --- commands -----------------------------------------------------------------------

    @classmethod
    def crear(
        cls,
        *,
        obligacion_id: UUID,
        afiliado_id: UUID,
        ops_id: UUID | None,
        numero_autorizacion: str | None,
        concepto: ConceptoCuota,
        descripcion: str,
        valor: int,
        vence_el: date | None,
        ahora: datetime,
    ) -> Obligacion:
        obligacion = cls()
        obligacion._registrar(
            ObligacionPagoCreada,
            obligacion_id=obligacion_id,
            afiliado_id=afiliado_id,
            ops_id=ops_id,
            numero_autorizacion=numero_autorizacion,
            concepto=concepto,
            descripcion=descripcion,
            valor=valor,
            vence_el=vence_el,
            creada_en=ahora,
        )
        return obligacion

    @classmethod
    def facturar_pac(
        cls,
        *,
        obligacion_id: UUID,
        factura_id: UUID,
        afiliado_id: UUID,
        numero_factura: str,
        periodo: str,
        plan_codigo: str,
        plan_nombre: str,
        valor: int,
        vence_el: date,
        referencia_pago: str,
        ahora: datetime,
    ) -> Obligacion:
        obligacion = cls()
        obligacion._registrar(
            FacturaPACEmitida,
            obligacion_id=obligacion_id,
            afiliado_id=afiliado_id,
            factura_id=factura_id,
            numero_factura=numero_factura,
            periodo=periodo,
            plan_codigo=plan_codigo,
            plan_nombre=plan_nombre,
            valor=valor,
            vence_el=vence_el,
            referencia_pago=referencia_pago,
            emitida_en=ahora,
        )
        return obligacion

    def verificar_que_se_puede_pagar(self, medio: MedioPago, banco: str | None) -> None:
        """Refuses before anything is asked of the gateway."""
        if self.pago_aprobado is not None:
            raise ObligacionYaPagada()
        if self.anulada:
            raise ObligacionAnuladaError()
        if self.transaccion_pendiente is not None:
            raise PagoEnProceso()
        if medio is MedioPago.PSE and not banco:
            raise BancoRequerido()

    def iniciar_transaccion(
        self,
        *,
        transaccion_id: UUID,
        medio: MedioPago,
        banco: str | None,
        referencia_pasarela: str,
        ahora: datetime,
    ) -> None:
        self.verificar_que_se_puede_pagar(medio, banco)
        self._registrar(
            TransaccionIniciada,
            afiliado_id=self.afiliado_id,
            ops_id=self.ops_id,
            factura_id=self.factura_id,
            transaccion_id=transaccion_id,
            valor=self.valor,
            medio=medio,
            banco=banco if medio is MedioPago.PSE else None,
            referencia_pasarela=referencia_pasarela,
            iniciada_en=ahora,
        )

    def resolver(self, transaccion_id: UUID, veredicto: Veredicto, ahora: datetime) -> bool:
        """Applies the gateway's verdict on a transaction; True if something was recorded.

        A verdict for a transaction already ended, or still pending, records nothing. The
        amount must be the transaction's (a tampered notification is refused); an approval
        when another transaction already paid the obligation records nothing (the gateway
        would have charged twice: it is logged by the caller for a refund)."""
        transaccion = self.transacciones.get(transaccion_id)
        if transaccion is None or veredicto.referencia_pasarela != transaccion.referencia_pasarela:
            raise TransaccionNoEncontrada()
        if veredicto.valor != transaccion.valor:
            raise ValorNoCoincide()
        if transaccion.estado is not EstadoTransaccion.PENDIENTE:
            return False
        if veredicto.estado is EstadoTransaccion.APROBADO:
            if self.pago_aprobado is not None:
                return False
            self._registrar(
                PagoAprobado,
                afiliado_id=self.afiliado_id,
                ops_id=self.ops_id,
                factura_id=self.factura_id,
                transaccion_id=transaccion_id,
                valor=transaccion.valor,
                medio=transaccion.medio,
                referencia_pasarela=transaccion.referencia_pasarela,
                aprobado_en=ahora,
            )
            return True
        if veredicto.estado is EstadoTransaccion.RECHAZADO:
            self._registrar(
                PagoRechazado,
                afiliado_id=self.afiliado_id,
                ops_id=self.ops_id,
                factura_id=self.factura_id,
                transaccion_id=transaccion_id,
                valor=transaccion.valor,
                medio=transaccion.medio,
                motivo=(veredicto.motivo or "Transacción rechazada")[:500],
                rechazado_en=ahora,
            )
            return True
        return False

    def numerar_recibo(self, recibo: str) -> None:
        """Gives the receipt number to the approval recorded in this command (before it is
        saved): the number is taken in the same transaction, so none is lost or repeated."""
        ultimo = self.cambios[-1] if self.cambios else None
        if not isinstance(ultimo, PagoAprobado):
            raise ValueError("solo un PagoAprobado sin guardar recibe número de recibo")
        numerado = ultimo.model_copy(update={"recibo": recibo})
        self.cambios[-1] = numerado
        self._aprobado(numerado)

    def anular(self, motivo: str, ahora: datetime) -> bool:
        """The OPS was cancelled or expired: nothing is owed, unless it is already paid or a
        payment is under way (the gateway's verdict decides that one)."""
        if self.anulada or self.pago_aprobado is not None or self.transaccion_pendiente:
            return False
        self._registrar(
            ObligacionAnulada,
            afiliado_id=self.afiliado_id,
            ops_id=self.ops_id,
            factura_id=self.factura_id,
            motivo=motivo,
            anulada_en=ahora,
        )
        return True

    # --- state --------------------------------------------------------------------------

    @property
    def transaccion_pendiente(self) -> Transaccion | None:
        return next(
            (t for t in self.transacciones.values() if t.estado is EstadoTransaccion.PENDIENTE),
            None,
        )

    @property
    def pago_aprobado(self) -> Transaccion | None:
        return next(
            (t for t in self.transacciones.values() if t.estado is EstadoTransaccion.APROBADO),
            None,
        )

    @property
    def estado(self) -> EstadoObligacion:
        if self.pago_aprobado is not None:
            return EstadoObligacion.PAGADA
        if self.anulada:
            return EstadoObligacion.ANULADA
        if self.transaccion_pendiente is not None:
            return EstadoObligacion.EN_PROCESO
        return EstadoObligacion.POR_PAGAR

    # --- appliers -----------------------------------------------------------------------

    @aplica(ObligacionPagoCreada)
    def _creada(self, e: ObligacionPagoCreada) -> None:
        self.afiliado_id = e.afiliado_id
        self.ops_id = e.ops_id
        self.numero_autorizacion = e.numero_autorizacion
        self.concepto = e.concepto
        self.descripcion = e.descripcion
        self.valor = e.valor
        self.vence_el = e.vence_el
        self.creada_en = e.creada_en

    @aplica(FacturaPACEmitida)
    def _facturada(self, e: FacturaPACEmitida) -> None:
        self.afiliado_id = e.afiliado_id
        self.factura_id = e.factura_id
        self.numero_factura = e.numero_factura
        self.numero_autorizacion = None
        self.periodo = e.periodo
        self.referencia_pago = e.referencia_pago
        self.concepto = ConceptoCuota.NINGUNO
        self.descripcion = f"Factura {e.numero_factura} - {e.plan_nombre} ({e.periodo})"
        self.valor = e.valor
        self.vence_el = e.vence_el
        self.creada_en = e.emitida_en

    @aplica(TransaccionIniciada)
    def _iniciada(self, e: TransaccionIniciada) -> None:
        self.transacciones[e.transaccion_id] = Transaccion(
            transaccion_id=e.transaccion_id,
            valor=e.valor,
            medio=e.medio,
            banco=e.banco,
            referencia_pasarela=e.referencia_pasarela,
            iniciada_en=e.iniciada_en,
        )

    @aplica(PagoAprobado)
    def _aprobado(self, e: PagoAprobado) -> None:
        self.transacciones[e.transaccion_id] = replace(
            self.transacciones[e.transaccion_id],
            estado=EstadoTransaccion.APROBADO,
            finalizada_en=e.aprobado_en,
            recibo=e.recibo,
        )

    @aplica(PagoRechazado)
    def _rechazado(self, e: PagoRechazado) -> None:
        self.transacciones[e.transaccion_id] = replace(
            self.transacciones[e.transaccion_id],
            estado=EstadoTransaccion.RECHAZADO,
            motivo=e.motivo,
            finalizada_en=e.rechazado_en,
        )

    @aplica(ObligacionAnulada)
    def _anulada(self, e: ObligacionAnulada) -> None:
        self.anulada = True
        self.motivo_anulacion = e.motivo
