"""Reference data shipped with the service: DIVIPOLA, IPS, SMLMV, and how loading fails."""

import shutil
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from affiliation.application.nombres_colombianos import MUNICIPIOS
from affiliation.application.poblacion_sintetica import poblacion
from affiliation.referencia import (
    DatosReferencia,
    DatosReferenciaInvalidos,
    cargar_referencia,
    datos_empaquetados,
    referencia,
)
from affiliation.referencia.errores import AnioSinSalarioMinimo
from eps_contracts.types import ZonaUPC

DATOS = Path(str(datos_empaquetados()))

# Every departamento's capital except Cundinamarca's, which is Bogotá (11001).
CAPITALES = (
    "05001",
    "08001",
    "11001",
    "13001",
    "15001",
    "17001",
    "18001",
    "19001",
    "20001",
    "23001",
    "27001",
    "41001",
    "44001",
    "47001",
    "50001",
    "52001",
    "54001",
    "63001",
    "66001",
    "68001",
    "70001",
    "73001",
    "76001",
    "81001",
    "85001",
    "86001",
    "88001",
    "91001",
    "94001",
    "95001",
    "97001",
    "99001",
)
CON_AL_MENOS_TRES_IPS = (
    "76001",
    "11001",
    "05001",
    "08001",
    "76520",
    "76364",
    "76834",
    "76109",
    "19001",
    "52001",
    "66001",
    "17001",
    "68001",
    "13001",
    "54001",
    "73001",
    "41001",
    "63001",
    "23001",
    "50001",
    "47001",
    "20001",
)


@pytest.fixture(scope="module")
def datos() -> DatosReferencia:
    return referencia()


@pytest.fixture
def copia(tmp_path: Path) -> Path:
    """A writable copy of the shipped files, to break one at a time."""
    destino = tmp_path / "datos"
    shutil.copytree(DATOS, destino)
    return destino


# -- DIVIPOLA ---------------------------------------------------------------------------------


def test_divipola_tiene_los_33_departamentos_ordenados_por_nombre(datos: DatosReferencia) -> None:
    departamentos = datos.divipola.departamentos()
    assert len(departamentos) == 33
    nombres = [d.nombre for d in departamentos]
    assert nombres[:3] == ["Amazonas", "Antioquia", "Arauca"]
    assert nombres.index("Atlántico") < nombres.index("Bogotá, D.C.") < nombres.index("Bolívar")
    assert {d.codigo for d in departamentos} >= {"11", "76", "19", "88", "99"}


def test_divipola_cubre_todos_los_municipios_del_pais(datos: DatosReferencia) -> None:
    total = sum(len(datos.divipola.municipios(d.codigo)) for d in datos.divipola.departamentos())
    assert total == len(datos.divipola) == 1121
    assert len(datos.divipola.municipios("76")) == 42
    assert len(datos.divipola.municipios("19")) == 42


@pytest.mark.parametrize(
    ("codigo", "nombre", "departamento"),
    [
        ("11001", "Bogotá, D.C.", "11"),
        ("76001", "Cali", "76"),
        ("05001", "Medellín", "05"),
        ("19573", "Puerto Tejada", "19"),
        ("19698", "Santander de Quilichao", "19"),
        ("88001", "San Andrés", "88"),
        ("94343", "Barrancominas", "94"),
    ],
)
def test_municipio_se_encuentra_por_su_codigo_dane(
    datos: DatosReferencia, codigo: str, nombre: str, departamento: str
) -> None:
    municipio = datos.divipola.municipio(codigo)
    assert municipio is not None
    assert (municipio.nombre, municipio.departamento_codigo) == (nombre, departamento)


def test_municipio_desconocido_no_existe(datos: DatosReferencia) -> None:
    assert datos.divipola.municipio("76999") is None
    assert datos.divipola.municipios("00") == []


def test_cali_pertenece_al_valle_y_no_a_antioquia(datos: DatosReferencia) -> None:
    assert datos.divipola.pertenece("76001", "76")
    assert not datos.divipola.pertenece("76001", "05")
    assert not datos.divipola.pertenece("76999", "76")


def test_municipios_de_un_departamento_vienen_ordenados_por_nombre(
    datos: DatosReferencia,
) -> None:
    nombres = [m.nombre for m in datos.divipola.municipios("76")]
    assert nombres[:3] == ["Alcalá", "Andalucía", "Ansermanuevo"]
    assert nombres[-1] == "Zarzal"


