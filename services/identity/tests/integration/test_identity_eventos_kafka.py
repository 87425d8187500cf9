"""Identity's events reach Kafka through the relay: topic, key and no personal data.
Real PostgreSQL and Kafka."""

import asyncio
import contextlib
from uuid import UUID

from eps_contracts.envelope import from_kafka_record
from eps_runtime.kafka import create_consumer, ensure_topics
from eps_runtime.relay import OutboxRelay
from eps_runtime.topics import owned_topics
from identity.settings import IdentitySettings

from .conftest import Flujo


async def test_bloqueo_registro_e_ingresos_se_publican_con_su_clave(
    flujo: Flujo, identity_settings: IdentitySettings
) -> None:
    bloqueada = await flujo.afiliado()
    for _ in range(3):
        await flujo.intentar(bloqueada, bien=False)
    ana = await flujo.afiliado()
    usuario_id = await flujo.con_contrasena(ana)
    assert (await flujo.ingresar(ana, "no es la contraseña")).status_code == 401
    assert (await flujo.ingresar(ana)).status_code == 200

    prefijo = identity_settings.topic_prefix
    bootstrap = identity_settings.kafka_bootstrap_servers
    topicos = owned_topics("identity", prefijo)
    await ensure_topics(bootstrap, topicos)
    relay = OutboxRelay(
        service="identity",
        database_url=identity_settings.database_url,
        bootstrap_servers=bootstrap,
        topic_prefix=prefijo,
    )
    parar = asyncio.Event()
    tarea = asyncio.create_task(relay.run(parar))
    consumidor = create_consumer(bootstrap, None)
    consumidor.subscribe(
        [f"{prefijo}eps.identity.{nombre}" for nombre in ("registros", "usuarios", "seguridad")]
    )
    await consumidor.start()
    vistos: dict[str, tuple[str, bytes]] = {}
    try:
        async with asyncio.timeout(30):
            while len(vistos) < 5:
                lote = await consumidor.getmany(timeout_ms=500)
                for registros in lote.values():
                    for registro in registros:
                        sobre = from_kafka_record(registro.key, registro.value, registro.headers)
                        nombre = sobre.type.split(".")[3]
                        vistos[nombre] = (registro.topic, registro.key or b"")
                        assert ana.numero.encode() not in registro.value
                        assert bloqueada.numero.encode() not in registro.value
    finally:
        await consumidor.stop()
        parar.set()
        with contextlib.suppress(asyncio.CancelledError):
            await tarea

    assert vistos["RegistroBloqueado"] == (
        f"{prefijo}eps.identity.registros",
        str(bloqueada.afiliado_id).encode(),
    )
    clave_usuario = str(UUID(usuario_id)).encode()
    assert vistos["UsuarioRegistrado"] == (f"{prefijo}eps.identity.usuarios", clave_usuario)
    assert vistos["ContrasenaEstablecida"] == (f"{prefijo}eps.identity.usuarios", clave_usuario)
    assert vistos["InicioSesionFallido"] == (f"{prefijo}eps.identity.seguridad", clave_usuario)
    assert vistos["InicioSesionExitoso"] == (f"{prefijo}eps.identity.seguridad", clave_usuario)
