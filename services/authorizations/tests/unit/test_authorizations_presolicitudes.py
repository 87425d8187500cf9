"""Filing a presolicitud and its back-office management, on in-memory fakes."""

import asyncio
from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from authorizations.adapters.memoria import AlmacenEnMemoria
from authorizations.application.comandos import (
    ArchivoRecibido,
    EntregarOPSPagada,
    GestionarPresolicitud,
    ServicioAAutorizar,
    ServicioANegar,
    TomarPresolicitud,
    VigilarPlazosYVencimientos,
)
from authorizations.bootstrap import Aplicacion, bootstrap_en_memoria
from authorizations.domain.errores import (
    DerechoDesconocido,
    DerechoNoActivo,
    DocumentosVencidos,
    ObservacionesDemasiadoLargas,
    PlanNoContratado,
    PresolicitudNoTomada,
    PresolicitudYaGestionada,
    SolicitudNoPBS,
    SoportesIncompletos,
    TerminosNoAceptados,
)
from authorizations.domain.ops import OPS
from authorizations.domain.presolicitud import Presolicitud
from eps_contracts.events.authorizations import OPSAutorizada, OPSEntregada, OPSVencida
from eps_runtime.archivos import ArchivoNoValido
from eps_runtime.errores import ConflictoDeVersion

from ..constructores import AHORA, archivos, derecho, pdf_valido, radicacion


def app_con(almacen: AlmacenEnMemoria, ahora: datetime = AHORA) -> Aplicacion:
    return bootstrap_en_memoria(almacen, reloj=lambda: ahora)


async def radicada(almacen: AlmacenEnMemoria, **cambios: object):  # type: ignore[no-untyped-def]
    d = derecho(**cambios)  # type: ignore[arg-type]
    almacen.derechos[d.afiliado_id] = d
    resultado = await app_con(almacen).ejecutar(radicacion(d.afiliado_id))
    return d, resultado


async def test_radicar_devuelve_el_consecutivo_con_el_mensaje_del_manual(
    almacen: AlmacenEnMemoria,
) -> None:
    _, resultado = await radicada(almacen)

    assert resultado.consecutivo == 1
    assert resultado.mensaje == (
        "La presolicitud se ha creado de forma exitosa. Su consecutivo es 1"
    )
    [evento] = almacen.eventos.streams[resultado.agregado_id]
    assert evento.terminos_version == "2020-04-27"  # type: ignore[attr-defined]
    assert [s.tipo_soporte for s in evento.soportes] == [  # type: ignore[attr-defined]
        "HISTORIA_CLINICA_VIGENTE",
        "SOLICITUD_MEDICA_VIGENTE",
    ]


async def test_consecutivos_seguidos_no_se_repiten(almacen: AlmacenEnMemoria) -> None:
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    app = app_con(almacen)
    resultados = [await app.ejecutar(radicacion(d.afiliado_id)) for _ in range(3)]
    assert [r.consecutivo for r in resultados] == [1, 2, 3]


@pytest.mark.parametrize(
    ("cambios", "error"),
    [
        ({"plan": "NO_PBS"}, SolicitudNoPBS),
        ({"acepta_terminos": False}, TerminosNoAceptados),
        ({"observaciones": "x" * 301}, ObservacionesDemasiadoLargas),
        ({"fecha_documentos": date(2026, 10, 23)}, DocumentosVencidos),
        ({"fecha_documentos": date(2026, 11, 24)}, DocumentosVencidos),
        ({"archivos": archivos()[:1]}, SoportesIncompletos),
        ({"plan": "BIENESTAR"}, PlanNoContratado),
    ],
)
async def test_radicacion_rechazada_no_guarda_nada(
    almacen: AlmacenEnMemoria, cambios: dict[str, object], error: type[Exception]
) -> None:
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    app = app_con(almacen)
    with pytest.raises(error):
        await app.ejecutar(radicacion(d.afiliado_id, **cambios))
    assert almacen.eventos.streams == {}
    assert app.almacen.guardados == {}  # type: ignore[attr-defined]


async def test_documentos_de_hace_30_dias_se_aceptan_y_de_31_no(almacen: AlmacenEnMemoria) -> None:
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    app = app_con(almacen)
    await app.ejecutar(radicacion(d.afiliado_id, fecha_documentos=date(2026, 10, 24)))
    with pytest.raises(DocumentosVencidos):
        await app.ejecutar(radicacion(d.afiliado_id, fecha_documentos=date(2026, 10, 23)))


