"""Pure rules of accounts: security questions, age, passwords (no database)."""

import re
from datetime import UTC, date, datetime
from uuid import uuid4

import pytest

from eps_contracts.types import TipoDocumento
from identity.adapters.contrasenas import contrasenas_comunes
from identity.domain.contrasenas import ContrasenaInvalida, validar_contrasena
from identity.domain.cuentas import advertencia_intentos, es_mayor_de_edad
from identity.domain.preguntas import NINGUNA, construir_preguntas, respuestas_correctas
from identity.domain.registro import AfiliadoValidable, Documento
from identity.entrypoints.api import create_app


def _afiliado(**datos: object) -> AfiliadoValidable:
    base: dict[str, object] = {
        "documento": Documento(TipoDocumento.CC, "1000000001"),
        "primer_nombre": "Ana",
        "primer_apellido": "Pérez",
        "afiliado_id": uuid4(),
        "fecha_nacimiento": date(1985, 6, 15),
        "telefono_movil": "3101234567",
        "direccion": "Carrera 7 # 45-10 Apto 301",
    }
    return AfiliadoValidable(**(base | datos))  # type: ignore[arg-type]


def test_distractores_con_el_formato_del_dato_verdadero() -> None:
    conjunto = construir_preguntas(_afiliado(), "secreto")
    direccion, nacimiento, telefono = (
        [o.texto for o in p.opciones[:4]] for p in conjunto.preguntas
    )

    forma = re.compile(r"^[A-Z][a-z]+ \d+ # \d{2}-\d{2} Apto \d{3}$")
    assert all(forma.match(t) for t in direccion), direccion
    assert all(re.fullmatch(r"\d{2}/\d{2}/\d{4}", t) for t in nacimiento)
    assert all(re.fullmatch(r"310\d{7}", t) for t in telefono)
    assert "Carrera 7 # 45-10 Apto 301" in direccion
    assert "15/06/1985" in nacimiento and "3101234567" in telefono


def test_sin_el_dato_la_respuesta_correcta_es_ninguna() -> None:
    conjunto = construir_preguntas(_afiliado(telefono_movil=None, direccion=None), "s")
    for pregunta in conjunto.preguntas:
        correcta = conjunto.correctas[pregunta.pregunta_id]
        texto = next(o.texto for o in pregunta.opciones if o.opcion_id == correcta)
        assert (texto == NINGUNA) == (pregunta.pregunta_id != "nacimiento")


def test_las_opciones_son_las_mismas_cada_vez_pero_no_los_ids() -> None:
    ana = _afiliado()
    uno, otro = construir_preguntas(ana, "s"), construir_preguntas(ana, "s")

    assert [[o.texto for o in p.opciones] for p in uno.preguntas] == [
        [o.texto for o in p.opciones] for p in otro.preguntas
    ]
    assert uno.correctas != otro.correctas
    # The right option is not always in the same place across people.
    posiciones = set()
    for i in range(30):
        conjunto = construir_preguntas(
            _afiliado(documento=Documento(TipoDocumento.CC, f"9{i}")), "s"
        )
        pregunta = conjunto.preguntas[1]
        ids = [o.opcion_id for o in pregunta.opciones]
        posiciones.add(ids.index(conjunto.correctas["nacimiento"]))
    assert len(posiciones) > 1


def test_respuestas_correctas_exigen_las_tres() -> None:
    correctas = {"a": "1", "b": "2", "c": "3"}
    assert respuestas_correctas(correctas, {"a": "1", "b": "2", "c": "3"})
    assert not respuestas_correctas(correctas, {"a": "1", "b": "2", "c": "4"})
    assert not respuestas_correctas(correctas, {"a": "1", "b": "2"})
    assert not respuestas_correctas(correctas, {"a": "1", "b": "2", "c": "3", "d": "4"})


@pytest.mark.parametrize(
    ("nacimiento", "momento", "mayor"),
    [
        (date(2008, 3, 10), datetime(2026, 3, 10, 4, 59, tzinfo=UTC), False),
        (date(2008, 3, 10), datetime(2026, 3, 10, 5, 0, tzinfo=UTC), True),
        (date(2008, 2, 29), datetime(2026, 3, 1, 4, 59, tzinfo=UTC), False),
        (date(2008, 2, 29), datetime(2026, 3, 1, 5, 0, tzinfo=UTC), True),
    ],
)
def test_mayoria_de_edad_a_medianoche_de_colombia(
    nacimiento: date, momento: datetime, mayor: bool
) -> None:
    assert es_mayor_de_edad(nacimiento, momento) is mayor


def test_advertencia_del_manual_con_intentos_restantes() -> None:
    assert advertencia_intentos(1).endswith("Te quedan 1 intento.")
    assert advertencia_intentos(2).startswith("Las respuestas a tus preguntas de seguridad")


@pytest.mark.parametrize(
    ("contrasena", "confirmacion"),
    [
        ("corta", "corta"),
        ("12345678", "12345678"),
        ("PASSWORD1", "PASSWORD1"),
        ("frase larga uno", "frase larga dos"),
        ("x" * 129, "x" * 129),
    ],
)
def test_reglas_de_contrasena(contrasena: str, confirmacion: str) -> None:
    with pytest.raises(ContrasenaInvalida):
        validar_contrasena(contrasena, confirmacion, contrasenas_comunes())


def test_lista_de_contrasenas_comunes_cargada() -> None:
    comunes = contrasenas_comunes()
    assert len(comunes) > 10_000
    assert "contraseña" in comunes and "password" in comunes
    validar_contrasena("caballo bateria grapa", "caballo bateria grapa", comunes)


def test_openapi_documenta_las_rutas_de_cuentas() -> None:
    rutas = create_app().openapi()["paths"]

    for ruta in (
        "/registro/preguntas",
        "/registro/respuestas",
        "/registro/cuenta",
        "/cuentas/contrasena",
        "/cuentas/restablecimiento",
        "/sesiones",
        "/sesiones/renovar",
        "/sesiones/actual",
        "/.well-known/jwks.json",
    ):
        assert ruta in rutas
