"""The use cases on in-memory fakes: filing, lifecycle, refusals, rating, survey."""

from datetime import UTC, date, datetime, timedelta
from uuid import UUID, uuid4

import pytest

from eps_contracts.events.pqrs import (
    LONGITUD_MAXIMA_DESCRIPCION,
    PQRSRadicada,
    Riesgo,
    TipoRadicante,
    TipoSolicitud,
)
from eps_contracts.nombres import ZONA_COLOMBIA
from eps_runtime.auth import Llamante, Rol
from eps_runtime.errores import ConflictoDeEstado, ConflictoDeVersion, DatosInvalidos
from pqrs.adapters.memoria import AlmacenEnMemoria
from pqrs.application import comandos as c
from pqrs.application import consultas
from pqrs.application.puertos import FiltrosBandeja
from pqrs.bootstrap import Aplicacion, bootstrap_en_memoria
from pqrs.domain.errores import (
    CalificacionNoDisponible,
    EncuestaYaRespondida,
    ProrrogaNoPermitida,
    RiesgoNoAplica,
    SolicitudNoEncontrada,
    YaCalificada,
    YaRespondida,
)

AFILIADO = UUID("0f8fad5b-d9cb-469f-a165-70867728950e")
MENOR = UUID("1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
AHORA = datetime(2026, 11, 13, 16, 59, tzinfo=ZONA_COLOMBIA)


class Reloj:
    def __init__(self, instante: datetime) -> None:
        self.instante = instante

    def __call__(self) -> datetime:
        return self.instante


@pytest.fixture
def almacen() -> AlmacenEnMemoria:
    return AlmacenEnMemoria()


@pytest.fixture
def reloj() -> Reloj:
    return Reloj(AHORA)


@pytest.fixture
def app(almacen: AlmacenEnMemoria, reloj: Reloj) -> Aplicacion:
    return bootstrap_en_memoria(almacen, reloj=reloj)


def afiliado(afiliado_id: UUID = AFILIADO, **extra: object) -> Llamante:
    return Llamante(
        usuario_id=f"u-{afiliado_id}", rol=Rol.AFILIADO, afiliado_id=afiliado_id, **extra
    )  # type: ignore[arg-type]


OPERADOR = Llamante(usuario_id="operador-1", rol=Rol.OPERADOR)


def radicar(tipo: TipoSolicitud = TipoSolicitud.RECLAMO, **campos: object) -> c.RadicarSolicitud:
    base: dict[str, object] = {
        "tipo": tipo,
        "descripcion": "No me entregaron el medicamento.",
        "radicante": TipoRadicante.AFILIADO,
        "afiliado_id": AFILIADO,
        "radicada_por": "u-1",
    }
    return c.RadicarSolicitud(**(base | campos))  # type: ignore[arg-type]


async def radicada(app: Aplicacion, **campos: object) -> c.SolicitudRadicada:
    resultado = await app.ejecutar(radicar(**campos))
    assert isinstance(resultado, c.SolicitudRadicada)
    return resultado


async def test_radicar_da_radicado_del_anio_y_mensaje_del_manual(app: Aplicacion) -> None:
    primera = await radicada(app)
    segunda = await radicada(app)

    assert (primera.radicado, segunda.radicado) == ("2026-1", "2026-2")
    assert segunda.mensaje == (
        "Registro exitoso con el número de radicado 2026-2 enviaremos respuesta al correo "
        "electrónico registrado"
    )
    assert primera.codigo_consulta is None


async def test_radicados_reinician_en_uno_al_cambiar_el_anio_en_colombia(
    app: Aplicacion, reloj: Reloj
) -> None:
    reloj.instante = datetime(2026, 12, 31, 23, 59, 59, tzinfo=ZONA_COLOMBIA)
    diciembre = await radicada(app)
    # 04:59 UTC of 1 January is still 31 December in Bogotá.
    reloj.instante = datetime(2027, 1, 1, 4, 59, 59, tzinfo=UTC)
    todavia_diciembre = await radicada(app)
    reloj.instante = datetime(2027, 1, 1, 0, 0, 1, tzinfo=ZONA_COLOMBIA)
    enero = await radicada(app)

    assert [diciembre.radicado, todavia_diciembre.radicado, enero.radicado] == [
        "2026-1",
        "2026-2",
        "2027-1",
    ]


async def test_radicacion_fallida_no_consume_numero(app: Aplicacion) -> None:
    with pytest.raises(DatosInvalidos):
        await app.ejecutar(radicar(descripcion="   "))

    assert (await radicada(app)).radicado == "2026-1"


async def test_descripcion_demasiado_larga_se_rechaza_con_mensaje_en_espanol(
    app: Aplicacion,
) -> None:
    with pytest.raises(DatosInvalidos) as error:
        await app.ejecutar(radicar(descripcion="x" * (LONGITUD_MAXIMA_DESCRIPCION + 1)))

    assert "4000 caracteres" in error.value.mensaje


async def test_plazo_del_reclamo_se_calcula_al_radicar_y_cambia_al_clasificar_riesgo(
    app: Aplicacion,
) -> None:
    r = await radicada(app)
    assert r.vence_en == datetime(2026, 12, 7, 23, 59, 59, 999999, tzinfo=ZONA_COLOMBIA)

    await app.ejecutar(c.ClasificarRiesgo(r.solicitud_id, Riesgo.VITAL, "operador-1"))

    solicitud = await consultas.consultar(app.dependencias(), r.radicado, OPERADOR)
    assert solicitud.vence_en == AHORA + timedelta(hours=24)
    assert solicitud.riesgo is Riesgo.VITAL


async def test_una_peticion_no_se_clasifica_por_riesgo(app: Aplicacion) -> None:
    r = await radicada(app, tipo=TipoSolicitud.PETICION_PARTICULAR)

    with pytest.raises(RiesgoNoAplica):
        await app.ejecutar(c.ClasificarRiesgo(r.solicitud_id, Riesgo.SIMPLE, "operador-1"))


async def test_ciclo_completo_radicada_asignada_en_gestion_finalizada_y_calificada(
    app: Aplicacion,
) -> None:
    r = await radicada(app)
    sid = r.solicitud_id
    await app.ejecutar(c.AsignarSolicitud(sid, "ATENCION_AL_USUARIO", "operador-2", "operador-1"))
    await app.ejecutar(c.IniciarGestion(sid, "operador-2"))
    await app.ejecutar(c.ResponderSolicitud(sid, "Se entregará el 20 de noviembre.", "operador-2"))
    await app.ejecutar(c.CalificarRespuesta(sid, 5))

    solicitud = await consultas.consultar(app.dependencias(), r.radicado, afiliado())
    assert solicitud.estado.value == "FINALIZADA"
    assert solicitud.respuesta == "Se entregará el 20 de noviembre."
    assert solicitud.calificacion == 5
    historial = await consultas.historial(app.dependencias(), sid)
    assert [e.event_type.split(".")[3] for e in historial] == [
        "PQRSRadicada",
        "PQRSAsignada",
        "PQRSEnGestion",
        "PQRSRespondida",
        "PQRSCalificada",
    ]


async def test_segunda_respuesta_se_rechaza_con_conflicto(app: Aplicacion) -> None:
    r = await radicada(app)
    await app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta.", "operador-1"))

    with pytest.raises(YaRespondida) as error:
        await app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Otra.", "operador-1"))

    assert isinstance(error.value, ConflictoDeEstado)
    assert error.value.mensaje == "Esta solicitud ya tiene respuesta; no admite otra."


async def test_calificar_antes_de_finalizada_se_rechaza(app: Aplicacion) -> None:
    r = await radicada(app)

    with pytest.raises(CalificacionNoDisponible):
        await app.ejecutar(c.CalificarRespuesta(r.solicitud_id, 4))


async def test_segunda_calificacion_se_rechaza(app: Aplicacion) -> None:
    r = await radicada(app)
    await app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta.", "operador-1"))
    await app.ejecutar(c.CalificarRespuesta(r.solicitud_id, 4))

    with pytest.raises(YaCalificada):
        await app.ejecutar(c.CalificarRespuesta(r.solicitud_id, 1))


@pytest.mark.parametrize("estrellas", [0, 6, -1])
async def test_calificacion_fuera_de_1_a_5_se_rechaza(app: Aplicacion, estrellas: int) -> None:
    r = await radicada(app)
    await app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta.", "operador-1"))

    with pytest.raises(DatosInvalidos):
        await app.ejecutar(c.CalificarRespuesta(r.solicitud_id, estrellas))


async def test_version_desactualizada_es_conflicto(app: Aplicacion) -> None:
    r = await radicada(app)
    await app.ejecutar(c.AsignarSolicitud(r.solicitud_id, "AREA_A", "op-2", "op-1", 1))

    with pytest.raises(ConflictoDeVersion):
        await app.ejecutar(c.AsignarSolicitud(r.solicitud_id, "AREA_B", "op-3", "op-1", 1))


async def test_prorroga_antes_del_vencimiento_hasta_el_doble_del_plazo(
    app: Aplicacion, reloj: Reloj
) -> None:
    r = await radicada(app, tipo=TipoSolicitud.SOLICITUD_INFORMACION)
    # Initial: 30 November; double: 15 December.
    with pytest.raises(DatosInvalidos):
        await app.ejecutar(
            c.ProrrogarSolicitud(r.solicitud_id, "Concepto.", date(2026, 12, 16), "op-1")
        )

    await app.ejecutar(
        c.ProrrogarSolicitud(r.solicitud_id, "Concepto del prestador.", date(2026, 12, 15), "op-1")
    )

    solicitud = await consultas.consultar(app.dependencias(), r.radicado, OPERADOR)
    assert solicitud.vence_en is not None and solicitud.vence_en.date() == date(2026, 12, 15)
    with pytest.raises(ProrrogaNoPermitida):
        await app.ejecutar(
            c.ProrrogarSolicitud(r.solicitud_id, "Otra vez.", date(2026, 12, 15), "op-1")
        )


async def test_prorroga_despues_del_vencimiento_se_rechaza(app: Aplicacion, reloj: Reloj) -> None:
    r = await radicada(app, tipo=TipoSolicitud.SOLICITUD_INFORMACION)
    reloj.instante = datetime(2026, 12, 1, 8, 0, tzinfo=ZONA_COLOMBIA)

    with pytest.raises(ProrrogaNoPermitida) as error:
        await app.ejecutar(
            c.ProrrogarSolicitud(r.solicitud_id, "Tarde.", date(2026, 12, 10), "op-1")
        )

    assert "antes del vencimiento" in error.value.mensaje


async def test_felicitacion_no_admite_prorroga(app: Aplicacion) -> None:
    r = await radicada(app, tipo=TipoSolicitud.FELICITACION)
    assert r.vence_en is None

    with pytest.raises(ProrrogaNoPermitida):
        await app.ejecutar(c.ProrrogarSolicitud(r.solicitud_id, "x.", date(2026, 12, 1), "op-1"))


async def test_trasladada_no_admite_respuesta(app: Aplicacion) -> None:
    r = await radicada(app)
    await app.ejecutar(
        c.TrasladarSolicitud(
            r.solicitud_id, "Superintendencia de Salud", "No es competencia.", "op"
        )
    )

    with pytest.raises(ConflictoDeEstado):
        await app.ejecutar(c.ResponderSolicitud(r.solicitud_id, "Respuesta.", "op"))


async def test_anonima_da_codigo_secreto_y_se_consulta_solo_con_el(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    r = await radicada(
        app,
        radicante=TipoRadicante.ANONIMO,
        afiliado_id=None,
        radicada_por=None,
        tipo=TipoSolicitud.DENUNCIA,
    )

    assert r.codigo_consulta is not None and len(r.codigo_consulta) == 12
    encontrada = await consultas.consultar_anonima(
        app.dependencias(), r.radicado, r.codigo_consulta
    )
    assert encontrada.id == r.solicitud_id
    with pytest.raises(SolicitudNoEncontrada):
        await consultas.consultar_anonima(app.dependencias(), r.radicado, "AAAAAAAAAAAA")
    # Only a keyed hash is kept.
    guardado = almacen.radicados[r.radicado].codigo_hash
    assert guardado is not None and r.codigo_consulta not in guardado


async def test_solicitud_de_afiliado_no_se_consulta_como_anonima(app: Aplicacion) -> None:
    r = await radicada(app)

    with pytest.raises(SolicitudNoEncontrada):
        await consultas.consultar_anonima(app.dependencias(), r.radicado, "")


async def test_otro_afiliado_recibe_el_mismo_no_encontrado_que_un_radicado_inexistente(
    app: Aplicacion,
) -> None:
    r = await radicada(app)

    with pytest.raises(SolicitudNoEncontrada) as ajena:
        await consultas.consultar(app.dependencias(), r.radicado, afiliado(uuid4()))
    with pytest.raises(SolicitudNoEncontrada) as inexistente:
        await consultas.consultar(app.dependencias(), "2026-999", afiliado(uuid4()))

    assert ajena.value.mensaje == inexistente.value.mensaje


async def test_cotizante_ve_la_solicitud_de_su_beneficiario_menor(app: Aplicacion) -> None:
    r = await radicada(app, afiliado_id=MENOR)
    cotizante = afiliado(representados={MENOR: datetime(2030, 1, 1, tzinfo=UTC)})

    solicitud = await consultas.consultar(app.dependencias(), r.radicado, cotizante)
    mias = await consultas.mias(app.dependencias(), cotizante)

    assert solicitud.id == r.solicitud_id
    assert [f.radicado for f in mias] == [r.radicado]


async def test_bandeja_ordena_por_vencimiento_y_filtra_vencidas(
    app: Aplicacion, reloj: Reloj
) -> None:
    peticion = await radicada(app, tipo=TipoSolicitud.PETICION_PARTICULAR)
    informacion = await radicada(app, tipo=TipoSolicitud.SOLICITUD_INFORMACION)
    await radicada(app, tipo=TipoSolicitud.SUGERENCIA)

    filas = await consultas.bandeja(app.dependencias(), FiltrosBandeja())
    assert [f.radicado for f in filas][:2] == [informacion.radicado, peticion.radicado]
    restante = consultas.tiempo_restante(filas[0], AHORA)
    assert restante is not None and restante.restante == 10 and not restante.vencida

    reloj.instante = datetime(2026, 12, 2, 9, 0, tzinfo=ZONA_COLOMBIA)
    vencidas = await consultas.bandeja(app.dependencias(), FiltrosBandeja(vencidas=True))
    assert [f.radicado for f in vencidas] == [informacion.radicado]
    assert await app.ejecutar(c.MarcarPlazosIncumplidos()) == 1
    assert await app.ejecutar(c.MarcarPlazosIncumplidos()) == 0


async def test_encuesta_una_vez_por_mes_y_resumen_promedia(app: Aplicacion, reloj: Reloj) -> None:
    await app.ejecutar(c.ResponderEncuesta("u-1", AFILIADO, 5, 4, 3, 5, "Bien."))
    await app.ejecutar(c.ResponderEncuesta("u-2", None, 3, 4, 5, 3))

    with pytest.raises(EncuestaYaRespondida):
        await app.ejecutar(c.ResponderEncuesta("u-1", AFILIADO, 1, 1, 1, 1))

    reloj.instante = datetime(2026, 12, 1, 9, 0, tzinfo=ZONA_COLOMBIA)
    await app.ejecutar(c.ResponderEncuesta("u-1", AFILIADO, 1, 1, 1, 1))
    resumen = await consultas.resumen_encuestas(app.dependencias())
    assert [(r.periodo, r.respuestas) for r in resumen] == [("2026-12", 1), ("2026-11", 2)]
    assert resumen[1].promedios == {
        "facilidad": 4.0,
        "tiempo": 4.0,
        "claridad": 4.0,
        "satisfaccion": 4.0,
    }


async def test_encuesta_con_puntaje_fuera_de_escala_se_rechaza(app: Aplicacion) -> None:
    with pytest.raises(DatosInvalidos):
        await app.ejecutar(c.ResponderEncuesta("u-1", AFILIADO, 6, 4, 3, 5))


async def test_evento_de_radicacion_no_lleva_el_codigo_anonimo(
    app: Aplicacion, almacen: AlmacenEnMemoria
) -> None:
    r = await radicada(
        app, radicante=TipoRadicante.ANONIMO, afiliado_id=None, email_respuesta="a@b.co"
    )

    [evento] = [e for s in almacen.eventos.streams.values() for e in s]
    assert isinstance(evento, PQRSRadicada)
    assert r.codigo_consulta not in evento.model_dump_json()
