"""Login follows the affiliate's CURRENT document and affiliation: after novedad 1 the new
document logs in and the old one does not; a retired affiliate can neither log in nor
refresh. The read model is fed from real Kafka records by the real consumer."""

import uuid
from collections.abc import Awaitable, Callable

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import (
    AfiliacionReactivada,
    AfiliacionRetirada,
    DocumentoIdentidadActualizado,
    DomainEvent,
)
from eps_contracts.examples import AFILIADO_ID, afiliado_registrado, example_of
from eps_contracts.types import TipoDocumento
from eps_runtime.consumer import ExactlyOnceConsumer
from identity.adapters.afiliados_projection import AfiliadosValidablesProjection
from identity.settings import IdentitySettings

from .conftest import CONTRASENA, Flujo, Persona

pytestmark = pytest.mark.integration

Publicar = Callable[..., Awaitable[uuid.UUID]]  # the ``publicar`` fixture of conftest.py

ANA = Persona("CC", "1000000001", AFILIADO_ID)
ANA_NUEVO = Persona("CC", "1000000009", AFILIADO_ID)


async def al_dia(bd: AsyncEngine, settings: IdentitySettings) -> None:
    await ExactlyOnceConsumer(
        projection=AfiliadosValidablesProjection(topic_prefix=settings.topic_prefix),
        engine=bd,
        bootstrap_servers=settings.kafka_bootstrap_servers,
    ).run_until_caught_up()


def de_ana(cls: type[DomainEvent]) -> DomainEvent:
    return example_of(cls).model_copy(update={"afiliado_id": AFILIADO_ID})


def es_problema(r: httpx.Response, estado: int, code: str) -> str:
    assert r.status_code == estado, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["code"] == code
    detalle: str = r.json()["detail"]
    return detalle


@pytest.fixture
async def ana_registrada(
    flujo: Flujo, bd: AsyncEngine, publicar: Publicar, identity_settings: IdentitySettings
) -> str:
    """Ana, affiliated through Kafka, with an account and a password; her usuario_id."""
    await publicar(afiliado_registrado(), 1)
    await al_dia(bd, identity_settings)
    return await flujo.con_contrasena(ANA)


async def test_login_con_documento_nuevo_tras_novedad_1(
    flujo: Flujo,
    bd: AsyncEngine,
    publicar: Publicar,
    identity_settings: IdentitySettings,
    ana_registrada: str,
) -> None:
    assert (await flujo.ingresar(ANA)).status_code == 200

    await publicar(
        DocumentoIdentidadActualizado(
            afiliado_id=AFILIADO_ID,
            tipo_documento=TipoDocumento.CC,
            numero_documento=ANA_NUEVO.numero,
        ),
        2,
    )
    await al_dia(bd, identity_settings)

    nuevo = await flujo.ingresar(ANA_NUEVO)
    assert nuevo.status_code == 200, nuevo.text
    viejo = await flujo.ingresar(ANA)
    es_problema(viejo, 401, "credenciales-invalidas")
    # "Olvidé mi contraseña" follows the same document: the new one gets the link.
    await flujo.http.post("/cuentas/restablecimiento", json=ANA.documento)
    assert await enlaces(bd, ana_registrada, "restablecimiento") == 0
    await flujo.http.post("/cuentas/restablecimiento", json=ANA_NUEVO.documento)
    assert await enlaces(bd, ana_registrada, "restablecimiento") == 1


async def enlaces(bd: AsyncEngine, usuario_id: str, proposito: str) -> int:
    async with bd.connect() as conn:
        n: int = (
            await conn.execute(
                text(
                    "SELECT count(*) FROM enlaces_cuenta "
                    "WHERE usuario_id = :id AND proposito = :proposito"
                ),
                {"id": usuario_id, "proposito": proposito},
            )
        ).scalar_one()
    return n


