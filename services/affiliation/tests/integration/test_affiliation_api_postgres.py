"""The API on a real, migrated PostgreSQL database: transactions, concurrency, problems."""

import asyncio
from collections.abc import Callable
from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import text

pytestmark = pytest.mark.integration

PROBLEMA = "application/problem+json"


def solicitud(**cambios: Any) -> dict[str, Any]:
    return {
        "tipo_documento": "CC",
        "numero_documento": "1000000001",
        "primer_nombre": "Ana",
        "segundo_nombre": "María",
        "primer_apellido": "Pérez",
        "segundo_apellido": "Gómez",
        "fecha_nacimiento": "1990-05-17",
        "sexo": "F",
        "tipo_afiliado": "COTIZANTE",
        "regimen": "CONTRIBUTIVO",
        "email": "ana.perez@example.com",
        "telefono_movil": "3001234567",
        "direccion": "Calle 5 # 38-25",
        "municipio_divipola": "76001",
    } | cambios


async def filas(app: FastAPI, consulta: str) -> list[Any]:
    async with app.state.engine.connect() as conn:
        return list(await conn.execute(text(consulta)))


async def test_registrar_afiliado_responde_201_y_escribe_evento_outbox_y_documento(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    respuesta = await cliente.post("/afiliados", json=solicitud())

    assert respuesta.status_code == 201
    afiliado_id = respuesta.json()["afiliado_id"]
    assert respuesta.headers["location"] == f"/afiliados/{afiliado_id}"
    eventos = await filas(affiliation_app, "SELECT stream_id, version, event_type FROM events")
    assert [(str(e.stream_id), e.version) for e in eventos] == [(afiliado_id, 1)]
    assert eventos[0].event_type == "co.eps.affiliation.AfiliadoRegistrado.v1"
    assert len(await filas(affiliation_app, "SELECT * FROM outbox")) == 1
    [documento] = await filas(affiliation_app, "SELECT * FROM documentos")
    assert (documento.tipo_documento, documento.numero_documento) == ("CC", "1000000001")


async def test_consultar_afiliado_devuelve_su_estado_y_version(cliente: httpx.AsyncClient) -> None:
    creado = await cliente.post("/afiliados", json=solicitud())

    respuesta = await cliente.get(creado.headers["location"])

    assert respuesta.status_code == 200
    assert respuesta.headers["etag"] == '"1"'
    vista = respuesta.json()
    assert vista["primer_nombre"] == "Ana"
    assert vista["estado"] == "ACTIVO"
    assert vista["version"] == 1


async def test_documento_ya_registrado_responde_409(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    await cliente.post("/afiliados", json=solicitud())

    respuesta = await cliente.post("/afiliados", json=solicitud(primer_nombre="Otra"))

    assert respuesta.status_code == 409
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert respuesta.json()["code"] == "documento-ya-registrado"
    assert respuesta.json()["detail"] == "Ya existe un afiliado con ese documento."
    # Nada de la segunda solicitud quedó escrito: ni evento ni outbox.
    assert len(await filas(affiliation_app, "SELECT * FROM events")) == 1
    assert len(await filas(affiliation_app, "SELECT * FROM outbox")) == 1


async def test_mismo_documento_registrado_a_la_vez_queda_registrado_una_sola_vez(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    respuestas = await asyncio.gather(
        *(cliente.post("/afiliados", json=solicitud()) for _ in range(6))
    )

    assert sorted(r.status_code for r in respuestas) == [201] + [409] * 5
    assert len(await filas(affiliation_app, "SELECT * FROM events")) == 1


async def test_documento_invalido_responde_422_en_espanol(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.post("/afiliados", json=solicitud(numero_documento="10.000.001"))

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    problema = respuesta.json()
    assert problema["code"] == "datos-invalidos"
    assert problema["errores"] == [
        {
            "campo": "numero_documento",
            "mensaje": "el número de documento solo admite letras y dígitos",
        }
    ]


async def test_beneficiario_se_registra_en_el_grupo_de_su_cotizante(
    cliente: httpx.AsyncClient,
) -> None:
    cotizante = (await cliente.post("/afiliados", json=solicitud())).json()["afiliado_id"]

    respuesta = await cliente.post(
        "/afiliados",
        json=solicitud(
            tipo_documento="TI",
            numero_documento="1000000003",
            primer_nombre="Sofía",
            segundo_nombre=None,
            fecha_nacimiento="2014-10-13",
            tipo_afiliado="BENEFICIARIO",
            cotizante_id=cotizante,
            parentesco="HIJO",
            email=None,
            telefono_movil=None,
        ),
    )

    assert respuesta.status_code == 201
    vista = (await cliente.get(respuesta.headers["location"])).json()
    assert vista["cotizante_id"] == cotizante


async def test_actualizar_contacto_con_la_version_vigente_responde_200_y_version_2(
    cliente: httpx.AsyncClient,
) -> None:
    ubicacion = (await cliente.post("/afiliados", json=solicitud())).headers["location"]

    respuesta = await cliente.patch(
        f"{ubicacion}/contacto",
        json={"email": "ana@example.org", "direccion": None},
        headers={"If-Match": '"1"'},
    )

    assert respuesta.status_code == 200
    assert respuesta.json()["version"] == 2
    vista = (await cliente.get(ubicacion)).json()
    assert (vista["email"], vista["direccion"], vista["telefono_movil"]) == (
        "ana@example.org",
        None,
        "3001234567",
    )


async def test_if_match_desactualizado_responde_409_problem(cliente: httpx.AsyncClient) -> None:
    ubicacion = (await cliente.post("/afiliados", json=solicitud())).headers["location"]
    await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "a@example.org"}, headers={"If-Match": "1"}
    )

    respuesta = await cliente.patch(
        f"{ubicacion}/contacto", json={"email": "b@example.org"}, headers={"If-Match": "1"}
    )

    assert respuesta.status_code == 409
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert respuesta.json()["code"] == "conflicto-de-version"


async def test_dos_cambios_simultaneos_con_la_misma_version_uno_responde_409(
    cliente: httpx.AsyncClient, affiliation_app: FastAPI
) -> None:
    ubicaciones = [
        (await cliente.post("/afiliados", json=solicitud(numero_documento=f"20000000{n}"))).headers[
            "location"
        ]
        for n in range(5)
    ]
    for ubicacion in ubicaciones:
        respuestas = await asyncio.gather(
            *(
                cliente.patch(
                    f"{ubicacion}/contacto",
                    json={"email": f"{quien}@example.org"},
                    headers={"If-Match": "1"},
                )
                for quien in ("ana", "juan")
            )
        )
        assert sorted(r.status_code for r in respuestas) == [200, 409]
        assert (await cliente.get(ubicacion)).json()["version"] == 2
    versiones = await filas(
        affiliation_app,
        "SELECT max(version) AS v FROM events WHERE stream_type <> 'ConsultaDatos' "
        "GROUP BY stream_id",
    )
    assert {v.v for v in versiones} == {2}


async def test_historial_muestra_los_eventos_del_afiliado_en_orden(
    cliente: httpx.AsyncClient,
) -> None:
    ubicacion = (await cliente.post("/afiliados", json=solicitud())).headers["location"]
    await cliente.patch(
        f"{ubicacion}/contacto", json={"telefono_movil": "3109876543"}, headers={"If-Match": "1"}
    )

    respuesta = await cliente.get(f"{ubicacion}/historial")

    assert respuesta.status_code == 200
    eventos = respuesta.json()["eventos"]
    assert [(e["version"], e["tipo"]) for e in eventos] == [
        (1, "co.eps.affiliation.AfiliadoRegistrado.v1"),
        (2, "co.eps.affiliation.DatosContactoActualizados.v1"),
    ]
    assert eventos[1]["datos"]["telefono_movil"] == "3109876543"
    assert eventos[0]["registrado_en"] <= eventos[1]["registrado_en"]


async def test_afiliado_inexistente_responde_404_problem(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/afiliados/6f1c2f4e-8a3b-4c1d-9e2f-0a1b2c3d4e5f")
    assert respuesta.status_code == 404
    assert respuesta.headers["content-type"].startswith(PROBLEMA)


async def test_readyz_comprueba_base_de_datos_y_kafka(cliente: httpx.AsyncClient) -> None:
    respuesta = await cliente.get("/readyz")
    assert respuesta.status_code == 200
    assert respuesta.json()["checks"] == {"database": "ok", "kafka": "ok"}


async def test_migracion_es_idempotente(
    affiliation_database_url: str, migrar_afiliacion: Callable[[str], None]
) -> None:
    await asyncio.to_thread(migrar_afiliacion, affiliation_database_url)
    await asyncio.to_thread(migrar_afiliacion, affiliation_database_url)
