"""``make chaos``: the stack under a steady mix of commands while faults are injected, then
proof that nothing was lost or applied twice → ``docs/reliability.md``.

    python scripts/chaos.py [--fallos consumidor,veneno] [--servicios a,b] [--segundos 150]
                            [--muertes 20] [--tasa 15] [--simulacro] [--limite 600]

It starts the real processes the way the end-to-end tests do (``scripts/stack.py``: fresh
databases migrated with alembic, own ports, own topic prefix, consumers as static group
members) on 127.0.0.1 only, drives registrations and contact-data changes through the
affiliation API at a fixed rate (open loop), and injects the faults asked for:

- ``consumidor``: a consumer process killed with SIGKILL ``--muertes`` times at random
  moments and restarted at once; the time from its restart (and from its death) until it has
  caught up with what its topics held at the restart is measured.
- ``veneno``: one message that is not a CloudEvent on every topic of the run.
- ``lider``: the leader of a partition of affiliation's main topic killed (SIGKILL) and
  restarted, twice; needs the three-broker cluster (``scripts/infra/kafka.sh cluster-*``),
  which the run then uses instead of ``KAFKA_BOOTSTRAP_SERVERS``, topics with RF 3.
- ``kafka``: the whole cluster stopped for 60 s while commands keep being accepted.
- ``postgres``: PostgreSQL restarted once (``scripts/infra/postgres.sh``): the APIs answer 503
  ``base-de-datos-no-disponible`` meanwhile, never a 500 or a hang.

``lider``, ``kafka`` and ``postgres`` stop infrastructure other people may be using; with
``--simulacro`` they only print what they would run. Then it checks, from the event stores,
the topics and the read models: no accepted command lost, every stored event on Kafka,
per-aggregate order on every topic, each poison in its DLQ with the error for every consumer
of its topic, no doubled effect (read model versions, e-mails by Message-ID), no 500. The
whole run is bounded by ``--limite`` seconds and stops by itself; exit status 1 when a check
fails.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import email
import json
import os
import platform
import random
import shutil
import signal
import statistics
import subprocess
import sys
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import asyncpg  # noqa: E402
import stack  # noqa: E402
from aiokafka import AIOKafkaConsumer, ConsumerRecord, TopicPartition  # noqa: E402
from aiokafka.admin import AIOKafkaAdminClient  # noqa: E402
from service_descriptors import services  # noqa: E402

from bench.common import afiliado_1kb  # noqa: E402
from bench.http_client import HttpClient, HttpError  # noqa: E402
from eps_contracts.catalog import TOPICS, dlq_topic, topic_for  # noqa: E402
from eps_contracts.events import AfiliadoRegistrado  # noqa: E402
from eps_runtime.auth import Rol  # noqa: E402
from eps_runtime.kafka import create_producer, ensure_topics, header, topic_partitions  # noqa: E402
from eps_runtime.testing.kafka import delete_topics_with_prefix  # noqa: E402
from eps_runtime.testing.tokens import EmisorTokens  # noqa: E402

FALLOS = ("consumidor", "veneno", "lider", "kafka", "postgres")
COMPARTIDOS = ("lider", "kafka", "postgres")
"""Faults that stop infrastructure other people may be using at the same time."""
SERVICIOS_MINIMOS = ("affiliation", "identity")
KAFKA_SH = ROOT / "scripts" / "infra" / "kafka.sh"
POSTGRES_SH = ROOT / "scripts" / "infra" / "postgres.sh"
TOPICO_AFILIADOS = topic_for(AfiliadoRegistrado).name
RECUPERACION_MAX_S = 90.0
MODELOS_DE_LECTURA = (("identity", "afiliados_validables"), ("portal", "tablero_personas"))
"""Read models of affiliates fed by affiliation's events: (service, table)."""
SESION_DINAMICA_S = 10.0
"""aiokafka's default session of a dynamic member, which the reference runs with."""
COLGADA_S = 35.0
"""A request unanswered for longer is a hang (the engines bound every wait at 30 s)."""


@dataclass
class Config:
    fallos: tuple[str, ...]
    servicios: tuple[str, ...]
    segundos: float
    muertes: int
    tasa: float
    simulacro: bool
    limite: float
    salida: Path
    semilla: int
    referencia: bool = True


@dataclass
class Recuperacion:
    proceso: str
    estatica: bool
    """Restarted as a static member (``EPS_INSTANCIA``), or dynamic (the reference)."""
    desde_reinicio_s: float | None
    desde_muerte_s: float | None
    arranque_s: float | None
    """From the restart to its ``consumer_started`` line (imports, settings, topics)."""
    atraso: int
    """Messages its topics held beyond its positions when it could read again."""

    @property
    def union_s(self) -> float | None:
        """From ``consumer_started`` to caught up: joining the group, seeking, applying."""
        if self.desde_reinicio_s is None or self.arranque_s is None:
            return None
        return self.desde_reinicio_s - self.arranque_s


@dataclass
class Resultados:
    inicio: datetime = field(default_factory=lambda: datetime.now(UTC))
    estados: Counter[int] = field(default_factory=Counter)
    colgadas: int = 0
    registros: dict[str, uuid.UUID] = field(default_factory=dict)
    """Accepted registrations: document → afiliado id."""
    ultimo: dict[uuid.UUID, tuple[int, str | None]] = field(default_factory=dict)
    """Each accepted affiliate's last accepted version and mobile phone."""
    recuperaciones: list[Recuperacion] = field(default_factory=list)
    venenos: dict[str, str] = field(default_factory=dict)
    """Topic → key of the poison message injected on it."""
    ejecutados: Counter[str] = field(default_factory=Counter)
    simulados: list[str] = field(default_factory=list)
    comprobaciones: list[tuple[str, bool, str]] = field(default_factory=list)
    arranque_s: float = 0.0
    duracion_s: float = 0.0


def log(texto: str) -> None:
    print(f"[chaos {time.strftime('%H:%M:%S')}] {texto}", flush=True)


