"""Replaying a dead-letter topic once the cause is fixed.

    python -m eps_runtime.dlq replay <topic>.dlq [--consumer NAME] [--dry-run]

Each dead-lettered message is published again to its original topic with its original
key, value and CloudEvents headers (the ``dlq_*`` headers are dropped), then the replay's
own position is committed in the consumer group ``dlq-replay.<topic>``, so running the
command twice does not replay twice. A replayed event that some consumer already applied
is ignored by that consumer (same ``ce_id``). ``--consumer`` replays only the messages a
given consumer failed on. See docs/operations/dead-letter-topics.md.
"""

from __future__ import annotations

import argparse
import asyncio
import sys

from tqdm import tqdm

from eps_runtime.kafka import create_consumer, create_producer, header, topic_partitions
from eps_runtime.settings import KafkaSettings


async def replay(
    bootstrap_servers: str,
    dead_letter_topic: str,
    *,
    consumer_name: str | None = None,
    dry_run: bool = False,
    progress: bool = True,
) -> int:
    """Republishes what is pending in ``dead_letter_topic``; returns how many it sent."""
    group = f"dlq-replay.{dead_letter_topic}"
    consumer = create_consumer(bootstrap_servers, group)
    producer = create_producer(bootstrap_servers)
    await consumer.start()
    await producer.start()
    sent = 0
    try:
        partitions = await topic_partitions(bootstrap_servers, [dead_letter_topic])
        if not partitions:
            return 0
        consumer.assign(partitions)
        ends = await consumer.end_offsets(partitions)
        committed = {tp: await consumer.committed(tp) for tp in partitions}
        for tp in partitions:
            if committed[tp] is None:
                await consumer.seek_to_beginning(tp)
        total = sum(ends[tp] - (committed[tp] or 0) for tp in partitions)
        with tqdm(
            total=total,
            unit="msg",
            desc=f"replay {dead_letter_topic}",
            file=sys.stderr,
            disable=not progress,
        ) as bar:
            remaining = {tp for tp in partitions if await consumer.position(tp) < ends[tp]}
            while remaining:
                batches = await consumer.getmany(timeout_ms=1000)
                for tp, records in batches.items():
                    for record in records:
                        original = header(record, "dlq_original_topic")
                        wanted = (
                            consumer_name is None or header(record, "dlq_consumer") == consumer_name
                        )
                        if original and wanted and not dry_run:
                            headers = [
                                (k, v) for k, v in record.headers if not k.startswith("dlq_")
                            ]
                            await producer.send_and_wait(
                                original, record.value, key=record.key, headers=headers
                            )
                        sent += int(bool(original and wanted))
                        bar.update(1)
                    if records and not dry_run:
                        await consumer.commit({tp: records[-1].offset + 1})
                remaining = {tp for tp in remaining if await consumer.position(tp) < ends[tp]}
    finally:
        await producer.stop()
        await consumer.stop()
    return sent


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    sub = parser.add_subparsers(dest="command", required=True)
    replay_cmd = sub.add_parser("replay", help="republica los mensajes de una DLQ")
    replay_cmd.add_argument("topic", help="el tópico de mensajes muertos, <tópico>.dlq")
    replay_cmd.add_argument("--consumer", help="solo los mensajes en que falló este consumidor")
    replay_cmd.add_argument("--dry-run", action="store_true", help="cuenta sin publicar")
    args = parser.parse_args(argv)
    bootstrap = KafkaSettings().kafka_bootstrap_servers
    count = asyncio.run(
        replay(bootstrap, args.topic, consumer_name=args.consumer, dry_run=args.dry_run)
    )
    verb = "se republicarían" if args.dry_run else "republicados"
    print(f"{count} mensajes {verb} desde {args.topic}")


if __name__ == "__main__":
    main()
