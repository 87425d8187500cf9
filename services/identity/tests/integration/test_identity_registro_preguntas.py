"""Registration step 2 ("Registra", manual 2.1.2): security questions, three strikes, 24 h
block across instances and restarts, and the refusals of every step. Real PostgreSQL."""

import asyncio
from collections.abc import Callable
from datetime import date, timedelta

import httpx
from fastapi import FastAPI
from sqlalchemy import text

from eps_contracts.types import TipoDocumento
from identity.application.sesion_registro import emitir_sesion
from identity.domain.registro import Documento

from .conftest import Flujo, RelojDePrueba, cliente_de

ADVERTENCIA = (
    "Las respuestas a tus preguntas de seguridad no son correctas. Inténtalo de nuevo. Por "
    "motivos de seguridad, al tercer intento errado tu documento será bloqueado temporalmente."
)
YA_REGISTRADO = (
    "Ya te encuentras registrado en nuestro sistema, para mayor información comunícate con la "
    "línea 018000938777"
)
NO_REGISTRADO = (
    "El tipo y número de identificación no se encuentra registrado en nuestra base de datos "
    "de afiliados a la EPS. Para mayor información comuníquese con la línea de atención al "
    "cliente 018000938777"
)


async def _bloqueos_registrados(flujo: Flujo, afiliado_id: object) -> int:
    async with flujo.bd.connect() as conn:
        n = await conn.execute(
            text(
                "SELECT count(*) FROM events e JOIN outbox o USING (stream_id, version) "
                "WHERE e.stream_id = :id AND e.event_type LIKE '%.RegistroBloqueado.%'"
            ),
            {"id": afiliado_id},
        )
        return int(n.scalar_one())


async def test_preguntas_del_afiliado_con_sus_datos_y_distractores_del_mismo_formato(
    flujo: Flujo,
) -> None:
    ana = await flujo.afiliado()

    respuesta = await flujo.preguntas(ana)

    assert respuesta.status_code == 200
    cuerpo = respuesta.json()
    assert [p["pregunta_id"] for p in cuerpo["preguntas"]] == [
        "direccion",
        "nacimiento",
        "telefono",
    ]
    textos = {p["pregunta_id"]: [o["texto"] for o in p["opciones"]] for p in cuerpo["preguntas"]}
    assert "Calle 12 # 34-56" in textos["direccion"]
    assert "15/06/1985" in textos["nacimiento"]
    assert "3101234567" in textos["telefono"]
    for opciones in textos.values():
        assert len(opciones) == 5 and len(set(opciones)) == 5
        assert opciones[-1] == "Ninguna de las anteriores"
    assert all(len(t) == 10 and t[2] == "/" for t in textos["nacimiento"][:4])
    assert all(len(t) == 10 and t.startswith("310") for t in textos["telefono"][:4])
    # Nothing in the answer tells which option is right.
    assert "correcta" not in respuesta.text
    # Asking again shows the same options (nothing to intersect), with new ids.
    otra = (await flujo.preguntas(ana)).json()
    assert {p["pregunta_id"]: [o["texto"] for o in p["opciones"]] for p in otra["preguntas"]} == (
        textos
    )
    assert otra["conjunto_id"] != cuerpo["conjunto_id"]


async def test_respuestas_correctas_dan_un_tiquete_y_el_conjunto_no_se_reusa(
    flujo: Flujo,
) -> None:
    ana = await flujo.afiliado()
    pedidas = (await flujo.preguntas(ana)).json()
    cuerpo = await flujo.respuestas(pedidas, bien=True)

    primera = await flujo.http.post("/registro/respuestas", json=cuerpo)
    segunda = await flujo.http.post("/registro/respuestas", json=cuerpo)

    assert primera.status_code == 200 and len(primera.json()["tiquete"]) >= 32
    assert segunda.status_code == 400
    assert segunda.json()["code"] == "preguntas-vencidas"


