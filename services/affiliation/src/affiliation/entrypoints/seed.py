"""``python -m affiliation.entrypoints.seed --size N [--seed S] [--workers W]``.

Registers a synthetic population (``application.poblacion_sintetica``) through the same
handlers the API uses, so every person went through the domain rules (Decreto 806 for the
family group, the IBC limits, the NIT check digit), the document guard and the event store,
and reaches Kafka through the relay like any registration. Per family: the employers it is
the first to need, the cotizante, each beneficiary and adicional, and each person's PAC plan
right after that person (with the version its registration returned).

Guarantees: one command, one transaction, as in the API (concurrency comes from ``--workers``
families registered at the same time, never from batching commands); a worker waits until
the employer of its cotizante is registered, so no one is linked to an employer that is not
there yet. Re-running is harmless: people and employers already registered (same document or
same id) are skipped, so running ``make up`` twice, or repeating an interrupted run, adds
only what is missing (a PAC plan is contracted only together with its person's registration,
so a run interrupted between the two leaves that person without it). Progress goes to stderr.
"""

import argparse
import asyncio
import sys
from collections.abc import Coroutine, Iterable, Iterator
from dataclasses import dataclass
from typing import Any, TypeVar
from uuid import UUID

from sqlalchemy.ext.asyncio import create_async_engine
from tqdm import tqdm

from affiliation.application.comandos import RegistrarAfiliado, RegistrarEmpleador
from affiliation.application.errores import DocumentoYaRegistrado, EmpleadorYaRegistrado
from affiliation.application.poblacion_sintetica import FamiliaSintetica, poblacion
from affiliation.bootstrap import Aplicacion, bootstrap
from affiliation.domain.errores import CotizanteNoValido, ErrorDeDominio
from affiliation.settings import AffiliationSettings
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)
T = TypeVar("T")


@dataclass
class Conteo:
    registrados: int = 0
    ya_existian: int = 0
    omitidos: int = 0  # their cotizante's document belongs to another affiliate
    rechazados: int = 0  # refused by a domain rule: a generator bug
    empleadores: int = 0  # registered in this run
    planes_pac: int = 0  # contracted in this run


async def sembrar(
    aplicacion: Aplicacion,
    familias: Iterable[FamiliaSintetica],
    *,
    trabajadores: int = 8,
    barra: tqdm | None = None,
) -> Conteo:
    """Registers every family; each worker takes whole families, in order within a family."""
    conteo = Conteo()
    pendientes: Iterator[FamiliaSintetica] = iter(familias)
    # Set once an employer's registration has finished (or failed): its workers wait for it.
    empleadores_listos: dict[UUID, asyncio.Event] = {}

    async def registrar_empleador(comando: RegistrarEmpleador) -> None:
        try:
            await aplicacion.ejecutar(comando)
            conteo.empleadores += 1
        except (EmpleadorYaRegistrado, ConflictoDeVersion):
            pass
        except ErrorDeDominio as error:
            conteo.rechazados += 1
            log.error(
                "seed_empleador_rechazado",
                codigo=error.codigo,
                empleador_id=str(comando.empleador_id),
            )
        finally:
            empleadores_listos[comando.empleador_id].set()

    async def registrar_persona(persona: RegistrarAfiliado, familia: FamiliaSintetica) -> None:
        try:
            resultado = await aplicacion.ejecutar(persona)
        except (DocumentoYaRegistrado, ConflictoDeVersion):
            conteo.ya_existian += 1
            return
        except CotizanteNoValido:
            # Its cotizante's document belongs to someone else (an earlier run with another
            # seed): the family cannot be completed coherently.
            conteo.omitidos += 1
            return
        except ErrorDeDominio as error:
            # On a re-run the group already holds this person, so the family-group rules
            # (one spouse, one mother...) refuse it before the document guard does.
            if await _documento_registrado(aplicacion, persona):
                conteo.ya_existian += 1
                return
            conteo.rechazados += 1
            log.error(
                "seed_persona_rechazada", codigo=error.codigo, afiliado_id=str(persona.afiliado_id)
            )
            return
        conteo.registrados += 1
        plan = familia.plan_de(persona.afiliado_id)
        if plan is None:
            return
        try:
            await aplicacion.ejecutar(plan.contratar(resultado.version))
            conteo.planes_pac += 1
        except ErrorDeDominio as error:
            conteo.rechazados += 1
            log.error("seed_pac_rechazado", codigo=error.codigo, afiliado_id=str(plan.afiliado_id))

    async def trabajador() -> None:
        # A shared iterator is safe: the workers only switch at awaits, never inside next()
        # or between it and claiming the family's new employers below, so an employer's
        # event exists before any later family can look for it.
        for familia in pendientes:
            for empleador in familia.empleadores:
                empleadores_listos.setdefault(empleador.empleador_id, asyncio.Event())
            for empleador in familia.empleadores:
                await registrar_empleador(empleador)
            empleador_id = familia.cotizante.empleador_id
            if empleador_id is not None and empleador_id in empleadores_listos:
                await empleadores_listos[empleador_id].wait()
            for persona in familia.personas:
                await registrar_persona(persona, familia)
                if barra is not None:
                    barra.update(1)

    await asyncio.gather(*(trabajador() for _ in range(trabajadores)))
    return conteo