# -- the stack --------------------------------------------------------------------------------


@dataclass
class Pila:
    env: dict[str, str]
    procesos: list[stack.ServiceProcess]
    consumidores: list[stack.ServiceProcess]
    run_dir: Path
    urls: dict[str, str]
    bases: dict[str, str]
    """Service → its database's plain libpq URL."""
    kafka: str
    prefijo: str
    emisor: EmisorTokens
    sumidero: Path


async def crear_base(postgres_url: str, nombre: str) -> str:
    conn = await asyncpg.connect(postgres_url)
    try:
        await conn.execute(f'CREATE DATABASE "{nombre}"')
    finally:
        await conn.close()
    return f"{postgres_url.rsplit('/', 1)[0]}/{nombre}"


async def borrar_bases(postgres_url: str, nombres: list[str]) -> None:
    with contextlib.suppress(OSError, asyncpg.PostgresError):
        conn = await asyncpg.connect(postgres_url)
        try:
            for nombre in nombres:
                await conn.execute(f'DROP DATABASE IF EXISTS "{nombre}" WITH (FORCE)')
        finally:
            await conn.close()


def kafka_del_cluster() -> str:
    salida = subprocess.run(
        ["bash", str(KAFKA_SH), "cluster-bootstrap"], capture_output=True, text=True, check=True
    )
    return salida.stdout.strip()


async def levantar(config: Config, trabajo: Path, postgres_url: str, kafka: str) -> Pila:
    """Databases, migrations and every process of the chosen services, as the e2e stack."""
    prefijo = f"chaos.{uuid.uuid4().hex[:8]}."
    emisor = EmisorTokens()
    jwks = trabajo / "auth" / "jwks.json"
    jwks.parent.mkdir(parents=True)
    emisor.guardar_jwks(jwks)
    clave = jwks.parent / "clave.pem"
    emisor.guardar_clave(clave)
    sumidero = trabajo / "smtp"
    env = {
        "AUTH_JWKS_FILE": str(jwks),
        "IDENTITY_CLAVE_FIRMA_FILE": str(clave),
        "AFFILIATION_SOPORTES_DIR": str(trabajo / "soportes"),
        "PORTAL_COOKIE_SEGURA": "true",
        "NOTIFICATIONS_SINK_DIR": str(sumidero),
        "KAFKA_BOOTSTRAP_SERVERS": kafka,
        "EPS_TOPIC_PREFIX": prefijo,
    }
    elegidos = [s for s in services() if s.name in config.servicios]
    bases: dict[str, str] = {}
    for servicio in elegidos:
        env[f"{servicio.env_prefix}ARCHIVOS_DIR"] = str(trabajo / "archivos" / servicio.name)
        if servicio.database is not None:
            plano = await crear_base(postgres_url, f"chaos_{servicio.name}_{uuid.uuid4().hex[:8]}")
            bases[servicio.name] = plano
            env[f"{servicio.env_prefix}DATABASE_URL"] = plano.replace(
                "postgresql://", "postgresql+asyncpg://", 1
            )
    if ("lider" in config.fallos or "kafka" in config.fallos) and not config.simulacro:
        # Replicated before any service creates them with its defaults (RF 1).
        nombres = [prefijo + t.name for t in TOPICS]
        for nombre, topico in zip(nombres, TOPICS, strict=True):
            await ensure_topics(
                kafka,
                [nombre, dlq_topic(nombre)],
                partitions=topico.partitions,
                replication_factor=3,
            )
    for servicio in elegidos:
        if (servicio.path / "alembic.ini").exists():
            await asyncio.to_thread(
                subprocess.run,
                [sys.executable, "-m", "alembic", "upgrade", "heads"],
                cwd=servicio.path,
                env={**os.environ, **env},
                check=True,
                capture_output=True,
                timeout=180,
            )
    puertos = {nombre: _puerto_libre() for nombre in stack.default_ports()}
    nombres_elegidos = {p.full_name for s in elegidos for p in s.processes}
    consumen = {p.full_name for s in elegidos for p in s.processes if p.consumes}
    procesos = [p for p in stack.processes(puertos, env) if p.name in nombres_elegidos]
    run_dir = trabajo / "run"
    t0 = time.monotonic()
    log(f"arrancando {len(procesos)} procesos de {', '.join(config.servicios)}")
    try:
        await asyncio.to_thread(stack.start, procesos, run_dir, 240.0)
    except SystemExit as error:  # stack.start's way of saying a process did not come up
        await asyncio.to_thread(stack.stop, procesos, run_dir, 15.0)
        raise RuntimeError(str(error)) from None
    log(f"stack arriba en {time.monotonic() - t0:.0f} s")
    return Pila(
        env=env,
        procesos=procesos,
        consumidores=[p for p in procesos if p.name in consumen],
        run_dir=run_dir,
        urls=stack.urls(puertos),
        bases=bases,
        kafka=kafka,
        prefijo=prefijo,
        emisor=emisor,
        sumidero=sumidero,
    )


def _puerto_libre() -> int:
    import socket

    with socket.socket() as sonda:
        sonda.bind(("127.0.0.1", 0))
        return int(sonda.getsockname()[1])


# -- load -------------------------------------------------------------------------------------


def solicitud_registro(documento: str) -> dict[str, Any]:
    cuerpo = afiliado_1kb().model_dump(
        mode="json", exclude={"afiliado_id", "estado", "cotizante_id", "parentesco"}
    )
    cuerpo["numero_documento"] = documento
    cuerpo["fecha_afiliacion"] = date.today().isoformat()
    return cuerpo


