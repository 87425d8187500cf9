"""The API on a real, migrated PostgreSQL: Contáctenos, back office, refusals in Spanish."""

import io
import re
from collections.abc import Callable
from datetime import UTC, datetime
from uuid import UUID

import httpx
import pytest
from fastapi import FastAPI
from PIL import Image
from sqlalchemy import text

from eps_runtime.auth import Rol
from eps_runtime.permisos import PERMISO_SOLICITUDES_ADMINISTRATIVAS

from ..conftest import AFILIADO, EMPLEADOR, Reloj

pytestmark = pytest.mark.integration

PROBLEMA = "application/problem+json"
CAPTCHA = {"X-Captcha": "no-soy-un-robot"}


def png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(salida, format="PNG")
    return salida.getvalue()


async def radicar(
    cliente: httpx.AsyncClient, tipo: str = "RECLAMO", descripcion: str = "No me entregaron."
) -> dict[str, object]:
    respuesta = await cliente.post(
        "/mi/solicitudes", data={"tipo": tipo, "descripcion": descripcion}
    )
    assert respuesta.status_code == 201, respuesta.text
    cuerpo: dict[str, object] = respuesta.json()
    return cuerpo


async def test_afiliado_radica_con_adjunto_y_recibe_el_mensaje_del_manual(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient, pqrs_app: FastAPI
) -> None:
    respuesta = await afiliado.post(
        "/mi/solicitudes",
        data={"tipo": "RECLAMO", "descripcion": "No me entregaron el medicamento."},
        files={"archivos": ("formula.png", png(), "image/png")},
    )

    assert respuesta.status_code == 201, respuesta.text
    cuerpo = respuesta.json()
    assert re.fullmatch(r"20[0-9]{2}-1", cuerpo["radicado"])
    assert cuerpo["mensaje"] == (
        f"Registro exitoso con el número de radicado {cuerpo['radicado']} enviaremos "
        "respuesta al correo electrónico registrado"
    )
    assert cuerpo["codigo_consulta"] is None
    detalle = await operador.get(f"/backoffice/solicitudes/{cuerpo['solicitud_id']}")
    [adjunto] = detalle.json()["adjuntos"]
    descarga = await operador.get(
        f"/backoffice/solicitudes/{cuerpo['solicitud_id']}/adjuntos/{adjunto['adjunto_id']}"
    )
    assert descarga.content == png()
    async with pqrs_app.state.engine.connect() as conn:
        outbox = (await conn.execute(text("SELECT count(*) FROM outbox"))).scalar_one()
    assert outbox == 1


async def test_flujo_reclamo_clasificado_respondido_consultado_y_calificado(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient
) -> None:
    r = await radicar(afiliado)
    sid, radicado = r["solicitud_id"], r["radicado"]

    clasificada = await operador.post(
        f"/backoffice/solicitudes/{sid}/clasificacion",
        json={"riesgo": "PRIORIZADO"},
        headers={"If-Match": '"1"'},
    )
    assert clasificada.status_code == 200, clasificada.text
    cola = (await operador.get("/backoffice/solicitudes", params={"riesgo": "PRIORIZADO"})).json()
    [fila] = cola["solicitudes"]
    assert (fila["unidad_restante"], fila["vencida"]) == ("HORAS", False)
    assert 46 <= fila["restante"] <= 48
    respondida = await operador.post(
        f"/backoffice/solicitudes/{sid}/respuesta",
        json={"respuesta": "Se entregará mañana en la farmacia."},
        headers={"If-Match": clasificada.headers["ETag"]},
    )
    assert respondida.status_code == 200, respondida.text

    consulta = (await afiliado.get(f"/mi/solicitudes/{radicado}")).json()
    assert (consulta["estado"], consulta["respuesta"]) == (
        "FINALIZADA",
        "Se entregará mañana en la farmacia.",
    )
    assert consulta["puede_calificar"] is True
    calificada = await afiliado.post(
        f"/mi/solicitudes/{radicado}/calificacion", json={"estrellas": 5}
    )
    assert calificada.status_code == 200
    assert calificada.json()["calificacion"] == 5
    otra = await afiliado.post(f"/mi/solicitudes/{radicado}/calificacion", json={"estrellas": 1})
    assert otra.status_code == 409
    assert otra.headers["content-type"].startswith(PROBLEMA)
    assert otra.json()["detail"] == "Usted ya calificó la respuesta de esta solicitud."
    historial = (await operador.get(f"/backoffice/solicitudes/{sid}/historial")).json()
    assert [e["tipo"] for e in historial["eventos"]] == [
        "PQRSRadicada",
        "PQRSClasificada",
        "PQRSRespondida",
        "PQRSCalificada",
    ]