async def test_tercer_intento_fallido_bloquea_documento_24_horas(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)

    primero = await flujo.intentar(ana, bien=False)
    segundo = await flujo.intentar(ana, bien=False)
    tercero = await flujo.intentar(ana, bien=False)

    assert primero.status_code == 400
    assert primero.json()["code"] == "respuestas-incorrectas"
    assert primero.json()["detail"] == f"{ADVERTENCIA} Te quedan 2 intentos."
    assert primero.json()["intentos_restantes"] == 2
    assert segundo.json()["detail"] == f"{ADVERTENCIA} Te quedan 1 intento."
    assert tercero.status_code == 409
    assert tercero.json()["code"] == "documento-bloqueado"
    assert "bloqueado temporalmente por 24 horas" in tercero.json()["detail"]
    assert await _bloqueos_registrados(flujo, ana.afiliado_id) == 1
    evento = await flujo.evento(ana.afiliado_id, "RegistroBloqueado")
    assert evento["intentos"] == 3
    assert ana.numero not in str(evento)
    # Every step refuses the document now, Válida included (even with a session of before).
    for ruta in ("/registro/validacion", "/registro/preguntas"):
        respuesta = await flujo.http.post(ruta, json={**ana.documento, "sesion_registro": sesion})
        assert respuesta.status_code == 409, ruta
        assert respuesta.json()["code"] == "documento-bloqueado"


async def test_intentos_repartidos_en_dos_instancias_bloquean_igual(
    flujo: Flujo, nueva_app: Callable[[], FastAPI]
) -> None:
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)
    async with cliente_de(nueva_app()) as otra:
        assert (await flujo.intentar(ana, bien=False)).status_code == 400
        assert (await flujo.intentar(ana, bien=False, http=otra)).json()["intentos_restantes"] == 1
        assert (await flujo.intentar(ana, bien=False)).status_code == 409
        # The other instance sees the block too.
        bloqueado = await otra.post(
            "/registro/preguntas", json={**ana.documento, "sesion_registro": sesion}
        )
        assert bloqueado.status_code == 409

    # Sent at the same time to both instances, four wrong sets still grant three attempts.
    luis = await flujo.afiliado()
    async with cliente_de(nueva_app()) as otra:
        conjuntos = [
            (await flujo.preguntas(luis, http)).json()
            for http in (flujo.http, otra, flujo.http, otra)
        ]
        cuerpos = [await flujo.respuestas(c, bien=False) for c in conjuntos]
        respuestas = await asyncio.gather(
            *(
                http.post("/registro/respuestas", json=cuerpo)
                for http, cuerpo in zip((flujo.http, otra, flujo.http, otra), cuerpos, strict=True)
            )
        )
    codigos = sorted(r.json()["code"] for r in respuestas)
    assert codigos == [
        "documento-bloqueado",
        "documento-bloqueado",
        "respuestas-incorrectas",
        "respuestas-incorrectas",
    ]
    assert await _bloqueos_registrados(flujo, luis.afiliado_id) == 1


async def test_bloqueo_se_levanta_a_las_24_horas(flujo: Flujo, reloj: RelojDePrueba) -> None:
    ana = await flujo.afiliado()
    for _ in range(3):
        await flujo.intentar(ana, bien=False)

    reloj.avanzar(hours=23, minutes=59)
    bloqueado = await flujo.http.post("/registro/validacion", json=ana.documento)
    assert bloqueado.json()["code"] == "documento-bloqueado"

    reloj.avanzar(minutes=1)
    # A fresh start: three attempts again, and right answers go through.
    assert (await flujo.intentar(ana, bien=False)).json()["intentos_restantes"] == 2
    assert (await flujo.intentar(ana, bien=True)).status_code == 200


