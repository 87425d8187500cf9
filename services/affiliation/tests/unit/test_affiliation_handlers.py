"""Handlers with in-memory fakes: the same code the API runs, in milliseconds."""

from datetime import date
from typing import Any
from uuid import uuid4

import pytest

from affiliation.adapters.memoria import AlmacenEnMemoria
from affiliation.application import consultas
from affiliation.application.comandos import ActualizarDatosContacto, RegistrarAfiliado
from affiliation.application.errores import AfiliadoNoEncontrado, DocumentoYaRegistrado
from affiliation.bootstrap import Aplicacion, bootstrap_en_memoria
from affiliation.domain.errores import CotizanteNoValido, DocumentoNoCorrespondeAEdad
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados
from eps_contracts.types import Parentesco, Regimen, Sexo, TipoAfiliado, TipoDocumento
from eps_contracts.valores import Documento
from eps_runtime.errores import ConflictoDeVersion

HOY = date(2026, 11, 22)


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def aplicacion(almacen: AlmacenEnMemoria) -> Aplicacion:
    return bootstrap_en_memoria(almacen, hoy=lambda: HOY)


def registrar_afiliado(**cambios: Any) -> RegistrarAfiliado:
    campos: dict[str, Any] = {
        "afiliado_id": uuid4(),
        "documento": Documento(TipoDocumento.CC, "1000000001"),
        "nombre": NombreCompleto("Ana", "Pérez", "María", "Gómez"),
        "fecha_nacimiento": date(1990, 5, 17),
        "sexo": Sexo.F,
        "tipo_afiliado": TipoAfiliado.COTIZANTE,
        "regimen": Regimen.CONTRIBUTIVO,
        "contacto": DatosContacto(
            "ana.perez@example.com", "3001234567", "Calle 5 # 38-25", "76001"
        ),
    }
    return RegistrarAfiliado(**(campos | cambios))