async def test_calificar_antes_de_finalizada_y_responder_dos_veces_son_409(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient
) -> None:
    r = await radicar(afiliado)

    antes = await afiliado.post(
        f"/mi/solicitudes/{r['radicado']}/calificacion", json={"estrellas": 3}
    )
    primera = await operador.post(
        f"/backoffice/solicitudes/{r['solicitud_id']}/respuesta",
        json={"respuesta": "Respuesta."},
        headers={"If-Match": '"1"'},
    )
    segunda = await operador.post(
        f"/backoffice/solicitudes/{r['solicitud_id']}/respuesta",
        json={"respuesta": "Otra."},
        headers={"If-Match": primera.headers["ETag"]},
    )

    assert antes.status_code == 409
    assert "Finalizada" in antes.json()["detail"]
    assert primera.status_code == 200
    assert segunda.status_code == 409
    assert segunda.json()["detail"] == "Esta solicitud ya tiene respuesta; no admite otra."


async def test_version_desactualizada_es_409_y_sin_if_match_428(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient
) -> None:
    r = await radicar(afiliado)
    url = f"/backoffice/solicitudes/{r['solicitud_id']}/asignacion"
    cuerpo = {"area": "ATENCION_AL_USUARIO", "operador_id": "operador-2"}

    assert (await operador.post(url, json=cuerpo, headers={"If-Match": '"1"'})).status_code == 200
    vieja = await operador.post(url, json=cuerpo, headers={"If-Match": '"1"'})
    sin_version = await operador.post(url, json=cuerpo)

    assert vieja.status_code == 409
    assert vieja.json()["code"] == "conflicto-de-version"
    assert sin_version.status_code == 428


async def test_radicado_ajeno_da_el_mismo_404_que_uno_inexistente(
    afiliado: httpx.AsyncClient, otro: httpx.AsyncClient
) -> None:
    r = await radicar(afiliado)

    ajena = await otro.get(f"/mi/solicitudes/{r['radicado']}")
    inexistente = await otro.get("/mi/solicitudes/2026-987654")

    assert ajena.status_code == inexistente.status_code == 404
    sin_instancia = [
        {k: v for k, v in r.json().items() if k != "instance"} for r in (ajena, inexistente)
    ]
    assert sin_instancia[0] == sin_instancia[1]
    assert (
        await otro.post(f"/mi/solicitudes/{r['radicado']}/calificacion", json={"estrellas": 1})
    ).status_code == 404
    assert (await otro.get("/mi/solicitudes")).json() == {"solicitudes": []}


async def test_adivinar_radicados_se_frena_con_429(otro: httpx.AsyncClient) -> None:
    estados = [(await otro.get(f"/mi/solicitudes/2026-{n}")).status_code for n in range(1, 13)]

    assert estados[:10] == [404] * 10
    assert estados[10:] == [429, 429]


async def test_cotizante_radica_por_su_menor_y_no_por_un_extrano(
    cliente_de: Callable[..., httpx.AsyncClient],
) -> None:
    menor = "1a2b3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d"
    async with cliente_de(
        Rol.AFILIADO,
        usuario_id="u-cotizante",
        afiliado_id=AFILIADO,
        representados={UUID(menor): datetime(2035, 1, 1, tzinfo=UTC)},
    ) as cotizante:
        propia = await cotizante.post(
            "/mi/solicitudes",
            data={"tipo": "PETICION_PARTICULAR", "descripcion": "Copia.", "afiliado_id": menor},
        )
        extrano = await cotizante.post(
            "/mi/solicitudes",
            data={
                "tipo": "PETICION_PARTICULAR",
                "descripcion": "Copia.",
                "afiliado_id": "9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d",
            },
        )
        lista = (await cotizante.get("/mi/solicitudes")).json()

    assert propia.status_code == 201
    assert extrano.status_code == 404
    assert [s["radicado"] for s in lista["solicitudes"]] == [propia.json()["radicado"]]


