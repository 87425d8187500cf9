"""What every handler receives, and the small steps several handlers share."""

from dataclasses import dataclass
from datetime import date
from uuid import UUID, uuid4

from affiliation.application.errores import AfiliadoNoEncontrado
from affiliation.application.puertos import UnidadDeTrabajo
from affiliation.application.puertos_soportes import AlmacenSoportes
from affiliation.domain import cotizacion, novedades
from affiliation.domain.afiliado import Afiliado
from affiliation.domain.errores import CotizacionInvalida, DatosInvalidos
from affiliation.referencia import DatosReferencia
from eps_contracts.types import CausalInclusion, SubtipoCotizante, ZonaUPC
from eps_runtime.errores import ConflictoDeVersion


@dataclass(frozen=True)
class Dependencias:
    """One command's world: a fresh unit of work, today's date in Colombia, the reference
    data and the private storage of support documents."""

    uow: UnidadDeTrabajo
    hoy: date
    referencia: DatosReferencia
    almacen: AlmacenSoportes


async def cargar(
    deps: Dependencias, afiliado_id: UUID, version_esperada: int | None = None
) -> Afiliado:
    """The affiliate, checked to be at ``version_esperada`` when one is given.

    A stale version is a conflict even if the change would be harmless: a client never
    overwrites data it has not seen.
    """
    afiliado = await deps.uow.afiliados.obtener(afiliado_id)
    if afiliado is None:
        raise AfiliadoNoEncontrado(afiliado_id)
    if version_esperada is not None and afiliado.version != version_esperada:
        raise ConflictoDeVersion(afiliado_id, version_esperada)
    return afiliado


def nuevo_radicado(hoy: date) -> str:
    return f"NOV-{hoy:%Y%m%d}-{uuid4().hex[:8].upper()}"


def registrar_novedad(
    afiliado: Afiliado,
    codigo: novedades.CodigoNovedad,
    deps: Dependencias,
    *,
    por_afiliado: bool = False,
    causal: CausalInclusion | None = None,
) -> str:
    """Records ``NovedadRegistrada`` with the support documents seed 004 asks for it."""
    definicion = novedades.definicion(codigo)
    radicado = nuevo_radicado(deps.hoy)
    afiliado.registrar_novedad(
        radicado=radicado,
        codigo=int(codigo),
        nombre_novedad=definicion.nombre,
        fecha_novedad=deps.hoy,
        soportes_requeridos=[s.value for s in novedades.soportes_de_novedad(codigo, causal)],
        reportada_por_afiliado=por_afiliado,
    )
    return radicado


def liquidar(deps: Dependencias, subtipo: SubtipoCotizante, ibc: int) -> dict[str, object]:
    """The fields of ``CotizacionActualizada`` for ``ibc`` this year.

    The IBC may not be below one SMLMV (Ley 100 de 1993, art. 18) nor above 25 SMLMV
    (Ley 797 de 2003).
    """
    anio = deps.hoy.year
    smlmv = deps.referencia.salarios.smlmv(anio)
    if ibc < smlmv:
        raise CotizacionInvalida(
            f"El IBC no puede ser inferior a un salario mínimo ({_pesos(smlmv)} en {anio})."
        )
    if ibc > 25 * smlmv:
        raise CotizacionInvalida(
            f"El IBC no puede superar 25 salarios mínimos ({_pesos(25 * smlmv)} en {anio})."
        )
    tipo = cotizacion.tipo_de(subtipo)
    valores = cotizacion.liquidar_cotizacion(ibc, tipo)
    return {
        "tipo_cotizante": tipo,
        "subtipo_cotizante": subtipo,
        "ibc": ibc,
        "rango_salarial": cotizacion.rango_salarial(ibc, smlmv),
        "anio_smlmv": anio,
        "cotizacion_total": valores.total,
        "a_cargo_afiliado": valores.a_cargo_afiliado,
        "a_cargo_empleador": valores.a_cargo_empleador,
    }


def zona_upc(deps: Dependencias, *municipios: str | None) -> ZonaUPC:
    """The UPC zone of the first known municipio (the person's, else its cotizante's)."""
    for codigo in municipios:
        if codigo is None:
            continue
        municipio = deps.referencia.divipola.municipio(codigo)
        if municipio is not None:
            return municipio.zona_upc
    raise DatosInvalidos(
        "Indique el municipio de residencia del adicional: la UPC adicional depende de la "
        "zona donde vive."
    )


def ficha_ips(deps: Dependencias, codigo: str | None) -> dict[str, str | None]:
    """The catalog's name, address and phone of an IPS, as the events carry them
    (``ips_primaria_nombre``…); empty for no IPS or a code the catalog does not know."""
    ips = deps.referencia.ips.obtener(codigo) if codigo is not None else None
    if ips is None:
        return {}
    return {
        "ips_primaria_nombre": ips.nombre,
        "ips_primaria_direccion": ips.direccion,
        "ips_primaria_telefono": ips.telefono,
    }


def _pesos(valor: int) -> str:
    return "$" + f"{valor:,}".replace(",", ".")
