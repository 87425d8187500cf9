"""``python -m affiliation.entrypoints.seed --size N [--seed S] [--workers W]``.

Registers a synthetic population (``application.poblacion_sintetica``) through the same
handler the API uses, so every person went through the domain rules, the document guard and
the event store, and reaches Kafka through the relay like any registration.

Guarantees: one command, one transaction, as in the API (concurrency comes from ``--workers``
families registered at the same time, never from batching commands); re-running is
harmless: people already registered (same document or same id) are skipped, so an
interrupted run can simply be repeated. Progress goes to stderr.
"""

import argparse
import asyncio
import sys
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import create_async_engine
from tqdm import tqdm

from affiliation.application.errores import DocumentoYaRegistrado
from affiliation.application.poblacion_sintetica import FamiliaSintetica, poblacion
from affiliation.bootstrap import Aplicacion, bootstrap
from affiliation.domain.errores import CotizanteNoValido, ErrorDeDominio
from affiliation.settings import AffiliationSettings
from eps_runtime.eventstore import ConcurrencyConflict
from eps_runtime.logging import configure_logging, get_logger

log = get_logger(__name__)


@dataclass
class Conteo:
    registrados: int = 0
    ya_existian: int = 0
    omitidos: int = 0  # their cotizante's document belongs to another affiliate
    rechazados: int = 0  # refused by a domain rule: a generator bug


async def sembrar(
    aplicacion: Aplicacion,
    familias: Iterable[FamiliaSintetica],
    *,
    trabajadores: int = 8,
    barra: tqdm | None = None,
) -> Conteo:
    """Registers every person; each worker takes whole families, cotizante first."""
    conteo = Conteo()
    pendientes: Iterator[FamiliaSintetica] = iter(familias)

    async def trabajador() -> None:
        # A shared iterator is safe: the workers only switch at awaits, never inside next().
        for familia in pendientes:
            for persona in familia.personas:
                try:
                    await aplicacion.ejecutar(persona)
                    conteo.registrados += 1
                except (DocumentoYaRegistrado, ConcurrencyConflict):
                    conteo.ya_existian += 1
                except CotizanteNoValido:
                    # Its cotizante's document belongs to someone else (an earlier run with
                    # another seed): the family cannot be completed coherently.
                    conteo.omitidos += 1
                except ErrorDeDominio as error:
                    conteo.rechazados += 1
                    log.error(
                        "seed_persona_rechazada",
                        codigo=error.codigo,
                        afiliado_id=str(persona.afiliado_id),
                    )
                if barra is not None:
                    barra.update(1)

    await asyncio.gather(*(trabajador() for _ in range(trabajadores)))
    return conteo


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
    )
    return conteo


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Población sintética de afiliados.")
    parser.add_argument("--size", type=int, required=True, help="número de personas")
    parser.add_argument("--seed", type=int, default=2026, help="semilla (determinista)")
    parser.add_argument("--workers", type=int, default=8, help="familias en paralelo")
    args = parser.parse_args(argv)
    if args.size < 0 or args.workers < 1:
        parser.error("--size debe ser >= 0 y --workers >= 1")
    configure_logging("affiliation", AffiliationSettings().log_level)
    conteo = asyncio.run(principal(args.size, args.seed, args.workers))
    print(
        f"registrados: {conteo.registrados}, ya existían: {conteo.ya_existian}, "
        f"omitidos: {conteo.omitidos}, rechazados: {conteo.rechazados}",
        file=sys.stderr,
    )
    return 1 if conteo.rechazados else 0


if __name__ == "__main__":
    sys.exit(main())