async def test_empleador_radica_y_delegado_sin_permiso_no(
    cliente_de: Callable[..., httpx.AsyncClient],
) -> None:
    async with (
        cliente_de(Rol.EMPLEADOR, usuario_id="e-1", empleador_id=EMPLEADOR) as empleador,
        cliente_de(Rol.DELEGADO, usuario_id="d-1", empleador_id=EMPLEADOR) as delegado,
        cliente_de(
            Rol.DELEGADO,
            usuario_id="d-2",
            empleador_id=EMPLEADOR,
            permisos=[PERMISO_SOLICITUDES_ADMINISTRATIVAS],
        ) as autorizado,
    ):
        propia = await empleador.post(
            "/mi/solicitudes", data={"tipo": "CONSULTA", "descripcion": "¿Cómo afilio?"}
        )
        sin_permiso = await delegado.post(
            "/mi/solicitudes", data={"tipo": "CONSULTA", "descripcion": "x"}
        )
        consulta = await autorizado.get(f"/mi/solicitudes/{propia.json()['radicado']}")

    assert propia.status_code == 201
    assert sin_permiso.status_code == 403
    assert consulta.status_code == 200


async def test_anonimo_radica_con_captcha_y_consulta_con_su_codigo(
    anonimo: httpx.AsyncClient, operador: httpx.AsyncClient
) -> None:
    sin_captcha = await anonimo.post(
        "/publico/solicitudes", data={"tipo": "DENUNCIA", "descripcion": "Cobro indebido."}
    )
    r = await anonimo.post(
        "/publico/solicitudes",
        data={"tipo": "DENUNCIA", "descripcion": "Cobro indebido.", "email": "c@example.com"},
        headers=CAPTCHA,
    )
    assert sin_captcha.status_code == 422
    assert sin_captcha.json()["code"] == "captcha-invalido"
    assert r.status_code == 201, r.text
    radicado, codigo = r.json()["radicado"], r.json()["codigo_consulta"]

    bien = await anonimo.post(
        "/publico/solicitudes/consulta", json={"radicado": radicado, "codigo": codigo}
    )
    mal = await anonimo.post(
        "/publico/solicitudes/consulta", json={"radicado": radicado, "codigo": "ZZZZZZZZZZZZ"}
    )
    inexistente = await anonimo.post(
        "/publico/solicitudes/consulta", json={"radicado": "2026-99999", "codigo": codigo}
    )

    assert bien.status_code == 200
    assert bien.json()["respuesta"] == "Esta solicitud se encuentra en gestión"
    assert mal.status_code == inexistente.status_code == 404
    assert mal.json()["detail"] == inexistente.json()["detail"]


async def test_descripcion_con_html_se_guarda_como_texto(
    afiliado: httpx.AsyncClient,
) -> None:
    texto = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    r = await radicar(afiliado, descripcion=texto)

    consulta = await afiliado.get(f"/mi/solicitudes/{r['radicado']}")

    assert consulta.headers["content-type"].startswith("application/json")
    assert consulta.json()["descripcion"] == texto


async def test_descripcion_de_10_mb_se_rechaza_con_422_en_espanol(
    afiliado: httpx.AsyncClient,
) -> None:
    respuesta = await afiliado.post(
        "/mi/solicitudes", data={"tipo": "QUEJA", "descripcion": "x" * 10_000_000}
    )

    assert respuesta.status_code == 422
    assert respuesta.headers["content-type"].startswith(PROBLEMA)
    assert "4000 caracteres" in respuesta.text


@pytest.mark.parametrize(
    "datos",
    [
        {"tipo": "NO_EXISTE", "descripcion": "x"},
        {"tipo": "QUEJA", "descripcion": ""},
        {"tipo": "QUEJA", "descripcion": "x" * 4001},
        {"tipo": "QUEJA"},
        {"tipo": "QUEJA", "descripcion": "x", "afiliado_id": "no-es-uuid"},
    ],
)
async def test_datos_invalidos_al_radicar_son_422_en_espanol(
    afiliado: httpx.AsyncClient, datos: dict[str, str]
) -> None:
    respuesta = await afiliado.post("/mi/solicitudes", data=datos)

    assert respuesta.status_code == 422, respuesta.text
    assert respuesta.headers["content-type"].startswith(PROBLEMA)