async def test_la_respuesta_del_no_pbs_senala_la_ruta_mipres(almacen: AlmacenEnMemoria) -> None:
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    with pytest.raises(SolicitudNoPBS) as error:
        await app_con(almacen).ejecutar(radicacion(d.afiliado_id, plan="NO_PBS"))
    assert "MIPRES" in error.value.mensaje
    assert error.value.detalles == {"ruta": "MIPRES"}


@pytest.mark.parametrize(
    ("cambios", "palabra"),
    [
        ({"estado": "SUSPENDIDO"}, "suspendida"),
        ({"estado": "RETIRADO"}, "retirada"),
        ({"en_mora": True}, "mora"),
    ],
)
async def test_afiliado_sin_derecho_activo_no_puede_radicar_y_se_le_dice_por_que(
    almacen: AlmacenEnMemoria, cambios: dict[str, object], palabra: str
) -> None:
    d = derecho(**cambios)  # type: ignore[arg-type]
    almacen.derechos[d.afiliado_id] = d
    with pytest.raises(DerechoNoActivo) as error:
        await app_con(almacen).ejecutar(radicacion(d.afiliado_id))
    assert palabra in error.value.mensaje


async def test_afiliado_desconocido_no_puede_radicar(almacen: AlmacenEnMemoria) -> None:
    with pytest.raises(DerechoDesconocido):
        await app_con(almacen).ejecutar(radicacion(uuid4()))


async def test_plan_pac_activo_se_acepta(almacen: AlmacenEnMemoria) -> None:
    d = derecho(planes=frozenset({"BIENESTAR"}))
    almacen.derechos[d.afiliado_id] = d
    resultado = await app_con(almacen).ejecutar(radicacion(d.afiliado_id, plan="BIENESTAR"))
    assert resultado.consecutivo == 1


@pytest.mark.parametrize(
    ("nombre", "contenido"),
    [
        ("virus.pdf", b"MZ\x90\x00" + b"\x00" * 100),
        ("vacio.pdf", b""),
        ("grande.pdf", b"%PDF-1.4\n" + b"0" * (2 * 1024 * 1024 + 1)),
        ("roto.pdf", pdf_valido()[:200]),
    ],
)
async def test_adjunto_no_valido_se_rechaza_sin_guardar_nada(
    almacen: AlmacenEnMemoria, nombre: str, contenido: bytes
) -> None:
    d = derecho()
    almacen.derechos[d.afiliado_id] = d
    app = app_con(almacen)
    malo = (*archivos(), ArchivoRecibido("HISTORIA_CLINICA_VIGENTE", nombre, contenido))
    with pytest.raises(ArchivoNoValido):
        await app.ejecutar(radicacion(d.afiliado_id, archivos=malo))
    assert almacen.eventos.streams == {}
    assert app.almacen.guardados == {}  # type: ignore[attr-defined]


async def tomada(almacen: AlmacenEnMemoria, **cambios: object):  # type: ignore[no-untyped-def]
    d, r = await radicada(almacen, **cambios)
    t = await app_con(almacen).ejecutar(
        TomarPresolicitud(r.agregado_id, "operador-1", False, r.version)
    )
    return d, t


def ops_de(almacen: AlmacenEnMemoria, ops_id):  # type: ignore[no-untyped-def]
    return OPS.from_events(almacen.eventos.streams[ops_id])


async def test_operador_autoriza_una_consulta_con_cuota_moderadora_del_rango(
    almacen: AlmacenEnMemoria,
) -> None:
    _, t = await tomada(almacen, rango="B")
    resultado = await app_con(almacen).ejecutar(
        GestionarPresolicitud(
            t.agregado_id,
            "operador-1",
            t.version,
            (ServicioAAutorizar("890374", "CENTRO MEDICO NEUROLOGOS", "CALI"),),
            (ServicioANegar("930860", "La historia clínica no soporta la solicitud."),),
        )
    )
    [ops_id] = resultado.ops_ids
    [autorizada] = almacen.eventos.streams[ops_id]
    assert isinstance(autorizada, OPSAutorizada)
    assert autorizada.valor_cuota == 20100
    assert autorizada.concepto_cuota == "CUOTA_MODERADORA"
    assert autorizada.numero_autorizacion == "AUT-2026-000001"
    assert autorizada.vence_el == date(2026, 12, 23)
    presolicitud = Presolicitud.from_events(almacen.eventos.streams[t.agregado_id])
    assert presolicitud.estado == "GESTIONADA"
    assert ops_de(almacen, ops_id).estado == "AUTORIZADA"