async def test_afiliado_retirado_no_puede_iniciar_sesion_ni_renovar(
    flujo: Flujo,
    bd: AsyncEngine,
    publicar: Publicar,
    identity_settings: IdentitySettings,
    ana_registrada: str,
) -> None:
    sesion = await flujo.ingresar(ANA)
    assert sesion.status_code == 200

    await publicar(de_ana(AfiliacionRetirada), 2)
    await al_dia(bd, identity_settings)

    detalle = es_problema(await flujo.ingresar(ANA), 403, "afiliacion-retirada")
    assert "retirada" in detalle and "018000938777" in detalle
    # Whoever does not know the password learns nothing about the affiliation.
    es_problema(await flujo.ingresar(ANA, "otra clave cualquiera"), 401, "credenciales-invalidas")
    renovada = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": sesion.json()["refresh_token"]}
    )
    es_problema(renovada, 403, "afiliacion-retirada")
    # The session was revoked: a later refresh is just an invalid session.
    otra = await flujo.http.post(
        "/sesiones/renovar", json={"refresh_token": sesion.json()["refresh_token"]}
    )
    es_problema(otra, 401, "sesion-invalida")
    # No reset link for an account that cannot log in; the answer is the same.
    restablecer = await flujo.http.post("/cuentas/restablecimiento", json=ANA.documento)
    assert restablecer.status_code == 202
    assert await enlaces(bd, ana_registrada, "restablecimiento") == 0

    # A reingreso (reactivation) gives the access back.
    await publicar(de_ana(AfiliacionReactivada), 3)
    await al_dia(bd, identity_settings)
    assert (await flujo.ingresar(ANA)).status_code == 200


async def test_afiliado_retirado_no_puede_cambiar_la_contrasena(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    acceso = (await flujo.ingresar(ana)).json()["access_token"]
    async with bd.begin() as conn:
        await conn.execute(
            text("UPDATE afiliados_validables SET estado = 'RETIRADO' WHERE afiliado_id = :id"),
            {"id": ana.afiliado_id},
        )

    nueva = "otra frase larga y segura"
    cambio = await flujo.http.put(
        "/cuentas/contrasena",
        headers={"Authorization": f"Bearer {acceso}"},
        json={
            "contrasena_actual": CONTRASENA,
            "contrasena_nueva": nueva,
            "confirmacion": nueva,
        },
    )
    es_problema(cambio, 403, "afiliacion-retirada")


async def test_documento_anterior_tomado_por_otro_afiliado_abre_su_propia_cuenta(
    flujo: Flujo, bd: AsyncEngine
) -> None:
    ana = await flujo.afiliado()
    await flujo.con_contrasena(ana)
    # Novedad 1 gives Ana another document; later another affiliate holds her old one.
    nuevo = Persona(ana.tipo, "1099888777", ana.afiliado_id)
    async with bd.begin() as conn:
        await conn.execute(
            text(
                "UPDATE afiliados_validables SET numero_documento = :numero, "
                "documento_desde = now() WHERE afiliado_id = :id"
            ),
            {"numero": nuevo.numero, "id": ana.afiliado_id},
        )
        luis_id = uuid.uuid4()
        await conn.execute(
            text(
                """
                INSERT INTO afiliados_validables
                    (afiliado_id, tipo_documento, numero_documento, primer_nombre,
                     primer_apellido, fecha_nacimiento, estado, tipo_afiliado, telefono_movil,
                     direccion, version, documento_desde)
                VALUES (:id, :tipo, :numero, 'Luis', 'Mora', '1980-01-01', 'ACTIVO',
                        'COTIZANTE', '3157654321', 'Carrera 7 # 8-9', 1, now())
                """
            ),
            {"id": luis_id, "tipo": ana.tipo, "numero": ana.numero},
        )
    luis = Persona(ana.tipo, ana.numero, luis_id)

    # Ana's account does not keep Luis's document from registering.
    luis_usuario = await flujo.registrar(luis, "luis@example.com")
    token = await flujo.token_del_enlace(luis_usuario, "UsuarioRegistrado")
    assert (await flujo.establecer(token, "la clave de luis mora")).status_code == 200

    como_luis = await flujo.ingresar(luis, "la clave de luis mora")
    assert como_luis.status_code == 200, como_luis.text
    es_problema(await flujo.ingresar(luis), 401, "credenciales-invalidas")  # Ana's password
    assert (await flujo.ingresar(nuevo)).status_code == 200