class Carga:
    """Open-loop commands at a fixed rate: registrations, and contact changes (novedades of
    contact data) of affiliates already registered, one change in flight per affiliate."""

    def __init__(self, cliente: HttpClient, resultados: Resultados, azar: random.Random) -> None:
        self.cliente = cliente
        self.r = resultados
        self.azar = azar
        self.libres: list[uuid.UUID] = []
        self.siguiente = 0

    async def un_comando(self) -> None:
        t0 = time.monotonic()
        try:
            if self.libres and self.azar.random() < 0.35:
                await self._cambiar_contacto(self.libres.pop(self.azar.randrange(len(self.libres))))
            else:
                await self._registrar()
        finally:
            if time.monotonic() - t0 > COLGADA_S:
                self.r.colgadas += 1

    async def _pedir(self, metodo: str, ruta: str, cuerpo: Any) -> tuple[int, bytes]:
        try:
            return await asyncio.wait_for(
                self.cliente.send_json(metodo, ruta, cuerpo), timeout=COLGADA_S + 5
            )
        except TimeoutError:
            return -1, b""
        except (OSError, HttpError):
            return 0, b""

    async def _registrar(self) -> None:
        self.siguiente += 1
        documento = f"8{self.siguiente:09d}"
        estado, cuerpo = await self._pedir("POST", "/afiliados", solicitud_registro(documento))
        self.r.estados[estado] += 1
        if estado == 201:
            respuesta = json.loads(cuerpo)
            afiliado = uuid.UUID(respuesta["afiliado_id"])
            self.r.registros[documento] = afiliado
            self.r.ultimo[afiliado] = (int(respuesta["version"]), "3001234567")
            self.libres.append(afiliado)

    async def _cambiar_contacto(self, afiliado: uuid.UUID) -> None:
        version, _ = self.r.ultimo[afiliado]
        telefono = f"3{self.azar.randrange(10**9):09d}"
        estado, cuerpo = await self._pedir(
            "PATCH",
            f"/afiliados/{afiliado}/contacto",
            {"telefono_movil": telefono, "version": version},
        )
        self.r.estados[estado] += 1
        if estado == 200:
            self.r.ultimo[afiliado] = (int(json.loads(cuerpo)["version"]), telefono)
        self.libres.append(afiliado)

    async def correr(self, segundos: float, tasa: float, terminado: asyncio.Event) -> None:
        """At least ``segundos``, and until ``terminado`` (the faults are over)."""
        inicio = time.monotonic()
        tareas: set[asyncio.Task[None]] = set()
        i = 0
        while time.monotonic() - inicio < segundos or not terminado.is_set():
            i += 1
            espera = inicio + i / tasa - time.monotonic()
            if espera > 0:
                await asyncio.sleep(espera)
            tarea = asyncio.create_task(self.un_comando())
            tareas.add(tarea)
            tarea.add_done_callback(tareas.discard)
        if tareas:
            await asyncio.gather(*tareas)


# -- positions and offsets ------------------------------------------------------------------


class Offsets:
    """End offsets of the run's topics (one group-less client for the whole run)."""

    def __init__(self, kafka: str) -> None:
        self.bootstrap = kafka
        self.consumer = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)

    async def __aenter__(self) -> Offsets:
        await self.consumer.start()
        return self

    async def __aexit__(self, *_: object) -> None:
        try:
            await self.consumer.stop()
        except asyncio.CancelledError:
            # aiokafka's own task, when nothing was ever assigned; not a cancellation of ours.
            task = asyncio.current_task()
            if task is not None and task.cancelling():
                raise

    async def fines(self, topicos: set[str]) -> dict[TopicPartition, int]:
        particiones = await topic_partitions(self.bootstrap, sorted(topicos))
        if not particiones:
            return {}
        nuevas = set(particiones) - self.consumer.assignment()
        if nuevas:
            # Assigned (aiokafka cannot stop a consumer that never was) and paused: it only
            # answers end offsets, it never fetches.
            todas = [*self.consumer.assignment(), *nuevas]
            self.consumer.assign(todas)
            self.consumer.pause(*todas)
        return dict(await self.consumer.end_offsets(particiones))


async def posiciones(url: str) -> dict[tuple[str, str, int], int]:
    """``(consumer, topic, partition) → last offset applied`` recorded in a service's base;
    retried for a minute while PostgreSQL is down (the ``postgres`` fault)."""
    hasta = time.monotonic() + 60
    while True:
        try:
            conn = await asyncpg.connect(url, timeout=5)
            try:
                filas = await conn.fetch(
                    "SELECT consumer, topic, partition, last_offset FROM consumer_positions"
                )
            finally:
                await conn.close()
        except asyncpg.UndefinedTableError:
            return {}
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError):
            if time.monotonic() > hasta:
                raise
            await asyncio.sleep(0.5)
            continue
        return {(f["consumer"], f["topic"], f["partition"]): f["last_offset"] for f in filas}


def atraso(pos: dict[tuple[str, str, int], int], fines: dict[TopicPartition, int]) -> int:
    """Messages the consumers of ``pos`` have not applied yet, of what ``fines`` hold."""
    por_consumidor: dict[str, set[str]] = defaultdict(set)
    for consumidor, topico, _ in pos:
        por_consumidor[consumidor].add(topico)
    faltan = 0
    for consumidor, topicos in por_consumidor.items():
        for tp, fin in fines.items():
            if tp.topic in topicos:
                faltan += max(0, fin - 1 - pos.get((consumidor, tp.topic, tp.partition), -1))
    return faltan


def servicio_de(proceso: str) -> str:
    return proceso.split("-", 1)[0]


async def al_dia(
    pila: Pila, offsets: Offsets, servicio: str, fines: dict[TopicPartition, int], hasta: float
) -> bool:
    """Waits (until ``hasta``) for the service's consumers to apply everything in ``fines``."""
    while time.monotonic() < hasta:
        if atraso(await posiciones(pila.bases[servicio]), fines) == 0:
            return True
        await asyncio.sleep(0.05)
    return False


# -- faults ------------------------------------------------------------------------------------


def pid_de(pila: Pila, proceso: str) -> int | None:
    ruta = pila.run_dir / f"{proceso}.pid"
    try:
        return int(ruta.read_text().strip())
    except (OSError, ValueError):
        return None


