"""``python -m pqrs.entrypoints.seed``: demo solicitudes in every state for the local stack.

They are filed by back office (phone, in person, e-mail) or anonymously, so the seed needs
no other service's data. Idempotent: a database that already has solicitudes is left alone.
"""

import asyncio
from datetime import date, timedelta

from eps_contracts.events.pqrs import Canal, Riesgo, TipoRadicante, TipoSolicitud
from eps_runtime.db import create_engine
from eps_runtime.logging import configure_logging, get_logger
from pqrs.application import comandos as c
from pqrs.application import consultas
from pqrs.application.puertos import FiltrosBandeja
from pqrs.bootstrap import Aplicacion, bootstrap
from pqrs.settings import PqrsSettings

log = get_logger(__name__)
OPERADOR = "operador-demo"


async def _radicar(
    app: Aplicacion, tipo: TipoSolicitud, texto: str, canal: Canal
) -> c.SolicitudRadicada:
    r = await app.ejecutar(
        c.RadicarSolicitud(
            tipo=tipo,
            descripcion=texto,
            radicante=TipoRadicante.ANONIMO,
            canal=canal,
            radicada_por=OPERADOR,
        )
    )
    assert isinstance(r, c.SolicitudRadicada)
    return r


async def sembrar(app: Aplicacion) -> int:
    if await consultas.bandeja(app.dependencias(), FiltrosBandeja(limite=1)):
        log.info("seed_omitido", motivo="ya hay solicitudes")
        return 0
    tel, pres, mail = Canal.TELEFONICO, Canal.PRESENCIAL, Canal.CORREO_ELECTRONICO
    await _radicar(app, TipoSolicitud.FELICITACION, "Excelente atención en la sede norte.", pres)
    asignada = await _radicar(app, TipoSolicitud.PETICION_PARTICULAR, "Copia de mi carné.", tel)
    await app.ejecutar(
        c.AsignarSolicitud(asignada.solicitud_id, "AFILIACIONES", OPERADOR, OPERADOR)
    )
    gestion = await _radicar(app, TipoSolicitud.RECLAMO, "No entregaron un medicamento.", tel)
    await app.ejecutar(c.ClasificarRiesgo(gestion.solicitud_id, Riesgo.PRIORIZADO, OPERADOR))
    await app.ejecutar(c.AsignarSolicitud(gestion.solicitud_id, "MEDICAMENTOS", OPERADOR, OPERADOR))
    await app.ejecutar(c.IniciarGestion(gestion.solicitud_id, OPERADOR))
    prorrogada = await _radicar(app, TipoSolicitud.CONSULTA, "¿Qué cubre el plan PAC?", mail)
    if prorrogada.vence_en is not None:
        await app.ejecutar(
            c.ProrrogarSolicitud(
                prorrogada.solicitud_id,
                "Se consulta al área de planes.",
                prorrogada.vence_en.date() + timedelta(days=7),
                OPERADOR,
            )
        )
    finalizada = await _radicar(app, TipoSolicitud.QUEJA, "Demora en la línea telefónica.", tel)
    await app.ejecutar(
        c.ResponderSolicitud(
            finalizada.solicitud_id, "Reforzamos el personal de la línea de atención.", OPERADOR
        )
    )
    trasladada = await _radicar(app, TipoSolicitud.DENUNCIA, "Cobro de un tercero.", pres)
    await app.ejecutar(
        c.TrasladarSolicitud(
            trasladada.solicitud_id,
            "Superintendencia Nacional de Salud",
            "El asunto es competencia de otra entidad.",
            OPERADOR,
        )
    )
    desistida = await _radicar(app, TipoSolicitud.SUGERENCIA, "Ampliar horarios.", pres)
    await app.ejecutar(c.DesistirSolicitud(desistida.solicitud_id))
    log.info("seed_completo", solicitudes=7, hoy=date.today().isoformat())
    return 7


async def main() -> None:
    settings = PqrsSettings()
    configure_logging(settings.service_name, settings.log_level)
    engine = create_engine(settings.database_url)
    try:
        await sembrar(
            bootstrap(engine, secreto=settings.secreto_codigos, archivos_dir=settings.archivos_dir)
        )
    finally:
        await engine.dispose()


if __name__ == "__main__":
    asyncio.run(main())
