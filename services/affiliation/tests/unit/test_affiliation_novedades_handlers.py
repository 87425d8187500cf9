"""Family group, UPC adicional, novedades and state changes through the handlers (fakes)."""

from datetime import date
from itertools import count
from typing import Any
from uuid import UUID, uuid4

import pytest

from affiliation.adapters.memoria import AlmacenEnMemoria
from affiliation.application import comandos as c
from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.bootstrap import Aplicacion, bootstrap_en_memoria
from affiliation.domain.errores import AfiliacionNoActiva, CotizacionInvalida, DecisionYaTomada
from affiliation.domain.grupo_familiar import InclusionNoPermitida
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts import events as ev
from eps_contracts.types import (
    CausalInclusion,
    EstadoAfiliacion,
    EstadoCivil,
    MotivoCambioIPS,
    MotivoReactivacion,
    MotivoRetiro,
    MotivoSuspension,
    NivelSisben,
    Parentesco,
    Pariente,
    RangoSalarial,
    Regimen,
    Sexo,
    SubtipoCotizante,
    TipoAfiliado,
    TipoDocumento,
    ZonaUPC,
)
from eps_contracts.valores import Documento
from eps_runtime.errores import ConflictoDeVersion

HOY = date(2026, 11, 22)
_numeros = count(1000000100)


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def aplicacion(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen, hoy=lambda: HOY)


def persona(**cambios: Any) -> c.RegistrarAfiliado:
    nacimiento = cambios.get("fecha_nacimiento", date(1985, 3, 10))
    adulto = (HOY.year - nacimiento.year) >= 19
    campos: dict[str, Any] = {
        "afiliado_id": uuid4(),
        "documento": Documento(
            TipoDocumento.CC if adulto else TipoDocumento.TI, str(next(_numeros))
        ),
        "nombre": NombreCompleto("Luis", "Rincón"),
        "fecha_nacimiento": nacimiento,
        "sexo": Sexo.M,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "contacto": DatosContacto("luis@example.com", "3001234567", "Calle 1 # 2-3", "76001"),
    }
    return c.RegistrarAfiliado(**(campos | cambios))


async def cotizante(aplicacion: Aplicacion, **cambios: Any) -> UUID:
    comando = persona(subtipo_cotizante=SubtipoCotizante.PERSONA_NATURAL, ibc=4_000_000, **cambios)
    return (await aplicacion.ejecutar(comando)).afiliado_id


async def beneficiario(
    aplicacion: Aplicacion, cotizante_id: UUID, parentesco: Parentesco, **cambios: Any
) -> UUID:
    comando = persona(
        tipo_afiliado=cambios.pop("tipo_afiliado", TipoAfiliado.BENEFICIARIO),
        cotizante_id=cotizante_id,
        parentesco=parentesco,
        **cambios,
    )
    return (await aplicacion.ejecutar(comando)).afiliado_id


def eventos(almacen: AlmacenEnMemoria, afiliado_id: UUID) -> list[Any]:
    return list(almacen.streams[afiliado_id])


async def version(aplicacion: Aplicacion, afiliado_id: UUID) -> int:
    deps = aplicacion.dependencias()
    async with deps.uow as uow:
        afiliado = await uow.afiliados.obtener(afiliado_id)
    assert afiliado is not None
    return afiliado.version


async def test_cotizante_con_ibc_queda_con_su_rango_salarial(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)

    registro = eventos(almacen, titular)[0]
    # 4.000.000 is between 2 and 5 SMLMV of 2026 (1.750.905).
    assert registro.rango_salarial is RangoSalarial.B
    assert registro.ibc == 4_000_000


async def test_ibc_inferior_al_salario_minimo_se_rechaza(aplicacion: Aplicacion) -> None:
    with pytest.raises(CotizacionInvalida, match="salario mínimo"):
        await aplicacion.ejecutar(
            persona(subtipo_cotizante=SubtipoCotizante.EMPLEADO, ibc=1_000_000)
        )


async def test_hijo_menor_entra_al_grupo_con_la_novedad_4_y_sus_soportes(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)

    hijo = await beneficiario(
        aplicacion, titular, Parentesco.HIJO, fecha_nacimiento=date(2015, 1, 1)
    )

    inclusion = eventos(almacen, titular)[-1]
    assert isinstance(inclusion, ev.BeneficiarioIncluido)
    assert inclusion.beneficiario_id == hijo
    assert inclusion.causal is CausalInclusion.HIJO_MENOR_DE_18
    novedad = eventos(almacen, hijo)[-1]
    assert isinstance(novedad, ev.NovedadRegistrada)
    assert novedad.codigo == 4
    assert "REGISTRO_CIVIL_NACIMIENTO" in novedad.soportes_requeridos


async def test_recien_nacido_entra_con_la_novedad_6(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)

    bebe = await beneficiario(
        aplicacion,
        titular,
        Parentesco.HIJO,
        fecha_nacimiento=date(2026, 11, 1),
        documento=Documento(TipoDocumento.CN, "2026110100"),
    )

    assert eventos(almacen, bebe)[-1].codigo == 6


