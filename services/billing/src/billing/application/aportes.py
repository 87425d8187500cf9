"""PILA import: each cotizante line of a planilla becomes one ``AporteRegistrado``.

Guarantees:
- streamed: lines are read, parsed and written in batches of ``lote``, each batch in its
  own transaction, so memory is bounded by the batch (not the file) and progress is shown;
- a malformed line, a duplicated sequence or a document that is no known affiliate is
  reported with its line number; the rest of the file still counts;
- importing the same file twice (or two imports racing) changes nothing the second time:
  an aporte's id is derived from the planilla and the line's sequence, and each cotizante's
  account registers an aporte id once (a racing batch conflicts and is re-run).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import AsyncIterable, Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from uuid import UUID, uuid5

from billing.application.puertos import ResumenPlanilla, UnidadDeTrabajo
from billing.domain.cuenta import CuentaCotizante
from billing.domain.pila import (
    Encabezado,
    LineaCotizante,
    LineaInvalida,
    decodificar,
    leer_encabezado,
    leer_linea,
)
from eps_runtime.errores import ConflictoDeVersion, DatosInvalidos

_ESPACIO_APORTES = UUID("5e2d8c41-7a9b-4f03-8d6e-2c1b0a9f8e7d")
ERRORES_REPORTADOS = 1000
INTENTOS = 5


def aporte_de(planilla: str, secuencia: int) -> UUID:
    return uuid5(_ESPACIO_APORTES, f"{planilla}:{secuencia}")


class PlanillaInvalida(DatosInvalidos):
    codigo = "planilla-invalida"
    campo = "archivo"


@dataclass
class ResultadoImportacion:
    planilla: str
    periodo: str
    lineas: int = 0
    registrados: int = 0
    repetidos: int = 0
    errores: list[LineaInvalida] = field(default_factory=list)
    total_errores: int = 0

    def error(self, linea: LineaInvalida) -> None:
        self.total_errores += 1
        if len(self.errores) < ERRORES_REPORTADOS:
            self.errores.append(linea)


async def importar_planilla(
    lineas: AsyncIterable[bytes],
    nueva_uow: Callable[[], UnidadDeTrabajo],
    *,
    progreso: Callable[[int], None] | None = None,
    lote: int = 1000,
) -> ResultadoImportacion:
    iterador = aiter(lineas)
    try:
        primera = await anext(iterador)
    except StopAsyncIteration:
        raise PlanillaInvalida("El archivo está vacío.") from None
    try:
        encabezado = leer_encabezado(decodificar(primera))
    except ValueError as error:
        raise PlanillaInvalida(str(error)) from None
    resultado = ResultadoImportacion(encabezado.planilla, encabezado.periodo)
    vistas: set[int] = set()
    pendientes: list[LineaCotizante] = []
    numero = 1
    async for crudo in iterador:
        numero += 1
        texto = decodificar(crudo)
        if texto is not None and not texto.strip():
            continue
        resultado.lineas += 1
        linea = leer_linea(numero, texto)
        if isinstance(linea, LineaInvalida):
            resultado.error(linea)
        elif linea.secuencia in vistas:
            resultado.error(LineaInvalida(numero, "Secuencia repetida en la planilla."))
        else:
            vistas.add(linea.secuencia)
            pendientes.append(linea)
        if len(pendientes) >= lote:
            await _lote(pendientes, encabezado, nueva_uow, resultado)
            if progreso:
                progreso(len(pendientes))
            pendientes = []
    if pendientes:
        await _lote(pendientes, encabezado, nueva_uow, resultado)
        if progreso:
            progreso(len(pendientes))
    resultado.errores.sort(key=lambda e: e.numero_linea)
    async with nueva_uow() as uow:
        await uow.planillas.registrar(
            ResumenPlanilla(
                resultado.planilla,
                resultado.periodo,
                resultado.lineas,
                resultado.registrados,
                resultado.repetidos,
                resultado.total_errores,
            )
        )
        await uow.commit()
    return resultado


async def _lote(
    lineas: list[LineaCotizante],
    encabezado: Encabezado,
    nueva_uow: Callable[[], UnidadDeTrabajo],
    resultado: ResultadoImportacion,
) -> None:
    for intento in range(1, INTENTOS + 1):
        try:
            registrados, repetidos, desconocidas = await _registrar_lote(
                lineas, encabezado, nueva_uow
            )
        except ConflictoDeVersion:
            if intento == INTENTOS:
                raise
            continue
        resultado.registrados += registrados
        resultado.repetidos += repetidos
        for linea in desconocidas:
            resultado.error(
                LineaInvalida(
                    linea.numero_linea, "El documento no corresponde a un afiliado de la EPS."
                )
            )
        return


async def _registrar_lote(
    lineas: list[LineaCotizante], encabezado: Encabezado, nueva_uow: Callable[[], UnidadDeTrabajo]
) -> tuple[int, int, list[LineaCotizante]]:
    registrados = repetidos = 0
    desconocidas: list[LineaCotizante] = []
    async with nueva_uow() as uow:
        ids = await uow.cotizantes.buscar(
            sorted({(str(li.tipo_documento), li.numero_documento) for li in lineas})
        )
        por_afiliado: dict[UUID, list[LineaCotizante]] = defaultdict(list)
        for linea in lineas:
            afiliado_id = ids.get((str(linea.tipo_documento), linea.numero_documento))
            if afiliado_id is None:
                desconocidas.append(linea)
            else:
                por_afiliado[afiliado_id].append(linea)
        for afiliado_id, suyas in por_afiliado.items():
            cuenta = await uow.cuentas.obtener(afiliado_id) or CuentaCotizante.abrir(
                afiliado_id, datetime.now(UTC)
            )
            for linea in suyas:
                nuevo = cuenta.registrar_aporte(
                    afiliado_id=afiliado_id,
                    aporte_id=aporte_de(encabezado.planilla, linea.secuencia),
                    periodo=encabezado.periodo,
                    dias=linea.dias,
                    ibc=linea.ibc,
                    valor=linea.valor,
                    fecha_pago=encabezado.fecha_pago,
                    planilla=encabezado.planilla,
                )
                registrados += nuevo
                repetidos += not nuevo
            await uow.cuentas.guardar(cuenta)
        await uow.commit()
    return registrados, repetidos, desconocidas