async def esperar_arranque(pila: Pila, proceso: str, lineas_antes: int, hasta: float) -> bool:
    """Until the restarted process logs ``consumer_started`` (its consumers are about to join
    their groups), reading only what it wrote after ``lineas_antes`` lines of its log."""
    ruta = pila.run_dir / f"{proceso}.log"
    while time.monotonic() < hasta:
        with contextlib.suppress(OSError):
            nuevas = ruta.read_text(errors="replace").splitlines()[lineas_antes:]
            if any('"consumer_started"' in linea for linea in nuevas):
                return True
        await asyncio.sleep(0.05)
    return False


def lineas_de_log(pila: Pila, proceso: str) -> int:
    try:
        return len((pila.run_dir / f"{proceso}.log").read_text(errors="replace").splitlines())
    except OSError:
        return 0


async def matar_consumidor(
    pila: Pila,
    offsets: Offsets,
    proceso: stack.ServiceProcess,
    r: Resultados,
    *,
    reemplazo: stack.ServiceProcess | None = None,
    medir: bool = True,
) -> None:
    """SIGKILL (no LeaveGroup, no commit), restart at once (as ``reemplazo`` if given: the
    same process with other settings), time until caught up."""
    servicio = servicio_de(proceso.name)
    pid = pid_de(pila, proceso.name)
    if pid is None:
        return
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, signal.SIGKILL)
    muerte = time.monotonic()
    for _ in range(1000):  # SIGKILL takes effect at once; bounded all the same
        if not stack._alive(pid):
            break
        await asyncio.sleep(0.01)
    (pila.run_dir / f"{proceso.name}.pid").unlink(missing_ok=True)
    nuevo = reemplazo or proceso
    antes = lineas_de_log(pila, proceso.name)
    await asyncio.to_thread(stack.start, [nuevo], pila.run_dir, 60.0)
    reinicio = time.monotonic()
    arrancado = await esperar_arranque(pila, proceso.name, antes, reinicio + 60)
    listo_para_leer = time.monotonic()
    # What it has to catch up with: everything on its topics by the time it can read.
    pos = await posiciones(pila.bases[servicio])
    fines = await offsets.fines({t for _, t, _ in pos})
    pendiente = atraso(pos, fines)
    listo = arrancado and await al_dia(
        pila, offsets, servicio, fines, listo_para_leer + RECUPERACION_MAX_S
    )
    fin = time.monotonic()
    if not medir:
        return
    estatica = "EPS_INSTANCIA" in nuevo.env
    r.ejecutados["consumidor" if estatica else "referencia"] += 1
    r.recuperaciones.append(
        Recuperacion(
            proceso.name,
            estatica,
            fin - reinicio if listo else None,
            fin - muerte if listo else None,
            listo_para_leer - reinicio if arrancado else None,
            pendiente,
        )
    )
    log(
        f"{proceso.name} ({'estático' if estatica else 'dinámico'}) muerto y reiniciado: al día "
        f"en {f'{fin - reinicio:.2f} s' if listo else 'NUNCA'} (atraso al reiniciar: {pendiente})"
    )


async def inyectar_venenos(pila: Pila, r: Resultados) -> None:
    admin = AIOKafkaAdminClient(bootstrap_servers=pila.kafka)
    await admin.start()
    try:
        topicos = [
            t
            for t in await admin.list_topics()
            if t.startswith(pila.prefijo) and not t.endswith(".dlq")
        ]
    finally:
        await admin.close()
    productor = create_producer(pila.kafka)
    await productor.start()
    try:
        for topico in sorted(topicos):
            clave = f"veneno-{uuid.uuid4()}"
            await productor.send_and_wait(
                topico, b"\x00esto no es un CloudEvent", key=clave.encode()
            )
            r.venenos[topico] = clave
    finally:
        await productor.stop()
    r.ejecutados["veneno"] += len(topicos)
    log(f"un mensaje venenoso en cada uno de {len(topicos)} tópicos")


async def comando(r: Resultados, config: Config, fallo: str, *args: str) -> None:
    """Runs an infrastructure script, or only says what it would run (``--simulacro``)."""
    linea = " ".join(a.replace(f"{ROOT}/", "") for a in args)
    if config.simulacro:
        r.simulados.append(f"{fallo}: {linea}")
        log(f"(simulacro) {linea}")
        return
    log(linea)
    await asyncio.to_thread(
        subprocess.run, list(args), check=True, capture_output=True, timeout=240
    )


async def lider_de(kafka: str, topico: str) -> int:
    admin = AIOKafkaAdminClient(bootstrap_servers=kafka)
    await admin.start()
    try:
        [descrito] = await admin.describe_topics([topico])
    finally:
        await admin.close()
    lideres = [p["leader"] for p in descrito["partitions"] if p["partition"] == 0]
    return lideres[0] if lideres and lideres[0] > 0 else 1


async def matar_lider(pila: Pila, config: Config, r: Resultados) -> None:
    nodo = 1 if config.simulacro else await lider_de(pila.kafka, pila.prefijo + TOPICO_AFILIADOS)
    await comando(r, config, "lider", "bash", str(KAFKA_SH), "cluster-kill", str(nodo))
    await asyncio.sleep(0 if config.simulacro else 10)
    await comando(r, config, "lider", "bash", str(KAFKA_SH), "cluster-restart-node", str(nodo))
    r.ejecutados["lider"] += 0 if config.simulacro else 1


async def parar_kafka(config: Config, r: Resultados) -> None:
    await comando(r, config, "kafka", "bash", str(KAFKA_SH), "cluster-stop")
    await asyncio.sleep(0 if config.simulacro else 60)
    await comando(r, config, "kafka", "bash", str(KAFKA_SH), "cluster-start")
    r.ejecutados["kafka"] += 0 if config.simulacro else 1


