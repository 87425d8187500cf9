"""Cartera PBS and arrears: the cotizante's account per period, ``MoraDetectada`` /
``MoraSaldada`` (affiliation suspends and reactivates on them), paz y salvo.

Detection is idempotent: the same situation evaluated again records nothing; a racing
evaluation conflicts on the account's version and re-runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID

from billing.application.comandos import DetectarMora
from billing.application.dependencias import Dependencias
from billing.domain.cartera import PeriodoCartera, estado_de_cuenta
from billing.domain.cuenta import CuentaCotizante
from billing.domain.valores import pesos
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_contracts.types import TipoCotizante
from eps_runtime.errores import ConflictoDeEstado, NoEncontrado


class SinCartera(NoEncontrado):
    codigo = "sin-cartera"

    def __init__(self) -> None:
        super().__init__(
            "No encontramos aportes a cargo de esta persona: solo los cotizantes tienen "
            "cartera PBS."
        )


class TieneDeuda(ConflictoDeEstado):
    codigo = "tiene-deuda"


@dataclass(frozen=True)
class EstadoCuenta:
    afiliado_id: UUID
    tipo_cotizante: str
    periodos: list[PeriodoCartera]
    documento: str | None = None

    @property
    def en_mora(self) -> list[str]:
        return [p.periodo for p in self.periodos if p.en_mora]

    @property
    def deuda_vencida(self) -> int:
        return sum(p.saldo for p in self.periodos if p.en_mora)


async def estado_cuenta(
    deps: Dependencias, afiliado_id: UUID, *, dia_vencimiento: int = 10, meses: int = 12
) -> tuple[EstadoCuenta, CuentaCotizante | None]:
    hoy = deps.ahora.astimezone(ZONA_COLOMBIA).date()
    async with deps.uow as uow:
        datos = await uow.cotizantes.datos(afiliado_id)
        cuenta = await uow.cuentas.obtener(afiliado_id)
    if datos is None or datos.tipo_cotizante is None or datos.ibc is None:
        raise SinCartera()
    tipo = TipoCotizante(datos.tipo_cotizante)
    periodos = estado_de_cuenta(
        tipo=tipo,
        ibc=datos.ibc,
        afiliado_desde=datos.fecha_afiliacion or hoy,
        pagado_por_periodo=cuenta.pagado_por_periodo if cuenta else {},
        hoy=hoy,
        dia_vencimiento=dia_vencimiento,
        meses=meses,
    )
    return EstadoCuenta(afiliado_id, str(tipo), periodos, datos.documento), cuenta


async def detectar_mora(cmd: DetectarMora, deps: Dependencias) -> bool:
    """Records the change in arrears of one cotizante, if any."""
    try:
        estado, _ = await estado_cuenta(deps, cmd.afiliado_id)
    except SinCartera:
        return False
    async with deps.uow as uow:
        cuenta = await uow.cuentas.obtener(cmd.afiliado_id)
        if cuenta is None:
            if not estado.en_mora:
                return False
            cuenta = CuentaCotizante.abrir(cmd.afiliado_id, deps.ahora)
        if not cuenta.evaluar_mora(
            cmd.afiliado_id, estado.en_mora, estado.deuda_vencida, deps.ahora
        ):
            return False
        await uow.cuentas.guardar(cuenta)
        await uow.commit()
    return True


async def paz_y_salvo(deps: Dependencias, afiliado_id: UUID, hasta: str) -> EstadoCuenta:
    """Manual §4.3: paz y salvo PBS up to the period ``hasta``; refused listing the periods
    with a balance when there is a debt."""
    estado, _ = await estado_cuenta(deps, afiliado_id)
    deudas = [p for p in estado.periodos if p.periodo <= hasta and p.saldo > 0 and p.vencido]
    if deudas:
        detalle = ", ".join(f"{p.periodo} ({pesos(p.saldo)})" for p in deudas)
        raise TieneDeuda(
            f"No es posible generar el paz y salvo: tiene saldo pendiente en los periodos "
            f"{detalle}.",
            periodos=[p.periodo for p in deudas],
        )
    return estado