async def test_bloqueo_sobrevive_un_reinicio(
    flujo: Flujo, nueva_app: Callable[[], FastAPI]
) -> None:
    ana = await flujo.afiliado()
    for _ in range(3):
        await flujo.intentar(ana, bien=False)

    async with cliente_de(nueva_app()) as reiniciada:
        respuesta = await reiniciada.post("/registro/validacion", json=ana.documento)

    assert respuesta.json()["code"] == "documento-bloqueado"


async def test_documento_no_afiliado_ya_registrado_o_bloqueado_se_rechaza(
    flujo: Flujo,
) -> None:
    # Not affiliated: the manual's message at step 1; step 2 cannot be reached without it.
    desconocido = {"tipo_documento": "CC", "numero_documento": "999999999"}
    respuesta = await flujo.http.post("/registro/validacion", json=desconocido)
    assert respuesta.status_code == 404
    assert respuesta.json()["detail"] == NO_REGISTRADO
    sin_paso_1 = await flujo.http.post(
        "/registro/preguntas", json={**desconocido, "sesion_registro": "9999999999.falsa"}
    )
    assert sin_paso_1.status_code == 400
    assert sin_paso_1.json()["code"] == "sesion-registro-invalida"

    # Retired: refused too.
    retirado = await flujo.afiliado(estado="RETIRADO")
    assert (await flujo.preguntas(retirado)).json()["code"] == "afiliacion-retirada"

    # Already registered: the manual's message at every step, and a second ticket obtained
    # before the account existed does not create another one.
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)
    tiquete_tardio = await flujo.tiquete(ana)
    await flujo.registrar(ana)
    for ruta in ("/registro/validacion", "/registro/preguntas"):
        respuesta = await flujo.http.post(ruta, json={**ana.documento, "sesion_registro": sesion})
        assert respuesta.status_code == 409
        assert respuesta.json() | {"detail": YA_REGISTRADO} == respuesta.json()
        assert respuesta.json()["code"] == "ya-registrado"
    tarde = await flujo.crear_cuenta(tiquete_tardio, "otra@example.com")
    assert tarde.status_code == 409 and tarde.json()["code"] == "ya-registrado"

    # Blocked: a ticket obtained before the block cannot create the account either.
    luis = await flujo.afiliado()
    tiquete_previo = await flujo.tiquete(luis)
    for _ in range(3):
        await flujo.intentar(luis, bien=False)
    bloqueado = await flujo.crear_cuenta(tiquete_previo, "luis@example.com")
    assert bloqueado.status_code == 409 and bloqueado.json()["code"] == "documento-bloqueado"


async def test_menor_de_edad_no_puede_crear_cuenta(flujo: Flujo, reloj: RelojDePrueba) -> None:
    hoy = reloj.ahora.date()
    nacimiento = date(hoy.year - 18, 1, 1) + timedelta(days=400)  # turns 18 in about a year
    menor = await flujo.afiliado(nacimiento=nacimiento)

    respuesta = await flujo.http.post("/registro/validacion", json=menor.documento)
    assert respuesta.status_code == 409
    assert respuesta.json()["code"] == "menor-de-edad"
    assert "menores de edad no tienen cuenta propia" in respuesta.json()["detail"]

    # Even with a ticket (e.g. obtained through a bug), the account is refused.
    async with flujo.bd.begin() as conn:
        await conn.execute(
            text(
                "INSERT INTO registro_tiquetes (tiquete_hash, afiliado_id, tipo_documento, "
                "numero_documento, vence_en) VALUES (sha256('tiquete-de-un-menor-0123456789'), "
                ":id, :tipo, :numero, :vence)"
            ),
            {
                "id": menor.afiliado_id,
                "tipo": menor.tipo,
                "numero": menor.numero,
                "vence": reloj.ahora + timedelta(minutes=10),
            },
        )
    respuesta = await flujo.crear_cuenta("tiquete-de-un-menor-0123456789")
    assert respuesta.status_code == 409 and respuesta.json()["code"] == "menor-de-edad"