async def reiniciar_postgres(config: Config, r: Resultados) -> None:
    await comando(r, config, "postgres", "bash", str(POSTGRES_SH), "stop")
    await asyncio.sleep(0 if config.simulacro else 10)
    await comando(r, config, "postgres", "bash", str(POSTGRES_SH), "start")
    r.ejecutados["postgres"] += 0 if config.simulacro else 1


async def fallos(
    pila: Pila,
    offsets: Offsets,
    config: Config,
    r: Resultados,
    azar: random.Random,
    terminado: asyncio.Event,
) -> None:
    """Every fault asked for, spread over the load window; ``terminado`` when all are over."""
    try:
        await _fallos(pila, offsets, config, r, azar)
    finally:
        terminado.set()


async def _fallos(
    pila: Pila, offsets: Offsets, config: Config, r: Resultados, azar: random.Random
) -> None:
    ventana = config.segundos

    async def a_los(fraccion: float, trabajo: Any) -> None:
        await asyncio.sleep(ventana * fraccion)
        await trabajo

    tareas = []
    if "veneno" in config.fallos:
        tareas.append(a_los(0.3, inyectar_venenos(pila, r)))
    if "lider" in config.fallos:
        tareas += [
            a_los(0.15, matar_lider(pila, config, r)),
            a_los(0.55, matar_lider(pila, config, r)),
        ]
    if "kafka" in config.fallos:
        tareas.append(a_los(0.3, parar_kafka(config, r)))
    if "postgres" in config.fallos:
        tareas.append(a_los(0.75, reiniciar_postgres(config, r)))
    if "consumidor" in config.fallos and pila.consumidores:
        tareas.append(muertes(pila, offsets, config, r, azar))
    await asyncio.gather(*tareas)
    if "consumidor" in config.fallos and pila.consumidores and config.referencia:
        await referencia_dinamica(pila, offsets, r)


async def referencia_dinamica(pila: Pila, offsets: Offsets, r: Resultados) -> None:
    """The same kill with dynamic membership, measured in the same run: the process comes
    back without ``EPS_INSTANCIA`` (not measured: its static predecessor's session must
    expire first), then is killed and restarted dynamic again, which is measured."""
    proceso = next(
        (p for p in pila.consumidores if p.name == "identity-consumer"), pila.consumidores[0]
    )
    dinamico = replace(proceso, env={k: v for k, v in proceso.env.items() if k != "EPS_INSTANCIA"})
    log(f"referencia: {proceso.name} con membresía dinámica")
    await matar_consumidor(pila, offsets, proceso, r, reemplazo=dinamico, medir=False)
    await asyncio.sleep(2)
    await matar_consumidor(pila, offsets, dinamico, r, reemplazo=dinamico)


async def muertes(
    pila: Pila, offsets: Offsets, config: Config, r: Resultados, azar: random.Random
) -> None:
    """``config.muertes`` kills, one after the other (each recovery measured alone), at a
    random moment 0.5–3 s after the previous one has caught up; the load goes on meanwhile.
    Kills not done within twice the load window are given up (the run stays bounded)."""
    fin = time.monotonic() + config.segundos * 2
    await asyncio.sleep(azar.uniform(1.0, 5.0))
    for _ in range(config.muertes):
        if time.monotonic() > fin:
            log("no caben más muertes en la ventana")
            break
        await matar_consumidor(pila, offsets, azar.choice(pila.consumidores), r)
        await asyncio.sleep(azar.uniform(0.5, 3.0))


# -- checks ------------------------------------------------------------------------------------


async def leer_todo(
    kafka: str, topicos: list[str]
) -> dict[str, list[ConsumerRecord[bytes, bytes]]]:
    """Every record of ``topicos`` up to their current ends, in partition order."""
    leidos: dict[str, list[ConsumerRecord[bytes, bytes]]] = defaultdict(list)
    particiones = await topic_partitions(kafka, topicos)
    if not particiones:
        return leidos
    consumidor = AIOKafkaConsumer(bootstrap_servers=kafka, enable_auto_commit=False)
    await consumidor.start()
    try:
        consumidor.assign(particiones)
        await consumidor.seek_to_beginning(*particiones)
        fines = await consumidor.end_offsets(particiones)
        pendientes = {tp for tp in particiones if fines[tp] > 0}
        limite = time.monotonic() + 60
        while pendientes and time.monotonic() < limite:
            lotes = await consumidor.getmany(timeout_ms=500, max_records=5000)
            for tp, mensajes in lotes.items():
                leidos[tp.topic].extend(mensajes)
                if mensajes and mensajes[-1].offset >= fines[tp] - 1:
                    pendientes.discard(tp)
    finally:
        await consumidor.stop()
    return leidos


def comprobar(r: Resultados, nombre: str, bien: bool, detalle: str) -> None:
    r.comprobaciones.append((nombre, bien, detalle))
    log(f"{'OK   ' if bien else 'FALLA'} {nombre}: {detalle}")


async def drenar(pila: Pila, offsets: Offsets) -> bool:
    """Until every outbox is empty and every consumer has applied what the topics hold."""
    hasta = time.monotonic() + 120
    while time.monotonic() < hasta:
        pendientes = 0
        for url in pila.bases.values():
            conn = await asyncpg.connect(url)
            try:
                with contextlib.suppress(asyncpg.UndefinedTableError):
                    pendientes += await conn.fetchval("SELECT count(*) FROM outbox")
            finally:
                await conn.close()
        if pendientes == 0:
            break
        await asyncio.sleep(0.5)
    for servicio, url in pila.bases.items():
        pos = await posiciones(url)
        fines = await offsets.fines({t for _, t, _ in pos})
        if not await al_dia(pila, offsets, servicio, fines, hasta):
            return False
    return True


