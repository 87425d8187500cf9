"""``python -m audit reconstruir``: re-archives every topic from its beginning into the
(new, empty, migrated) database of ``AUDIT_DATABASE_URL``, one progress bar per topic.

The archive is never emptied in place (it is append-only); a rebuild goes into a fresh
database, and because each seal depends only on what Kafka holds, it yields the same chain —
compare both with ``verificar`` and the heads of each partition. Refuses to run on a database
that already holds records (exit 1).
"""

from __future__ import annotations

import asyncio
import sys
from collections.abc import Sequence

from sqlalchemy import text
from tqdm import tqdm

from audit.bootstrap import proyecciones
from audit.settings import AuditSettings
from eps_runtime.consumer import ExactlyOnceConsumer
from eps_runtime.db import create_engine
from eps_runtime.kafka import ensure_topics


async def reconstruir(settings: AuditSettings) -> int:
    engine = create_engine(settings.database_url)
    try:
        async with engine.connect() as conn:
            if (await conn.execute(text("SELECT 1 FROM archivo LIMIT 1"))).first() is not None:
                print(
                    "La base ya tiene registros: reconstruya en una base nueva y migrada.",
                    file=sys.stderr,
                )
                return 1
        archivados = 0
        todas = proyecciones(settings)
        await ensure_topics(settings.kafka_bootstrap_servers, [t for p in todas for t in p.topics])
        for proyeccion in todas:
            consumidor = ExactlyOnceConsumer(
                projection=proyeccion,
                engine=engine,
                bootstrap_servers=settings.kafka_bootstrap_servers,
                batch_size=settings.consumer_batch_size,
            )
            total = await consumidor.messages_to_catch_up()
            with tqdm(total=total, desc=proyeccion.topics[0], unit=" eventos") as barra:
                await consumidor.run_until_caught_up(barra.update)
            archivados += consumidor.applied
        print(f"{archivados} eventos archivados.")
        return 0
    finally:
        await engine.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    del argv
    return asyncio.run(reconstruir(AuditSettings()))


if __name__ == "__main__":
    sys.exit(main())