async def test_dos_conyuges_en_el_mismo_grupo_se_rechazan_nombrando_la_regla(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    await beneficiario(aplicacion, titular, Parentesco.CONYUGE, sexo=Sexo.F)

    with pytest.raises(InclusionNoPermitida) as rechazo:
        await beneficiario(aplicacion, titular, Parentesco.CONYUGE, sexo=Sexo.F)

    assert rechazo.value.regla == "conyuge-unico"
    assert "Decreto 806" in rechazo.value.mensaje
    # Nothing of the refused person was written: neither its stream nor its document.
    assert len(almacen.streams) == 2


async def test_padres_con_un_hijo_en_el_grupo_se_rechazan(aplicacion: Aplicacion) -> None:
    titular = await cotizante(aplicacion)
    await beneficiario(aplicacion, titular, Parentesco.HIJO, fecha_nacimiento=date(2016, 2, 2))

    with pytest.raises(InclusionNoPermitida) as rechazo:
        await beneficiario(
            aplicacion, titular, Parentesco.MADRE, fecha_nacimiento=date(1960, 2, 2), sexo=Sexo.F
        )

    assert rechazo.value.regla == "padres-con-conyuge-o-hijos"


async def test_adicional_paga_la_upc_de_su_grupo_y_zona(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)

    await beneficiario(
        aplicacion,
        titular,
        Parentesco.OTRO,
        tipo_afiliado=TipoAfiliado.ADICIONAL,
        fecha_nacimiento=date(1970, 6, 1),  # 56 years: group 10, "De 55 a 59 años"
        condiciones=c.CondicionesBeneficiario(pariente=Pariente.TIO),
    )

    inclusion = eventos(almacen, titular)[-1]
    assert inclusion.causal is CausalInclusion.ADICIONAL_PARIENTE_HASTA_TERCER_GRADO
    assert inclusion.zona_upc is ZonaUPC.NORMAL  # Cali
    assert inclusion.upc_adicional_mensual == 164_700


async def test_retiro_del_cotizante_retira_a_su_grupo(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    hijo = await beneficiario(
        aplicacion, titular, Parentesco.HIJO, fecha_nacimiento=date(2014, 4, 4)
    )

    resultado = await aplicacion.ejecutar(
        c.RetirarAfiliacion(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            motivo=MotivoRetiro.FALLECIMIENTO,
        )
    )

    assert resultado.radicado is not None
    assert any(isinstance(e, ev.AfiliacionRetirada) for e in eventos(almacen, hijo))
    novedad = eventos(almacen, titular)[-1]
    assert isinstance(novedad, ev.NovedadRegistrada) and novedad.codigo == 11


async def test_exclusion_por_divorcio_saca_al_conyuge_del_grupo(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    conyuge = await beneficiario(aplicacion, titular, Parentesco.CONYUGE, sexo=Sexo.F)

    await aplicacion.ejecutar(
        c.RetirarAfiliacion(
            afiliado_id=conyuge,
            version_esperada=await version(aplicacion, conyuge),
            motivo=MotivoRetiro.SEPARACION_O_DIVORCIO,
        )
    )

    exclusion = eventos(almacen, titular)[-1]
    assert isinstance(exclusion, ev.BeneficiarioExcluido)
    assert exclusion.beneficiario_id == conyuge
    assert eventos(almacen, conyuge)[-1].codigo == 12
    # A new spouse may now be included.
    await beneficiario(aplicacion, titular, Parentesco.CONYUGE, sexo=Sexo.F)


async def test_version_vieja_en_una_novedad_responde_conflicto_sin_escribir(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    leida = await version(aplicacion, titular)
    await aplicacion.ejecutar(
        c.CambiarEstadoCivil(
            afiliado_id=titular, version_esperada=leida, estado_civil=EstadoCivil.CASADO
        )
    )
    antes = len(eventos(almacen, titular))

    with pytest.raises(ConflictoDeVersion):
        await aplicacion.ejecutar(
            c.CorregirNombres(
                afiliado_id=titular, version_esperada=leida, nombre=NombreCompleto("Otro", "Nombre")
            )
        )

    assert len(eventos(almacen, titular)) == antes


async def test_correccion_de_documento_libera_el_anterior(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    anterior = eventos(almacen, titular)[0]
    nuevo = Documento(TipoDocumento.CC, "99887766")

    await aplicacion.ejecutar(
        c.CorregirDocumento(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            documento=nuevo,
        )
    )

    assert almacen.documentos[nuevo] == titular
    assert Documento(anterior.tipo_documento, anterior.numero_documento) not in almacen.documentos
    with pytest.raises(DocumentoYaRegistrado):
        await aplicacion.ejecutar(persona(documento=nuevo))


async def test_suspension_por_salida_del_pais_y_reactivacion_al_volver(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    await aplicacion.ejecutar(
        c.SuspenderAfiliacion(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            motivo=MotivoSuspension.SALIDA_DEL_PAIS,
        )
    )
    with pytest.raises(AfiliacionNoActiva):
        await aplicacion.ejecutar(
            c.SolicitarCambioIPS(
                afiliado_id=titular,
                solicitud_id=uuid4(),
                ips_deseada_codigo="760010000002",
                motivo=MotivoCambioIPS.CAMBIO_DE_RESIDENCIA,
            )
        )

    await aplicacion.ejecutar(
        c.ReactivarAfiliacion(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            motivo=MotivoReactivacion.INGRESO_AL_PAIS,
        )
    )

    codigos = [e.codigo for e in eventos(almacen, titular) if isinstance(e, ev.NovedadRegistrada)]
    assert codigos == [7, 8]


async def test_movilidad_lleva_al_grupo_con_su_cotizante(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = (
        await aplicacion.ejecutar(persona(regimen=Regimen.SUBSIDIADO, nivel_sisben=NivelSisben.I))
    ).afiliado_id
    hija = await beneficiario(
        aplicacion,
        titular,
        Parentesco.HIJO,
        regimen=Regimen.SUBSIDIADO,
        fecha_nacimiento=date(2012, 9, 9),
        sexo=Sexo.F,
    )

    await aplicacion.ejecutar(
        c.CambiarRegimen(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            regimen=Regimen.CONTRIBUTIVO,
            nivel_sisben=NivelSisben.I,
            subtipo_cotizante=SubtipoCotizante.EMPLEADO,
            ibc=1_750_905,
        )
    )

    assert isinstance(eventos(almacen, hija)[-1], ev.RegimenCambiado)
    assert eventos(almacen, hija)[-1].regimen is Regimen.CONTRIBUTIVO


async def test_cambio_de_ips_aprobado_cambia_la_ips_y_no_se_decide_dos_veces(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    solicitud = uuid4()
    await aplicacion.ejecutar(
        c.SolicitarCambioIPS(
            afiliado_id=titular,
            solicitud_id=solicitud,
            ips_deseada_codigo="760010000005",
            motivo=MotivoCambioIPS.CAMBIO_DE_RESIDENCIA,
        )
    )
    assert solicitud in almacen.bandeja

    await aplicacion.ejecutar(
        c.DecidirCambioIPS(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            solicitud_id=solicitud,
        )
    )

    cambio = eventos(almacen, titular)[-1]
    assert isinstance(cambio, ev.IPSPrimariaCambiada)
    assert cambio.ips_primaria_codigo == "760010000005"
    # The dashboard and front ends show the IPS from the event alone.
    assert cambio.ips_primaria_nombre == "IPS VIDASANA CALI SEDE OCCIDENTE"
    assert cambio.ips_primaria_direccion == "Calle 29 # 96-21"
    assert cambio.ips_primaria_telefono == "6024396069"
    assert solicitud not in almacen.bandeja
    with pytest.raises(DecisionYaTomada):
        await aplicacion.ejecutar(
            c.DecidirCambioIPS(
                afiliado_id=titular,
                version_esperada=await version(aplicacion, titular),
                solicitud_id=solicitud,
                motivo_rechazo="tarde",
            )
        )


async def test_hijo_que_pasa_a_cotizante_sale_del_grupo(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)
    hijo = await beneficiario(
        aplicacion,
        titular,
        Parentesco.HIJO,
        fecha_nacimiento=date(2004, 1, 1),
        condiciones=c.CondicionesBeneficiario(estudiante_tiempo_completo=True),
    )

    await aplicacion.ejecutar(
        c.BeneficiarioACotizante(
            afiliado_id=hijo,
            version_esperada=await version(aplicacion, hijo),
            subtipo_cotizante=SubtipoCotizante.EMPLEADO,
            ibc=2_000_000,
        )
    )

    cambio = [e for e in eventos(almacen, hijo) if isinstance(e, ev.TipoAfiliadoCambiado)]
    assert cambio[-1].tipo_afiliado is TipoAfiliado.COTIZANTE
    assert isinstance(eventos(almacen, titular)[-1], ev.BeneficiarioExcluido)


async def test_retirado_no_admite_cambios_de_datos(aplicacion: Aplicacion) -> None:
    titular = await cotizante(aplicacion)
    await aplicacion.ejecutar(
        c.RetirarAfiliacion(
            afiliado_id=titular,
            version_esperada=await version(aplicacion, titular),
            motivo=MotivoRetiro.TRASLADO_A_OTRA_EPS,
        )
    )
    deps = aplicacion.dependencias()
    async with deps.uow as uow:
        retirado = await uow.afiliados.obtener(titular)
    assert retirado is not None and retirado.estado is EstadoAfiliacion.RETIRADO


async def test_adulto_afiliado_desde_recien_nacido_entra_con_la_novedad_4(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    titular = await cotizante(aplicacion)

    hijo = await beneficiario(
        aplicacion,
        titular,
        Parentesco.HIJO,
        fecha_nacimiento=date(2003, 1, 1),
        fecha_afiliacion=date(2003, 2, 1),
        condiciones=c.CondicionesBeneficiario(estudiante_tiempo_completo=True),
    )

    assert eventos(almacen, hijo)[-1].codigo == 4