@pytest.mark.parametrize(
    ("codigo", "zona"),
    [
        ("76001", ZonaUPC.NORMAL),  # Cali
        ("11001", ZonaUPC.NORMAL),  # Bogotá
        ("25754", ZonaUPC.CONURBADA),  # Soacha
        ("05088", ZonaUPC.CONURBADA),  # Bello
        ("76364", ZonaUPC.CONURBADA),  # Jamundí
        ("54874", ZonaUPC.CONURBADA),  # Villa del Rosario
        ("27001", ZonaUPC.ESPECIAL),  # Quibdó
        ("91001", ZonaUPC.ESPECIAL),  # Leticia
        ("70708", ZonaUPC.ESPECIAL),  # San Marcos, Sucre
        ("50001", ZonaUPC.NORMAL),  # Villavicencio: capital excepted
        ("70001", ZonaUPC.NORMAL),  # Sincelejo: capital excepted
    ],
)
def test_zona_upc_de_cada_municipio(datos: DatosReferencia, codigo: str, zona: ZonaUPC) -> None:
    municipio = datos.divipola.municipio(codigo)
    assert municipio is not None
    assert municipio.zona_upc is zona


def test_hay_33_municipios_conurbados(datos: DatosReferencia) -> None:
    zonas = Counter(
        m.zona_upc
        for d in datos.divipola.departamentos()
        for m in datos.divipola.municipios(d.codigo)
    )
    assert zonas[ZonaUPC.CONURBADA] == 33


# -- IPS --------------------------------------------------------------------------------------


def test_toda_ips_esta_en_un_municipio_que_existe_y_su_codigo_lo_empieza(
    datos: DatosReferencia,
) -> None:
    todas = datos.ips.todas()
    assert len({i.codigo for i in todas}) == len(todas)
    for ips in todas:
        assert datos.divipola.municipio(ips.municipio_divipola) is not None, ips
        assert len(ips.codigo) == 12 and ips.codigo.startswith(ips.municipio_divipola), ips


@pytest.mark.parametrize(
    ("codigo", "nombre", "municipio"),
    [
        ("760010000001", "COMFANDI EL PRADO", "76001"),
        ("760010000002", "COMFANDI SAN NICOLAS", "76001"),
        ("760010000003", "CLINICA NUESTRA CALI", "76001"),
        ("195730000001", "FUNDACION PROPAL - PUERTO TEJADA", "19573"),
        ("196980000001", "HOSPITAL FRANCISCO DE PAULA SANTANDER", "19698"),
    ],
)
def test_ips_reales_de_los_seeds_estan_con_su_codigo_fijo(
    datos: DatosReferencia, codigo: str, nombre: str, municipio: str
) -> None:
    ips = datos.ips.obtener(codigo)
    assert ips is not None
    assert (ips.nombre, ips.municipio_divipola, ips.sintetica) == (nombre, municipio, False)


def test_ips_del_cotizante_fijo_de_medellin_existe(datos: DatosReferencia) -> None:
    ips = datos.ips.obtener("050010000001")
    assert ips is not None and ips.municipio_divipola == "05001"


@pytest.mark.parametrize("municipio", sorted(set(MUNICIPIOS)))
def test_cada_municipio_del_generador_tiene_los_40_codigos_de_ips(
    datos: DatosReferencia, municipio: str
) -> None:
    codigos = {i.codigo for i in datos.ips.por_municipio(municipio)}
    assert {f"{municipio}{n:07d}" for n in range(1, 41)} <= codigos


def test_capitales_y_ciudades_principales_tienen_al_menos_tres_ips(
    datos: DatosReferencia,
) -> None:
    pocas = {
        m: len(datos.ips.por_municipio(m))
        for m in set(CAPITALES) | set(CON_AL_MENOS_TRES_IPS)
        if len(datos.ips.por_municipio(m)) < 3
    }
    assert pocas == {}


def test_todo_municipio_del_valle_y_del_cauca_tiene_ips(datos: DatosReferencia) -> None:
    sin_ips = [
        m.codigo
        for departamento in ("76", "19")
        for m in datos.divipola.municipios(departamento)
        if not datos.ips.por_municipio(m.codigo)
    ]
    assert sin_ips == []


def test_ips_de_un_municipio_sin_ips_es_lista_vacia(datos: DatosReferencia) -> None:
    assert datos.ips.por_municipio("91263") == []  # El Encanto, Amazonas
    assert datos.ips.obtener("999990000001") is None


def test_la_poblacion_sintetica_solo_asigna_ips_y_municipios_que_existen(
    datos: DatosReferencia,
) -> None:
    for familia in poblacion(3000, semilla=11, hoy=date(2026, 11, 22)):
        for persona in familia.personas:
            codigo = persona.ips_primaria_codigo
            assert codigo is not None and datos.ips.obtener(codigo) is not None, persona
            municipio = persona.contacto.municipio_divipola
            assert municipio is None or datos.divipola.municipio(municipio) is not None


# -- SMLMV ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("anio", "valor"),
    [
        (2014, 616_000),
        (2015, 644_350),
        (2016, 689_455),
        (2017, 737_717),
        (2018, 781_242),
        (2019, 828_116),
        (2020, 877_803),
        (2021, 908_526),
        (2022, 1_000_000),
        (2023, 1_160_000),
        (2024, 1_300_000),
        (2025, 1_423_500),
        (2026, 1_750_905),
    ],
)
def test_salario_minimo_de_cada_anio(datos: DatosReferencia, anio: int, valor: int) -> None:
    assert datos.salarios.smlmv(anio) == valor