async def test_cumple_18_a_medianoche_de_colombia(flujo: Flujo, reloj: RelojDePrueba) -> None:
    persona = await flujo.afiliado(nacimiento=date(2008, 3, 10))

    reloj.ahora = reloj.ahora.replace(year=2026, month=3, day=10, hour=4, minute=59)  # 23:59 COT
    assert (await flujo.preguntas(persona)).json()["code"] == "menor-de-edad"

    reloj.ahora = reloj.ahora.replace(hour=5, minute=0)  # 00:00 in Colombia
    assert (await flujo.preguntas(persona)).status_code == 200


async def test_datos_invalidos_responden_422_en_espanol(http: httpx.AsyncClient) -> None:
    casos = [
        ("/registro/preguntas", {"tipo_documento": "XX", "numero_documento": "1"}),
        ("/registro/preguntas", {"tipo_documento": "CC", "numero_documento": "1"}),
        ("/registro/preguntas", {"tipo_documento": "CC"}),
        ("/registro/respuestas", {"conjunto_id": "no-es-uuid", "respuestas": {}}),
        ("/registro/respuestas", {"conjunto_id": None, "respuestas": [1, 2]}),
        ("/registro/cuenta", {"tiquete": "x" * 40, "email": "no-es-correo"}),
        ("/registro/cuenta", []),
    ]
    for ruta, cuerpo in casos:
        respuesta = await http.post(ruta, json=cuerpo)
        assert respuesta.status_code == 422, (ruta, respuesta.text)
        assert respuesta.json()["code"] == "datos-invalidos"
    cuenta = {
        "tiquete": "x" * 40,
        "email": "a@example.com",
        "email_confirmacion": "a@example.com",
        "telefono_movil": "3101234567",
        "acepta_terminos": True,
        "terminos_version": "2026-01",
    }
    sin_terminos = await http.post("/registro/cuenta", json=cuenta | {"acepta_terminos": False})
    assert sin_terminos.status_code == 422
    assert "términos y condiciones" in sin_terminos.json()["detail"]
    otro_correo = await http.post(
        "/registro/cuenta", json=cuenta | {"email_confirmacion": "b@example.com"}
    )
    assert otro_correo.status_code == 422
    assert "confirmación del correo" in otro_correo.json()["detail"]


async def test_limite_por_documento_compartido_entre_instancias_y_se_recupera(
    flujo: Flujo, reloj: RelojDePrueba, nueva_app: Callable[[], FastAPI]
) -> None:
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)
    async with cliente_de(nueva_app()) as otra:
        codigos = [
            (await flujo.preguntas(ana, http, sesion)).status_code
            for http in (flujo.http, otra) * 4 + (flujo.http,)
        ]
        assert codigos == [200] * 8 + [429]
        limitada = await flujo.preguntas(ana, otra, sesion)
    assert limitada.status_code == 429
    assert limitada.json()["code"] == "demasiadas-solicitudes"
    assert limitada.headers["Retry-After"] == "60"

    reloj.avanzar(seconds=60)
    assert (await flujo.preguntas(ana, sesion=sesion)).status_code == 200


async def test_limite_por_cliente_aunque_cambie_el_documento(
    flujo: Flujo, reloj: RelojDePrueba, app_identidad: FastAPI
) -> None:
    personas = [await flujo.afiliado() for _ in range(21)]
    # Step 1 has a bucket of its own: the sessions are issued as it would issue them.
    secreto = app_identidad.state.aplicacion.secreto
    sesiones = [
        emitir_sesion(secreto, Documento(TipoDocumento(p.tipo), p.numero), reloj())
        for p in personas
    ]
    codigos = [
        (await flujo.preguntas(p, sesion=s)).status_code
        for p, s in zip(personas, sesiones, strict=True)
    ]

    assert codigos == [200] * 20 + [429]
    reloj.avanzar(seconds=6)
    assert (await flujo.preguntas(personas[-1], sesion=sesiones[-1])).status_code == 200