async def test_ops_sin_valor_queda_entregada_de_una_vez(almacen: AlmacenEnMemoria) -> None:
    _, t = await tomada(almacen)
    resultado = await app_con(almacen).ejecutar(
        GestionarPresolicitud(
            t.agregado_id, "op", t.version, (ServicioAAutorizar("865101", "CLINICA"),), ()
        )
    )
    eventos = almacen.eventos.streams[resultado.ops_ids[0]]
    assert [type(e) for e in eventos] == [OPSAutorizada, OPSEntregada]
    assert eventos[1].pagada is False  # type: ignore[attr-defined]


async def test_decidir_sin_tomar_se_rechaza(almacen: AlmacenEnMemoria) -> None:
    _, r = await radicada(almacen)
    with pytest.raises(PresolicitudNoTomada):
        await app_con(almacen).ejecutar(
            GestionarPresolicitud(
                r.agregado_id, "op", r.version, (), (ServicioANegar("890201", "x"),)
            )
        )


async def test_dos_operadores_deciden_a_la_vez_uno_recibe_conflicto_sin_doble_ops(
    almacen: AlmacenEnMemoria,
) -> None:
    _, t = await tomada(almacen)
    decision = GestionarPresolicitud(
        t.agregado_id, "op", t.version, (ServicioAAutorizar("890201", "IPS"),), ()
    )
    resultados = await asyncio.gather(
        app_con(almacen).ejecutar(decision),
        app_con(almacen).ejecutar(decision),
        return_exceptions=True,
    )
    assert sorted(type(r).__name__ for r in resultados) == ["ConflictoDeVersion", "Resultado"]
    assert sum(1 for s in almacen.eventos.streams.values() if s.tipo == "OPS") == 1


async def test_una_presolicitud_gestionada_no_admite_otra_decision(
    almacen: AlmacenEnMemoria,
) -> None:
    _, t = await tomada(almacen)
    app = app_con(almacen)
    g = await app.ejecutar(
        GestionarPresolicitud(t.agregado_id, "op", t.version, (), (ServicioANegar("890201", "No"),))
    )
    with pytest.raises(PresolicitudYaGestionada):
        await app.ejecutar(
            GestionarPresolicitud(
                t.agregado_id, "op", g.version, (ServicioAAutorizar("890201", "I"),), ()
            )
        )
    with pytest.raises(ConflictoDeVersion):
        await app.ejecutar(TomarPresolicitud(t.agregado_id, "op", True, t.version))


async def test_pago_aprobado_entrega_la_ops_una_sola_vez(almacen: AlmacenEnMemoria) -> None:
    _, t = await tomada(almacen)
    app = app_con(almacen)
    g = await app.ejecutar(
        GestionarPresolicitud(
            t.agregado_id, "op", t.version, (ServicioAAutorizar("890201", "I"),), ()
        )
    )
    obligacion = uuid4()
    primero = await app.ejecutar(EntregarOPSPagada(g.ops_ids[0], obligacion))
    segundo = await app.ejecutar(EntregarOPSPagada(g.ops_ids[0], obligacion))
    assert (primero.cambios, segundo.cambios) == (1, 0)
    eventos = almacen.eventos.streams[g.ops_ids[0]]
    assert [type(e) for e in eventos] == [OPSAutorizada, OPSEntregada]


async def test_plazo_incumplido_y_ops_vencida_se_registran_una_vez(
    almacen: AlmacenEnMemoria,
) -> None:
    _, t = await tomada(almacen)
    g = await app_con(almacen).ejecutar(
        GestionarPresolicitud(
            t.agregado_id, "op", t.version, (ServicioAAutorizar("890201", "I"),), ()
        )
    )
    _, pendiente = await radicada(almacen)
    despues = app_con(almacen, AHORA + timedelta(days=31))
    primera = await despues.ejecutar(VigilarPlazosYVencimientos())
    segunda = await despues.ejecutar(VigilarPlazosYVencimientos())
    assert (primera.cambios, segunda.cambios) == (2, 0)
    assert isinstance(almacen.eventos.streams[g.ops_ids[0]][-1], OPSVencida)
    tipos = [type(e).__name__ for e in almacen.eventos.streams[pendiente.agregado_id]]
    assert tipos == ["PresolicitudCreada", "PlazoRespuestaIncumplido"]


async def test_prioritaria_tiene_plazo_de_dos_dias(almacen: AlmacenEnMemoria) -> None:
    _, r = await radicada(almacen)
    await app_con(almacen).ejecutar(TomarPresolicitud(r.agregado_id, "op", True, r.version))
    p = Presolicitud.from_events(almacen.eventos.streams[r.agregado_id])
    assert p.responder_antes_de == AHORA + timedelta(days=2)