async def _documento_registrado(aplicacion: Aplicacion, persona: RegistrarAfiliado) -> bool:
    deps = aplicacion.dependencias()
    async with deps.uow as uow:
        return await uow.documentos.buscar(persona.documento) is not None


async def principal(tamano: int, semilla: int, trabajadores: int) -> Conteo:
    settings = AffiliationSettings()
    # No pre-ping (the runtime's engine pings on every checkout): a short batch job does
    # not outlive a database restart, and the ping is one round trip of ~6 per person.
    engine = create_async_engine(
        settings.database_url, pool_size=trabajadores, max_overflow=0, pool_pre_ping=False
    )
    aplicacion = bootstrap(engine)
    try:
        familias = poblacion(tamano, semilla=semilla, hoy=aplicacion.hoy())
        with tqdm(
            total=tamano, unit="afiliado", desc="población sintética", file=sys.stderr
        ) as barra:
            conteo = await sembrar(aplicacion, familias, trabajadores=trabajadores, barra=barra)
    finally:
        await engine.dispose()
    log.info(
        "seed_finished",
        size=tamano,
        seed=semilla,
        registered=conteo.registrados,
        already_there=conteo.ya_existian,
        skipped=conteo.omitidos,
        rejected=conteo.rechazados,
        employers=conteo.empleadores,
        pac_plans=conteo.planes_pac,
    )
    return conteo


def ejecutar(corrutina: Coroutine[Any, Any, T]) -> T:
    """Runs on uvloop when installed (it comes with uvicorn[standard]): the seed is CPU-bound
    on the client side too, and uvloop measured about 20 % more people per second."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - optional speed-up
        return asyncio.run(corrutina)
    with asyncio.Runner(loop_factory=uvloop.new_event_loop) as runner:
        return runner.run(corrutina)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Población sintética de afiliados.")
    parser.add_argument("--size", type=int, required=True, help="número de personas")
    parser.add_argument("--seed", type=int, default=2026, help="semilla (determinista)")
    parser.add_argument("--workers", type=int, default=8, help="familias en paralelo")
    args = parser.parse_args(argv)
    if args.size < 0 or args.workers < 1:
        parser.error("--size debe ser >= 0 y --workers >= 1")
    configure_logging("affiliation", AffiliationSettings().log_level)
    conteo = ejecutar(principal(args.size, args.seed, args.workers))
    print(
        f"registrados: {conteo.registrados}, ya existían: {conteo.ya_existian}, "
        f"omitidos: {conteo.omitidos}, rechazados: {conteo.rechazados}, "
        f"empleadores nuevos: {conteo.empleadores}, planes PAC: {conteo.planes_pac}",
        file=sys.stderr,
    )
    return 1 if conteo.rechazados else 0


if __name__ == "__main__":
    sys.exit(main())
