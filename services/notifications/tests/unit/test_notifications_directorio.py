"""The contacts directory folded from affiliation's events: who an id is to an e-mail."""

from eps_contracts.events.affiliation import (
    AfiliadoRegistrado,
    DatosContactoActualizados,
    DatosEmpleadorActualizados,
    EmpleadorRegistrado,
    NombresActualizados,
)
from eps_contracts.examples import example_of
from notifications.domain.correos import afiliado, empleador
from notifications.domain.directorio import FichaContacto, plegar

REGISTRADO = example_of(AfiliadoRegistrado)
ANA = afiliado(REGISTRADO.afiliado_id)


def contacto(email: str | None, **cambios: object) -> DatosContactoActualizados:
    return DatosContactoActualizados(afiliado_id=REGISTRADO.afiliado_id, email=email, **cambios)


def test_el_registro_da_el_nombre_completo_y_el_correo() -> None:
    [ficha] = plegar({}, [(REGISTRADO, 1)]).values()
    assert ficha == FichaContacto(ANA, 1, REGISTRADO.email, "Ana María Pérez Gómez")


def test_el_cambio_de_datos_de_contacto_reemplaza_el_correo() -> None:
    fichas = plegar({}, [(REGISTRADO, 1), (contacto("ana.nueva@example.com"), 2)])
    assert fichas[ANA].email == "ana.nueva@example.com"
    assert fichas[ANA].version == 2


def test_sin_correo_principal_vale_el_alternativo_y_sin_ninguno_queda_sin_correo() -> None:
    alterno = contacto(None, email_alternativo="ana.alterno@example.com")
    assert plegar({}, [(REGISTRADO, 1), (alterno, 2)])[ANA].email == "ana.alterno@example.com"
    assert plegar({}, [(REGISTRADO, 1), (contacto(None), 2)])[ANA].email is None


def test_nombres_actualizados_cambian_el_saludo() -> None:
    nombres = NombresActualizados(
        afiliado_id=REGISTRADO.afiliado_id, primer_nombre="Ana", primer_apellido="Pérez"
    )
    assert plegar({}, [(REGISTRADO, 1), (nombres, 2)])[ANA].nombre == "Ana Pérez"


def test_un_evento_repetido_o_atrasado_no_cambia_nada() -> None:
    actual = {ANA: FichaContacto(ANA, 5, "ana.nueva@example.com", "Ana Pérez")}
    assert plegar(actual, [(REGISTRADO, 1), (contacto("vieja@example.com"), 5)]) == {}


def test_un_cambio_de_alguien_sin_registro_no_inventa_a_nadie() -> None:
    assert plegar({}, [(contacto("x@example.com"), 2)]) == {}


def test_el_empleador_con_su_razon_social_y_su_correo() -> None:
    registrado = example_of(EmpleadorRegistrado)
    quien = empleador(registrado.empleador_id)
    cambio = DatosEmpleadorActualizados(
        empleador_id=registrado.empleador_id, razon_social="Nueva S.A.S.", email=None
    )
    assert plegar({}, [(registrado, 1)])[quien].nombre == registrado.razon_social
    assert plegar({}, [(registrado, 1), (cambio, 2)])[quien] == FichaContacto(
        quien, 2, None, "Nueva S.A.S."
    )
