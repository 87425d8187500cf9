"""Issue 17.1: every registration step asks for its own CAPTCHA proof, and step 2 only for
a document that passed step 1 (so nobody can spend a stranger's three attempts)."""

import httpx

from .conftest import Flujo

SIN_CAPTCHA = {"X-Captcha": ""}


async def _sin_captcha(flujo: Flujo, ruta: str, cuerpo: dict[str, object]) -> httpx.Response:
    return await flujo.http.post(ruta, json=cuerpo, headers=SIN_CAPTCHA)


async def test_preguntas_sin_captcha_se_rechazan_y_no_cuentan_intento(flujo: Flujo) -> None:
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)

    sin = await _sin_captcha(
        flujo, "/registro/preguntas", {**ana.documento, "sesion_registro": sesion}
    )
    assert sin.status_code == 400
    assert sin.json()["code"] == "captcha-invalido"
    assert "No soy un robot" in sin.json()["detail"]

    pedidas = (await flujo.preguntas(ana, sesion=sesion)).json()
    erradas = await flujo.respuestas(pedidas, bien=False)
    for _ in range(3):
        rechazada = await _sin_captcha(flujo, "/registro/respuestas", erradas)
        assert rechazada.status_code == 400
        assert rechazada.json()["code"] == "captcha-invalido"
    # Three answers without the proof counted nothing: the first real wrong one leaves two.
    primera = await flujo.http.post("/registro/respuestas", json=erradas)
    assert primera.json()["intentos_restantes"] == 2


async def test_sin_pasar_el_paso_1_no_se_obtienen_preguntas_ni_se_bloquea_a_nadie(
    flujo: Flujo,
) -> None:
    ana = await flujo.afiliado()
    luis = await flujo.afiliado()
    sesion_de_luis = await flujo.sesion(luis)

    for cuerpo in (
        {**ana.documento, "sesion_registro": "9999999999.inventada"},
        {**ana.documento, "sesion_registro": sesion_de_luis},  # another document's session
        {**ana.documento, "sesion_registro": sesion_de_luis + "x"},
    ):
        respuesta = await flujo.http.post("/registro/preguntas", json=cuerpo)
        assert respuesta.status_code == 400
        assert respuesta.json()["code"] == "sesion-registro-invalida"
    sin_sesion = await flujo.http.post("/registro/preguntas", json=ana.documento)
    assert sin_sesion.status_code == 422

    # Ana was never blocked: she registers normally.
    assert (await flujo.intentar(ana, bien=True)).status_code == 200


async def test_sesion_de_registro_vence_a_los_15_minutos(flujo: Flujo, reloj: object) -> None:
    ana = await flujo.afiliado()
    sesion = await flujo.sesion(ana)
    reloj.avanzar(minutes=15, seconds=1)  # type: ignore[attr-defined]

    vencida = await flujo.preguntas(ana, sesion=sesion)
    assert vencida.status_code == 400
    assert vencida.json()["code"] == "sesion-registro-invalida"
    assert "Valide de nuevo su documento" in vencida.json()["detail"]


async def test_crear_cuenta_restablecer_y_cuenta_de_empleador_sin_captcha_se_rechazan(
    flujo: Flujo,
) -> None:
    ana = await flujo.afiliado()
    tiquete = await flujo.tiquete(ana)
    casos: list[tuple[str, dict[str, object]]] = [
        (
            "/registro/cuenta",
            {
                "tiquete": tiquete,
                "email": "ana@example.com",
                "email_confirmacion": "ana@example.com",
                "telefono_movil": "3109876543",
                "acepta_terminos": True,
                "terminos_version": "2026-01",
            },
        ),
        ("/cuentas/restablecimiento", ana.documento),
        (
            "/empleadores/cuenta",
            {
                "nit": "900123456",
                "digito_verificacion": 1,
                "nombre_representante": "Ana Pérez",
                **ana.documento,
                "email": "ana@example.com",
                "email_confirmacion": "ana@example.com",
                "telefono_movil": "3109876543",
                "acepta_terminos": True,
                "terminos_version": "2026-01",
            },
        ),
    ]
    for ruta, cuerpo in casos:
        respuesta = await _sin_captcha(flujo, ruta, cuerpo)
        assert respuesta.status_code == 400, ruta
        assert respuesta.json()["code"] == "captcha-invalido", ruta
    # The ticket was not spent by the refused request: with the proof the account is created.
    assert (await flujo.crear_cuenta(tiquete)).status_code == 201
