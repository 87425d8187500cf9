"""The pages show the contracts' codes as people read them (manual §4's home page)."""

from portal.entrypoints.web_comun import nombre_de_codigo


def test_parentesco_tipo_y_regimen_se_leen_en_espanol() -> None:
    assert nombre_de_codigo("CONYUGE") == "Cónyuge"
    assert nombre_de_codigo("HIJO") == "Hijo(a)"
    assert nombre_de_codigo("COTIZANTE") == "Cotizante"
    assert nombre_de_codigo("CONTRIBUTIVO") == "Contributivo"


def test_estado_en_mayusculas_como_en_el_manual_y_codigo_desconocido_tal_cual() -> None:
    assert nombre_de_codigo("PROTECCION_LABORAL") == "PROTECCIÓN LABORAL"
    assert nombre_de_codigo("NUEVO_ESTADO") == "NUEVO_ESTADO"
    assert nombre_de_codigo(None) == ""