async def comprobaciones(pila: Pila, offsets: Offsets, r: Resultados) -> None:
    drenado = await drenar(pila, offsets)
    comprobar(r, "todo drenado", drenado, "outbox vacíos y cada consumidor al final de sus tópicos")
    admin = AIOKafkaAdminClient(bootstrap_servers=pila.kafka)
    await admin.start()
    try:
        topicos = sorted(t for t in await admin.list_topics() if t.startswith(pila.prefijo))
    finally:
        await admin.close()
    registros = await leer_todo(pila.kafka, topicos)
    eventos = {
        t: [m for m in ms if header(m, "ce_id") is not None]
        for t, ms in registros.items()
        if not t.endswith(".dlq")
    }

    # 1. Every event of every event store is on Kafka, and nothing on Kafka is unknown to them.
    en_kafka = {header(m, "ce_id") for ms in eventos.values() for m in ms}
    almacenados: set[str] = set()
    for url in pila.bases.values():
        conn = await asyncpg.connect(url)
        try:
            with contextlib.suppress(asyncpg.UndefinedTableError):
                almacenados |= {str(f[0]) for f in await conn.fetch("SELECT event_id FROM events")}
        finally:
            await conn.close()
    perdidos = almacenados - en_kafka
    comprobar(
        r,
        "almacén de eventos = tópicos",
        not perdidos and en_kafka <= almacenados,
        f"{len(almacenados)} eventos almacenados, {len(perdidos)} sin publicar, "
        f"{len(en_kafka - almacenados)} en Kafka sin almacenar",
    )

    # 2. Per-aggregate order: the first copy of each event comes in version order.
    desordenados = 0
    duplicados_kafka = 0
    for mensajes in eventos.values():
        vistos: set[str | None] = set()
        ultima: dict[tuple[int, bytes | None], int] = {}
        for m in mensajes:
            ce_id = header(m, "ce_id")
            if ce_id in vistos:
                duplicados_kafka += 1  # the relay may publish twice; consumers skip it
                continue
            vistos.add(ce_id)
            version = int(header(m, "ce_aggregateversion") or 0)
            clave = (m.partition, m.key)
            if version <= ultima.get(clave, 0):
                desordenados += 1
            ultima[clave] = version
    comprobar(
        r,
        "orden por agregado",
        desordenados == 0,
        f"{sum(len(ms) for ms in eventos.values())} registros en {len(eventos)} tópicos, "
        f"{desordenados} fuera de orden ({duplicados_kafka} copias repetidas del relay, "
        "sin efecto)",
    )

    # 3. No accepted command lost, none applied twice: each read model fed by affiliation's
    # events has every accepted affiliate once, at its last accepted version and phone.
    aceptados = len(r.registros)
    cambios = r.estados[200]
    for servicio, tabla in MODELOS_DE_LECTURA:
        if servicio not in pila.bases:
            continue
        conn = await asyncpg.connect(pila.bases[servicio])
        try:
            filas = await conn.fetch(
                f"SELECT afiliado_id, numero_documento, version, telefono_movil FROM {tabla} "
                "WHERE afiliado_id = ANY($1::uuid[])",
                list(r.ultimo),
            )
        finally:
            await conn.close()
        vistas = {f["afiliado_id"]: (f["version"], f["telefono_movil"]) for f in filas}
        faltan = len(set(r.ultimo) - set(vistas))
        distinto = sum(1 for a, v in vistas.items() if v != r.ultimo[a])
        dobles = sum(n - 1 for n in Counter(f["numero_documento"] for f in filas).values())
        comprobar(
            r,
            f"{servicio}.{tabla}: ningún comando perdido ni aplicado dos veces",
            faltan == 0 and distinto == 0 and dobles == 0 and aceptados > 0,
            f"{aceptados} registros y {cambios} cambios de contacto aceptados; faltan {faltan}, "
            f"{distinto} con otra versión o teléfono, {dobles} filas dobles",
        )
    if "affiliation" in pila.bases:
        conn = await asyncpg.connect(pila.bases["affiliation"])
        try:
            versiones = {
                f[0]: f[1]
                for f in await conn.fetch(
                    "SELECT stream_id, max(version) FROM events WHERE stream_id = ANY($1::uuid[]) "
                    "GROUP BY stream_id",
                    list(r.ultimo),
                )
            }
        finally:
            await conn.close()
        mal = sum(1 for a, (v, _) in r.ultimo.items() if versiones.get(a) != v)
        comprobar(
            r,
            "almacén de affiliation = comandos aceptados",
            mal == 0,
            f"{len(r.ultimo)} afiliados, {mal} cuya última versión no es la aceptada",
        )

    # 4. Each poison in its DLQ, with the error, once for every consumer of its topic.
    if r.venenos:
        consumidores_de: dict[str, set[str]] = defaultdict(set)
        for url in pila.bases.values():
            for consumidor, topico, _ in await posiciones(url):
                consumidores_de[topico].add(consumidor)
        esperados = sum(len(consumidores_de[t]) for t in r.venenos)
        encontrados = 0
        sin_error = 0
        for topico, llave in r.venenos.items():
            en_dlq = [m for m in registros.get(dlq_topic(topico), []) if m.key == llave.encode()]
            quienes = {header(m, "dlq_consumer") for m in en_dlq}
            encontrados += len(consumidores_de[topico] & quienes)
            sin_error += sum(1 for m in en_dlq if not header(m, "dlq_error"))
        comprobar(
            r,
            "venenos en su DLQ",
            encontrados == esperados and sin_error == 0,
            f"{len(r.venenos)} venenos; {encontrados} de {esperados} (tópico, consumidor) en la "
            f"DLQ con dlq_error, {sin_error} sin error",
        )

    # 5. No e-mail sent twice (the sink keeps every message it accepted).
    ids = Counter(
        email.message_from_bytes(p.read_bytes()).get("Message-ID")
        for p in pila.sumidero.glob("*.eml")
    )
    repetidos = sum(n - 1 for n in ids.values() if n > 1)
    comprobar(
        r,
        "ningún correo repetido",
        repetidos == 0,
        f"{sum(ids.values())} correos en el sumidero SMTP, {repetidos} repetidos por Message-ID",
    )

    # 6. HTTP: 503 while the database is down, never a 500 or a hang.
    otros = sum(n for e, n in r.estados.items() if e >= 500 and e != 503)
    comprobar(
        r,
        "nunca un 500 ni una petición colgada",
        otros == 0 and r.colgadas == 0 and r.estados[-1] == 0,
        f"estados: {dict(sorted(r.estados.items()))}; {r.colgadas} sin respuesta en "
        f"{COLGADA_S:g} s",
    )

    for proceso in pila.procesos:
        if not stack._running_pid(pila.run_dir, proceso.name):
            comprobar(r, f"{proceso.name} vivo", False, "terminó durante la corrida")