async def test_adjunto_que_no_es_pdf_ni_imagen_se_rechaza(afiliado: httpx.AsyncClient) -> None:
    respuesta = await afiliado.post(
        "/mi/solicitudes",
        data={"tipo": "QUEJA", "descripcion": "Adjunto."},
        files={"archivos": ("virus.pdf", b"MZ\x90\x00 no soy un pdf", "application/pdf")},
    )

    assert respuesta.status_code == 422
    assert respuesta.json()["code"] == "formato-no-permitido"


async def test_prorroga_despues_del_vencimiento_se_rechaza_por_la_api(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient, reloj: Reloj
) -> None:
    reloj.instante = datetime(2026, 11, 13, 21, 59, tzinfo=UTC)
    r = await radicar(afiliado, tipo="SOLICITUD_INFORMACION")
    reloj.instante = datetime(2026, 12, 2, 14, 0, tzinfo=UTC)

    respuesta = await operador.post(
        f"/backoffice/solicitudes/{r['solicitud_id']}/prorroga",
        json={"motivo": "Se requiere concepto.", "nueva_fecha": "2026-12-10"},
        headers={"If-Match": '"1"'},
    )
    vencidas = (await operador.get("/backoffice/solicitudes", params={"vencidas": "true"})).json()

    assert respuesta.status_code == 409
    assert [f["radicado"] for f in vencidas["solicitudes"]] == [r["radicado"]]
    assert vencidas["solicitudes"][0]["restante"] < 0


async def test_encuesta_una_vez_al_mes_y_resumen_para_back_office(
    afiliado: httpx.AsyncClient, operador: httpx.AsyncClient
) -> None:
    cuerpo = {"facilidad": 5, "tiempo": 4, "claridad": 4, "satisfaccion": 5, "comentario": "Bien"}

    primera = await afiliado.post("/mi/encuesta", json=cuerpo)
    segunda = await afiliado.post("/mi/encuesta", json=cuerpo)
    fuera = await afiliado.post("/mi/encuesta", json=cuerpo | {"tiempo": 9})
    resumen = (await operador.get("/backoffice/encuestas/resumen")).json()

    assert primera.status_code == 201
    assert segunda.status_code == 409
    assert "este mes" in segunda.json()["detail"]
    assert fuera.status_code == 422
    [periodo] = resumen["periodos"]
    assert periodo["respuestas"] == 1 and periodo["promedios"]["facilidad"] == 5.0


async def test_afiliado_no_entra_al_back_office(afiliado: httpx.AsyncClient) -> None:
    assert (await afiliado.get("/backoffice/solicitudes")).status_code == 403


async def test_sin_sesion_es_401(anonimo: httpx.AsyncClient) -> None:
    assert (await anonimo.get("/mi/solicitudes")).status_code == 401


async def test_afiliado_descarga_su_adjunto_y_otro_recibe_404(
    afiliado: httpx.AsyncClient, otro: httpx.AsyncClient
) -> None:
    radicada = (
        await afiliado.post(
            "/mi/solicitudes",
            data={"tipo": "RECLAMO", "descripcion": "Adjunto la fórmula."},
            files={"archivos": ("../../etc/formula.png", png(), "image/png")},
        )
    ).json()
    [adjunto] = (await afiliado.get(f"/mi/solicitudes/{radicada['radicado']}")).json()["adjuntos"]
    ruta = f"/mi/solicitudes/{radicada['radicado']}/adjuntos/{adjunto['adjunto_id']}"

    propia = await afiliado.get(ruta)
    ajena = await otro.get(ruta)

    assert adjunto["nombre"] == "formula.png"
    assert propia.status_code == 200 and propia.content == png()
    assert propia.headers["content-disposition"] == 'attachment; filename="formula.png"'
    assert ajena.status_code == 404


async def test_delegado_sin_permiso_no_lista_las_solicitudes_del_empleador(
    cliente_de: Callable[..., httpx.AsyncClient],
) -> None:
    async with (
        cliente_de(Rol.EMPLEADOR, usuario_id="e-1", empleador_id=EMPLEADOR) as empleador,
        cliente_de(Rol.DELEGADO, usuario_id="d-1", empleador_id=EMPLEADOR) as delegado,
    ):
        await empleador.post("/mi/solicitudes", data={"tipo": "CONSULTA", "descripcion": "x"})
        propias = (await empleador.get("/mi/solicitudes")).json()["solicitudes"]
        del_delegado = (await delegado.get("/mi/solicitudes")).json()["solicitudes"]

    assert len(propias) == 1
    assert del_delegado == []