async def test_registrar_afiliado_guarda_el_evento_y_reclama_el_documento(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    comando = registrar_afiliado()

    resultado = await aplicacion.ejecutar(comando)

    assert (resultado.afiliado_id, resultado.version) == (comando.afiliado_id, 1)
    [evento] = almacen.streams[comando.afiliado_id]
    assert isinstance(evento, AfiliadoRegistrado)
    assert evento.fecha_afiliacion == HOY  # sin fecha de afiliación: la de la solicitud
    assert almacen.documentos == {comando.documento: comando.afiliado_id}
    assert almacen.commits == 1


async def test_documento_ya_registrado_es_rechazado_sin_escribir_nada(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    await aplicacion.ejecutar(registrar_afiliado())
    otro = registrar_afiliado(nombre=NombreCompleto("Otra", "Persona"))

    with pytest.raises(DocumentoYaRegistrado, match="Ya existe un afiliado con ese documento"):
        await aplicacion.ejecutar(otro)

    assert otro.afiliado_id not in almacen.streams
    assert almacen.commits == 1


async def test_regla_de_dominio_incumplida_no_escribe_nada(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    menor_con_cedula = registrar_afiliado(fecha_nacimiento=date(2012, 1, 1))

    with pytest.raises(DocumentoNoCorrespondeAEdad):
        await aplicacion.ejecutar(menor_con_cedula)

    assert almacen.streams == {}
    assert almacen.documentos == {}


async def test_beneficiario_de_un_cotizante_registrado_queda_en_su_grupo_familiar(
    aplicacion: Aplicacion,
) -> None:
    cotizante = await aplicacion.ejecutar(registrar_afiliado())
    hija = registrar_afiliado(
        documento=Documento(TipoDocumento.TI, "1000000003"),
        nombre=NombreCompleto("Sofía", "Rodríguez", None, "Pérez"),
        fecha_nacimiento=date(2014, 10, 13),
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=cotizante.afiliado_id,
        parentesco=Parentesco.HIJO,
    )

    await aplicacion.ejecutar(hija)

    vista = await consultas.obtener_afiliado(hija.afiliado_id, aplicacion.nueva_unidad_de_trabajo())
    assert vista.cotizante_id == cotizante.afiliado_id


async def test_beneficiario_de_un_cotizante_desconocido_es_rechazado(
    aplicacion: Aplicacion,
) -> None:
    hija = registrar_afiliado(
        documento=Documento(TipoDocumento.TI, "1000000003"),
        fecha_nacimiento=date(2014, 10, 13),
        tipo_afiliado=TipoAfiliado.BENEFICIARIO,
        cotizante_id=uuid4(),
        parentesco=Parentesco.HIJO,
    )
    with pytest.raises(CotizanteNoValido):
        await aplicacion.ejecutar(hija)


async def test_actualizar_contacto_en_la_version_vigente_registra_la_version_2(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    registrado = await aplicacion.ejecutar(registrar_afiliado())

    resultado = await aplicacion.ejecutar(
        ActualizarDatosContacto(
            afiliado_id=registrado.afiliado_id, version_esperada=1, email="ana@example.org"
        )
    )

    assert resultado.version == 2
    evento = almacen.streams[registrado.afiliado_id][-1]
    assert isinstance(evento, DatosContactoActualizados)
    # Los campos no enviados se conservan; el evento lleva los datos completos.
    assert (evento.email, evento.telefono_movil) == ("ana@example.org", "3001234567")


async def test_campo_enviado_como_nulo_se_borra(aplicacion: Aplicacion) -> None:
    registrado = await aplicacion.ejecutar(registrar_afiliado())

    await aplicacion.ejecutar(
        ActualizarDatosContacto(
            afiliado_id=registrado.afiliado_id, version_esperada=1, telefono_movil=None
        )
    )

    vista = await consultas.obtener_afiliado(
        registrado.afiliado_id, aplicacion.nueva_unidad_de_trabajo()
    )
    assert vista.contacto.telefono_movil is None
    assert vista.contacto.email == "ana.perez@example.com"


async def test_version_desactualizada_es_un_conflicto_aunque_no_cambie_nada(
    aplicacion: Aplicacion,
) -> None:
    registrado = await aplicacion.ejecutar(registrar_afiliado())
    await aplicacion.ejecutar(
        ActualizarDatosContacto(
            afiliado_id=registrado.afiliado_id, version_esperada=1, email="ana@example.org"
        )
    )

    with pytest.raises(ConflictoDeVersion):
        await aplicacion.ejecutar(
            ActualizarDatosContacto(
                afiliado_id=registrado.afiliado_id, version_esperada=1, email="ana@example.org"
            )
        )


async def test_cambio_que_no_cambia_nada_no_registra_evento(
    aplicacion: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    registrado = await aplicacion.ejecutar(registrar_afiliado())

    resultado = await aplicacion.ejecutar(
        ActualizarDatosContacto(
            afiliado_id=registrado.afiliado_id,
            version_esperada=1,
            email="ana.perez@example.com",
        )
    )

    assert resultado.version == 1
    assert len(almacen.streams[registrado.afiliado_id]) == 1
    assert almacen.commits == 1


async def test_actualizar_un_afiliado_que_no_existe_es_no_encontrado(
    aplicacion: Aplicacion,
) -> None:
    with pytest.raises(AfiliadoNoEncontrado):
        await aplicacion.ejecutar(
            ActualizarDatosContacto(afiliado_id=uuid4(), version_esperada=1, email=None)
        )


async def test_historial_lista_los_eventos_en_orden_de_version(aplicacion: Aplicacion) -> None:
    registrado = await aplicacion.ejecutar(registrar_afiliado())
    await aplicacion.ejecutar(
        ActualizarDatosContacto(
            afiliado_id=registrado.afiliado_id, version_esperada=1, direccion="Calle 1 # 2-3"
        )
    )

    eventos = await consultas.historial(
        registrado.afiliado_id, aplicacion.nueva_unidad_de_trabajo()
    )

    assert [(e.version, e.tipo) for e in eventos] == [
        (1, AfiliadoRegistrado.ce_type()),
        (2, DatosContactoActualizados.ce_type()),
    ]


async def test_historial_de_un_afiliado_que_no_existe_es_no_encontrado(
    aplicacion: Aplicacion,
) -> None:
    with pytest.raises(AfiliadoNoEncontrado):
        await consultas.historial(uuid4(), aplicacion.nueva_unidad_de_trabajo())