# -- report ------------------------------------------------------------------------------------


def informe(config: Config, r: Resultados) -> str:
    estaticas = [x for x in r.recuperaciones if x.estatica]
    dinamicas = [x for x in r.recuperaciones if not x.estatica]
    nunca = sum(1 for x in estaticas if x.desde_reinicio_s is None)

    def valores(xs: list[Recuperacion], medida: str) -> list[float]:
        return [v for x in xs if (v := getattr(x, medida)) is not None]

    def mediana(xs: list[Recuperacion], medida: str) -> float | None:
        vs = valores(xs, medida)
        return statistics.median(vs) if vs else None

    def cifra(v: float | None) -> str:
        return "—" if v is None else f"{v:.2f}"

    lineas = [
        "# Reliability (fault run)",
        "",
        "Generated by `make chaos` (`scripts/chaos.py`); do not edit by hand. Why and how: "
        "[ADR 0011](adr/0011-recuperacion-y-fallos.md).",
        "",
        f"Run of {r.inicio:%Y-%m-%d %H:%M} UTC on {os.cpu_count()} cores shared with other "
        f"work ({platform.python_implementation()} {platform.python_version()}), loopback "
        f"only: {r.duracion_s:.0f} s in all, {r.arranque_s:.0f} s of it starting the stack.",
        "",
        f"- Services: {', '.join(config.servicios)} (every process of each, consumers as static "
        "group members).",
        f"- Load: {config.tasa:g} commands/s for at least {config.segundos:g} s, open loop "
        "through the affiliation API: registrations (`POST /afiliados`) and contact-data "
        "changes (`PATCH /afiliados/{id}/contacto`, with the version last answered).",
        f"- Faults asked for: {', '.join(config.fallos)}"
        + (" (`--simulacro`: shared infrastructure left alone)" if config.simulacro else "")
        + ".",
        "",
        "## Faults",
        "",
        "| fault | injected | notes |",
        "|---|---:|---|",
    ]
    notas = {
        "consumidor": f"SIGKILL of a random consumer process, restarted at once; {nunca} never "
        "caught up",
        "veneno": "a message that is not a CloudEvent on every topic",
        "lider": "leader of partition 0 of affiliation's topic killed, restarted after 10 s",
        "kafka": "the whole cluster stopped for 60 s",
        "postgres": "PostgreSQL stopped for 10 s and started again",
    }
    for fallo in FALLOS:
        pedido = fallo in config.fallos
        estado = str(r.ejecutados[fallo]) if pedido else "not run"
        nota = notas[fallo]
        if pedido and config.simulacro and fallo in COMPARTIDOS:
            estado, nota = (
                "dry run",
                nota
                + " — only printed: "
                + "; ".join(s.split(": ", 1)[1] for s in r.simulados if s.startswith(fallo)),
            )
        lineas.append(f"| {fallo} | {estado} | {nota} |")
    lineas += [
        "",
        "## Recovery of a killed consumer",
        "",
        "Measured from the restart of the process (and from its SIGKILL) until its consumers "
        "have applied everything their topics held at the restart. *Start* is the restart until "
        "the process logs `consumer_started` (a new Python process: imports, settings, "
        "topics); *join → caught up* is the rest: joining the group, seeking to the database "
        "positions, applying the backlog — the part membership decides. The reference is the "
        "same kill in the same run with dynamic membership (no `EPS_INSTANCIA`), where the "
        "restarted member waits for its dead predecessor's session (aiokafka's 10 s).",
        "",
        "| membership | kills | restart → caught up, median s (max) | start, median s | "
        "join → caught up, median s | SIGKILL → caught up, median s |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for nombre, xs in (("static (`EPS_INSTANCIA`)", estaticas), ("dynamic (reference)", dinamicas)):
        if not xs:
            continue
        maximo = max(valores(xs, "desde_reinicio_s"), default=None)
        lineas.append(
            f"| {nombre} | {len(xs)} | {cifra(mediana(xs, 'desde_reinicio_s'))} "
            f"({cifra(maximo)}) | {cifra(mediana(xs, 'arranque_s'))} | "
            f"{cifra(mediana(xs, 'union_s'))} | {cifra(mediana(xs, 'desde_muerte_s'))} |"
        )
    union_e, union_d = mediana(estaticas, "union_s"), mediana(dinamicas, "union_s")
    arranque_d = mediana(dinamicas, "arranque_s")
    if arranque_d is not None and arranque_d >= SESION_DINAMICA_S:
        lineas += [
            "",
            f"No static / dynamic ratio from this run: the reference's start ({arranque_d:.1f} s) "
            f"outlasted the dynamic session ({SESION_DINAMICA_S:g} s), so it had nothing left to "
            "wait for (see below).",
        ]
    elif union_e is not None and union_d:
        lineas += [
            "",
            f"Join → caught up, static / dynamic: **{union_e / union_d:.2f}×** "
            f"({union_e:.2f} s / {union_d:.2f} s, medians, same run).",
        ]
    lineas += [
        "",
        "A dynamic member's restart waits for what is left of its dead predecessor's session "
        "(10 s from the SIGKILL) when it joins: when the start alone takes longer, that session "
        "has already expired and the reference shows no wait. A static member never waits for "
        "it (its session, 30 s, is the time its partitions stay reserved for it).",
    ]
    lineas += [
        "",
        "| process | membership | restart → caught up (s) | start (s) | backlog at restart |",
        "|---|---|---:|---:|---:|",
    ]
    for x in r.recuperaciones:
        lineas.append(
            f"| {x.proceso} | {'static' if x.estatica else 'dynamic'} | "
            f"{cifra(x.desde_reinicio_s) if x.desde_reinicio_s is not None else 'never'} | "
            f"{cifra(x.arranque_s)} | {x.atraso} |"
        )
    lineas += ["", "## Checks", "", "| check | result | detail |", "|---|---|---|"]
    for nombre, bien, detalle in r.comprobaciones:
        lineas.append(f"| {nombre} | {'pass' if bien else '**FAIL**'} | {detalle} |")
    lineas += [
        "",
        "Not checked by this run: every read model against a rebuild from its topics (the "
        "rebuild tests do it per projection). The commands of the load send no e-mail, so the "
        "SMTP sink check only proves that none was sent twice of what arrived.",
        "",
    ]
    return "\n".join(lineas)


# -- main --------------------------------------------------------------------------------------


async def correr(config: Config) -> Resultados:
    r = Resultados()
    azar = random.Random(config.semilla)
    postgres_url = os.environ.get(
        "EPS_POSTGRES_URL", "postgresql://eps:eps@127.0.0.1:55432/postgres"
    )
    kafka = os.environ.get("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
    compartidos = [f for f in config.fallos if f in ("lider", "kafka")]
    if compartidos and not config.simulacro:
        await comando(r, config, "lider", "bash", str(KAFKA_SH), "cluster-start")
        kafka = kafka_del_cluster()
    trabajo = Path(os.environ.get("CHAOS_DIR", ROOT / ".cache" / "chaos")) / uuid.uuid4().hex[:8]
    trabajo.mkdir(parents=True)
    t0 = time.monotonic()
    pila: Pila | None = None
    try:
        pila = await levantar(config, trabajo, postgres_url, kafka)
        r.arranque_s = time.monotonic() - t0
        token = "Bearer " + pila.emisor.emitir(rol=Rol.OPERADOR, vigencia=timedelta(hours=2))
        url = pila.urls["affiliation"].removeprefix("http://")
        host, puerto = url.split(":")
        async with (
            HttpClient(host, int(puerto), max_connections=50, authorization=token) as cliente,
            Offsets(pila.kafka) as offsets,
        ):
            carga = Carga(cliente, r, azar)
            log(f"carga: {config.tasa:g}/s durante {config.segundos:g} s; fallos: {config.fallos}")
            terminado = asyncio.Event()
            await asyncio.gather(
                carga.correr(config.segundos, config.tasa, terminado),
                fallos(pila, offsets, config, r, azar, terminado),
            )
            log("carga terminada; comprobando")
            await comprobaciones(pila, offsets, r)
    finally:
        if pila is not None:
            await asyncio.to_thread(stack.stop, pila.procesos, pila.run_dir, 15.0)
            await delete_topics_with_prefix(pila.kafka, pila.prefijo)
            await borrar_bases(postgres_url, [u.rsplit("/", 1)[1] for u in pila.bases.values()])
        if compartidos and not config.simulacro:
            await comando(r, config, "lider", "bash", str(KAFKA_SH), "cluster-stop")
        r.duracion_s = time.monotonic() - t0
        if r.comprobaciones and all(bien for _, bien, _ in r.comprobaciones):
            shutil.rmtree(trabajo, ignore_errors=True)
        else:
            log(f"logs de cada proceso en {trabajo / 'run'}")
    return r


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--fallos", default="consumidor,veneno", help=f"any of {','.join(FALLOS)}")
    parser.add_argument(
        "--servicios",
        default=",".join(s.name for s in services()),
        help="services whose processes run (affiliation and identity always)",
    )
    parser.add_argument("--segundos", type=float, default=150.0, help="load window")
    parser.add_argument("--muertes", type=int, default=20, help="consumer SIGKILLs")
    parser.add_argument("--tasa", type=float, default=15.0, help="commands per second")
    parser.add_argument("--simulacro", action="store_true", help="only print shared faults")
    parser.add_argument("--limite", type=float, default=600.0, help="whole run, seconds")
    parser.add_argument("--salida", type=Path, default=ROOT / "docs" / "reliability.md")
    parser.add_argument("--semilla", type=int, default=18)
    parser.add_argument(
        "--sin-referencia",
        action="store_true",
        help="skip the reference kill with dynamic membership (about 45 s)",
    )
    args = parser.parse_args(argv)
    fallos_pedidos = tuple(f for f in args.fallos.split(",") if f)
    desconocidos = set(fallos_pedidos) - set(FALLOS)
    if desconocidos:
        parser.error(f"fallos desconocidos: {', '.join(sorted(desconocidos))}")
    servicios_pedidos = tuple(
        dict.fromkeys([*SERVICIOS_MINIMOS, *(s for s in args.servicios.split(",") if s)])
    )
    config = Config(
        fallos=fallos_pedidos,
        servicios=servicios_pedidos,
        segundos=args.segundos,
        muertes=args.muertes,
        tasa=args.tasa,
        simulacro=args.simulacro,
        limite=args.limite,
        salida=args.salida,
        semilla=args.semilla,
        referencia=not args.sin_referencia,
    )

    async def acotado() -> Resultados:
        async with asyncio.timeout(config.limite):
            return await correr(config)

    try:
        resultados = asyncio.run(acotado())
    except TimeoutError:
        log(f"la corrida superó {config.limite:g} s y se detuvo")
        return 1
    config.salida.write_text(informe(config, resultados))
    log(f"escrito {config.salida}")
    return 0 if all(bien for _, bien, _ in resultados.comprobaciones) else 1


if __name__ == "__main__":
    sys.exit(main())