def test_salario_minimo_de_un_anio_desconocido_es_un_error_claro(datos: DatosReferencia) -> None:
    with pytest.raises(AnioSinSalarioMinimo, match=r"2013.*2014–2026"):
        datos.salarios.smlmv(2013)


# -- loading ----------------------------------------------------------------------------------


def test_referencia_se_carga_una_sola_vez() -> None:
    assert referencia() is referencia()


def test_cargar_de_un_directorio_da_lo_mismo_que_lo_empaquetado(copia: Path) -> None:
    cargados = cargar_referencia(copia)
    assert len(cargados.divipola) == len(referencia().divipola)
    assert cargados.salarios.anios() == list(range(2014, 2027))


def _reemplazar_linea(archivo: Path, numero: int, texto: str) -> None:
    lineas = archivo.read_text(encoding="utf-8").splitlines()
    lineas[numero - 1] = texto
    archivo.write_text("\n".join(lineas) + "\n", encoding="utf-8")


@pytest.mark.parametrize(
    ("archivo", "linea", "texto", "mensaje"),
    [
        ("divipola.csv", 5, "05,Antioquia,5021,Alejandría,NORMAL", "5 dígitos"),
        ("divipola.csv", 5, "05,Antioquia,76021,Alejandría,NORMAL", "no es del departamento"),
        ("divipola.csv", 5, "05,Antioquia,05021,Alejandría,RURAL", "zona_upc"),
        ("divipola.csv", 5, "05,Antioquía,05021,Alejandría,NORMAL", "ya se llamó"),
        ("divipola.csv", 5, "05,Antioquia,05001,Medellín,NORMAL", "repetido"),
        ("divipola.csv", 5, "05,Antioquia,05021,Alejandría", "columnas"),
        ("ips.csv", 3, "050010000002,X,99999,,,true", "no existe en DIVIPOLA"),
        ("ips.csv", 3, "050010000001,X,05001,,,true", "repetido"),
        ("ips.csv", 3, "050010000002,X,05001,,,si", "sintetica"),
        ("ips.csv", 3, "760010000099,X,05001,,,true", "no empieza por su municipio"),
        ("smlmv.csv", 4, "2016,,", "vacía"),
        ("smlmv.csv", 4, "2015,689455,", "repetido"),
        ("upc_adicional/2014.csv", 15, "14,De 75 y más años,76,,,1,2,3", "la edad 75"),
        ("upc_adicional/2014.csv", 5, "4,De 15 a 18 años (H),15,18,H,1,2,3", "sexo"),
        ("upc_adicional/2014.csv", 2, "1,Menores de un año,0,0,,-5,1,1", "entero"),
    ],
)
def test_archivo_mal_formado_da_error_con_archivo_y_linea(
    copia: Path, archivo: str, linea: int, texto: str, mensaje: str
) -> None:
    _reemplazar_linea(copia / archivo, linea, texto)
    with pytest.raises(DatosReferenciaInvalidos, match=mensaje) as error:
        cargar_referencia(copia)
    assert error.value.archivo.endswith(archivo)
    assert str(error.value).startswith(archivo)
    if "la edad" not in mensaje:  # a coverage gap belongs to the table, not one line
        assert error.value.linea == linea
        assert f"línea {linea}:" in str(error.value)


def test_encabezado_equivocado_da_error_en_la_linea_1(copia: Path) -> None:
    _reemplazar_linea(copia / "smlmv.csv", 1, "año,valor,norma")
    with pytest.raises(DatosReferenciaInvalidos, match=r"smlmv.csv, línea 1: el encabezado"):
        cargar_referencia(copia)


def test_archivo_que_falta_da_error_que_lo_nombra(copia: Path) -> None:
    (copia / "ips.csv").unlink()
    with pytest.raises(DatosReferenciaInvalidos, match=r"^ips.csv: no existe"):
        cargar_referencia(copia)


def test_tabla_upc_sin_su_meta_da_error_que_la_nombra(copia: Path) -> None:
    (copia / "upc_adicional" / "2014.meta.json").unlink()
    with pytest.raises(DatosReferenciaInvalidos, match=r"upc_adicional/2014.meta.json"):
        cargar_referencia(copia)


def test_meta_con_fecha_invalida_da_error_que_la_nombra(copia: Path) -> None:
    (copia / "upc_adicional" / "2014.meta.json").write_text(
        '{"vigente_desde": "2014-13-01", "norma": "Resolución 5522 de 2013"}', encoding="utf-8"
    )
    with pytest.raises(DatosReferenciaInvalidos, match=r"2014.meta.json: \"vigente_desde\""):
        cargar_referencia(copia)
