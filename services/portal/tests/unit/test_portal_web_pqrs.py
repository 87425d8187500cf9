"""Contáctenos and the survey pages render what the PQRS API answers, markup as text."""

from typing import Any

from portal.entrypoints.web_comun import _plantillas
from portal.entrypoints.web_pqrs import MENU, PREGUNTAS, TIPOS

BASE: dict[str, Any] = {
    "csrf": "t",
    "campo_csrf": "csrf",
    "ruta": "/mi-cuenta/contactenos",
    "sesion_activa": True,
    "aviso": None,
    "errores": {},
    "valores": {},
    "nombre": "Ana",
    "menu": MENU,
    "plantillas_secciones": [],
}

RESULTADO = {
    "radicado": "2026-3975",
    "tipo": "RECLAMO",
    "estado": "FINALIZADA",
    "descripcion": "<script>alert('x')</script>",
    "respuesta": "Respuesta <b>final</b>",
    "calificacion": None,
    "puede_calificar": True,
}


def render(plantilla: str, **contexto: Any) -> str:
    return _plantillas().get_template(plantilla).render(**(BASE | contexto))


def test_resultado_muestra_descripcion_y_respuesta_como_texto_y_ofrece_calificar() -> None:
    html = render("pqrs/contactenos.html", tipos=TIPOS, solicitudes=[], resultado=RESULTADO)

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;" in html
    assert "Respuesta &lt;b&gt;final&lt;/b&gt;" in html
    assert "Califica tu nivel de satisfacción con la respuesta recibida:" in html
    assert 'name="estrellas" value="5"' in html


def test_resultado_ya_calificado_no_ofrece_calificar_otra_vez() -> None:
    html = render(
        "pqrs/contactenos.html",
        tipos=TIPOS,
        solicitudes=[],
        resultado=RESULTADO | {"calificacion": 4, "puede_calificar": False},
    )

    assert "Su calificación: 4 de 5 estrellas." in html
    assert 'name="estrellas"' not in html


def test_radicacion_exitosa_muestra_el_mensaje_del_manual() -> None:
    mensaje = (
        "Registro exitoso con el número de radicado 2026-3975 enviaremos respuesta al correo "
        "electrónico registrado"
    )

    html = render(
        "pqrs/contactenos.html", tipos=TIPOS, solicitudes=[], radicada={"mensaje": mensaje}
    )

    assert "ESTIMADO USUARIO" in html and mensaje in html


def test_encuesta_tiene_las_cuatro_preguntas_de_1_a_5() -> None:
    html = render("pqrs/encuesta.html", preguntas=PREGUNTAS)

    for clave, pregunta in PREGUNTAS:
        assert pregunta in html
        assert f'name="{clave}" value="1"' in html and f'name="{clave}" value="5"' in html
