"""UPC adicional: the value by age group, sex and zone, and which table is in force when."""

import json
import shutil
from datetime import date, timedelta
from pathlib import Path

import pytest

from affiliation.referencia import datos_empaquetados, referencia
from affiliation.referencia.errores import DatosReferenciaInvalidos, SinTablaUPCAdicionalVigente
from affiliation.referencia.upc_adicional import (
    GrupoEtario,
    TablasUPCAdicional,
    TablaUPCAdicional,
    cargar_tablas_upc_adicional,
)
from eps_contracts.types import Sexo, ZonaUPC

CARPETA = Path(str(datos_empaquetados())) / "upc_adicional"
HOY = date(2014, 6, 15)

# Seed 004, Resolución 005522 del 30 de diciembre de 2013: grupo, an age in it, the sex it is
# for (None: both), and the monthly value in zona normal, especial and conurbada.
TABLA_2014: list[tuple[int, int, Sexo | None, int, int, int]] = [
    (1, 0, None, 163_600, 179_700, 179_500),
    (2, 3, None, 53_900, 59_100, 59_000),
    (3, 10, None, 20_100, 21_900, 21_900),
    (4, 16, Sexo.M, 53_800, 59_000, 58_900),
    (5, 16, Sexo.F, 57_100, 62_600, 62_600),
    (6, 30, Sexo.M, 94_200, 103_400, 103_300),
    (7, 30, Sexo.F, 117_200, 128_700, 128_500),
    (8, 47, None, 106_300, 116_800, 116_600),
    (9, 52, None, 135_100, 148_400, 148_200),
    (10, 57, None, 164_700, 181_000, 180_700),
    (11, 62, None, 115_200, 126_500, 126_300),
    (12, 67, None, 142_800, 156_900, 156_700),
    (13, 72, None, 170_900, 187_800, 187_600),
    (14, 80, None, 214_300, 235_500, 235_200),
]
ZONAS = (ZonaUPC.NORMAL, ZonaUPC.ESPECIAL, ZonaUPC.CONURBADA)


def nacido_hace(anios: int, dias: int = 0) -> date:
    """Born to turn ``anios`` on HOY, moved ``dias`` later (1: turns ``anios`` tomorrow)."""
    return date(HOY.year - anios, HOY.month, HOY.day) + timedelta(days=dias)


@pytest.fixture(scope="module")
def tabla() -> TablaUPCAdicional:
    return referencia().upc_adicional.vigente(HOY)


def grupo(tabla: TablaUPCAdicional, nacimiento: date, sexo: Sexo, fecha: date = HOY) -> int:
    return tabla.valor_mensual(nacimiento, sexo, ZonaUPC.NORMAL, fecha).grupo


@pytest.mark.parametrize(
    ("numero", "edad", "sexo", "zona", "valor"),
    [
        (numero, edad, sexo, zona, valores[i])
        for numero, edad, sexo, *valores in TABLA_2014
        for i, zona in enumerate(ZONAS)
    ],
)
def test_upc_adicional_de_cada_grupo_y_zona_coincide_con_la_tabla_2014(
    tabla: TablaUPCAdicional, numero: int, edad: int, sexo: Sexo | None, zona: ZonaUPC, valor: int
) -> None:
    for cada_sexo in (Sexo.F, Sexo.M) if sexo is None else (sexo,):
        resultado = tabla.valor_mensual(nacido_hace(edad, dias=-30), cada_sexo, zona, HOY)
        assert (resultado.grupo, resultado.valor) == (numero, valor)
        assert resultado.vigente_desde == date(2014, 1, 1)


def test_tabla_2014_rige_desde_2014_por_la_resolucion_5522(tabla: TablaUPCAdicional) -> None:
    assert tabla.vigente_desde == date(2014, 1, 1)
    assert tabla.norma == "Resolución 5522 de 2013"
    assert [g.grupo for g in tabla.grupos] == list(range(1, 15))
    assert tabla.grupos[0].descripcion == "Menores de un año"


@pytest.mark.parametrize("sexo", [Sexo.F, Sexo.M])
def test_menor_de_un_anio_hasta_la_vispera_de_su_primer_cumpleanios(
    tabla: TablaUPCAdicional, sexo: Sexo
) -> None:
    assert grupo(tabla, nacido_hace(0), sexo) == 1  # born today
    assert grupo(tabla, nacido_hace(1, dias=1), sexo) == 1  # turns 1 tomorrow
    assert grupo(tabla, nacido_hace(1), sexo) == 2  # turns 1 today


@pytest.mark.parametrize("sexo", [Sexo.F, Sexo.M])
def test_de_4_a_5_anios_pasa_del_grupo_2_al_3(tabla: TablaUPCAdicional, sexo: Sexo) -> None:
    assert grupo(tabla, nacido_hace(5, dias=1), sexo) == 2
    assert grupo(tabla, nacido_hace(5), sexo) == 3


@pytest.mark.parametrize(("sexo", "grupo_15_a_18"), [(Sexo.M, 4), (Sexo.F, 5)])
def test_a_los_15_anios_el_grupo_depende_del_sexo(
    tabla: TablaUPCAdicional, sexo: Sexo, grupo_15_a_18: int
) -> None:
    assert grupo(tabla, nacido_hace(15, dias=1), sexo) == 3  # still 14
    assert grupo(tabla, nacido_hace(15), sexo) == grupo_15_a_18


@pytest.mark.parametrize(("sexo", "antes", "despues"), [(Sexo.M, 4, 6), (Sexo.F, 5, 7)])
def test_a_los_19_anios_se_pasa_al_grupo_de_19_a_44_del_mismo_sexo(
    tabla: TablaUPCAdicional, sexo: Sexo, antes: int, despues: int
) -> None:
    assert grupo(tabla, nacido_hace(19, dias=1), sexo) == antes  # 18, last day
    assert grupo(tabla, nacido_hace(19), sexo) == despues


@pytest.mark.parametrize(("sexo", "antes"), [(Sexo.M, 6), (Sexo.F, 7)])
def test_a_los_45_anios_el_grupo_ya_no_depende_del_sexo(
    tabla: TablaUPCAdicional, sexo: Sexo, antes: int
) -> None:
    assert grupo(tabla, nacido_hace(45, dias=1), sexo) == antes  # 44
    assert grupo(tabla, nacido_hace(45), sexo) == 8


@pytest.mark.parametrize("edad", [75, 90, 110, 130])
def test_de_75_anios_en_adelante_es_el_grupo_14(tabla: TablaUPCAdicional, edad: int) -> None:
    assert grupo(tabla, nacido_hace(75, dias=1), Sexo.F) == 13
    assert grupo(tabla, nacido_hace(edad), Sexo.F) == 14
    assert grupo(tabla, nacido_hace(edad), Sexo.M) == 14


def test_fecha_anterior_al_nacimiento_es_un_error(tabla: TablaUPCAdicional) -> None:
    with pytest.raises(ValueError, match="anterior al nacimiento"):
        tabla.valor_mensual(date(2014, 7, 1), Sexo.F, ZonaUPC.NORMAL, HOY)


def test_antes_de_la_primera_tabla_no_hay_ninguna_vigente() -> None:
    with pytest.raises(SinTablaUPCAdicionalVigente, match=r"2013-12-31.*2014-01-01"):
        referencia().upc_adicional.vigente(date(2013, 12, 31))
    assert referencia().upc_adicional.vigente(date(2014, 1, 1)).vigente_desde == date(2014, 1, 1)


def _copiar_tablas(destino: Path) -> Path:
    carpeta = destino / "upc_adicional"
    shutil.copytree(CARPETA, carpeta)
    return carpeta


def _fabricar_2026(carpeta: Path) -> None:
    """A made-up 2026 table: the 2014 one with every value doubled."""
    lineas = (carpeta / "2014.csv").read_text(encoding="utf-8").splitlines()
    filas = [lineas[0]]
    for linea in lineas[1:]:
        celdas = linea.split(",")
        celdas[5:8] = [str(int(v) * 2) for v in celdas[5:8]]
        filas.append(",".join(celdas))
    (carpeta / "2026.csv").write_text("\n".join(filas) + "\n", encoding="utf-8")
    (carpeta / "2026.meta.json").write_text(
        json.dumps({"vigente_desde": "2026-01-01", "norma": "Resolución de prueba"}),
        encoding="utf-8",
    )


def test_tabla_mas_reciente_vigente_rige_desde_su_fecha(tmp_path: Path) -> None:
    carpeta = _copiar_tablas(tmp_path)
    _fabricar_2026(carpeta)
    tablas = cargar_tablas_upc_adicional(carpeta)

    assert [t.vigente_desde.year for t in tablas.todas()] == [2014, 2026]
    assert tablas.vigente(date(2025, 12, 31)).norma == "Resolución 5522 de 2013"
    assert tablas.vigente(date(2026, 1, 1)).norma == "Resolución de prueba"
    assert tablas.vigente(date(2030, 5, 1)).vigente_desde == date(2026, 1, 1)

    nacimiento = date(2000, 3, 10)
    antes = tablas.valor_mensual(nacimiento, Sexo.F, ZonaUPC.NORMAL, date(2025, 12, 31))
    despues = tablas.valor_mensual(nacimiento, Sexo.F, ZonaUPC.NORMAL, date(2026, 1, 1))
    assert (antes.grupo, antes.valor, antes.vigente_desde) == (7, 117_200, date(2014, 1, 1))
    assert (despues.grupo, despues.valor, despues.vigente_desde) == (7, 234_400, date(2026, 1, 1))


def test_dos_tablas_desde_la_misma_fecha_son_un_error(tmp_path: Path) -> None:
    carpeta = _copiar_tablas(tmp_path)
    shutil.copy(carpeta / "2014.csv", carpeta / "2014b.csv")
    shutil.copy(carpeta / "2014.meta.json", carpeta / "2014b.meta.json")
    with pytest.raises(DatosReferenciaInvalidos, match=r"2014b.meta.json: rige desde 2014-01-01"):
        cargar_tablas_upc_adicional(carpeta)


def test_grupos_que_se_solapan_son_un_error_al_cargar(tmp_path: Path) -> None:
    carpeta = _copiar_tablas(tmp_path)
    archivo = carpeta / "2014.csv"
    texto = archivo.read_text(encoding="utf-8")
    archivo.write_text(texto.replace("3,De 5 a 14 años,5,14,", "3,De 5 a 14 años,5,15,"), "utf-8")
    with pytest.raises(
        DatosReferenciaInvalidos,
        match=r"2014.csv: la edad 15 \(sexo F\) cae en los grupos \[3, 5\]",
    ):
        cargar_tablas_upc_adicional(carpeta)


def test_meta_sin_su_tabla_es_un_error(tmp_path: Path) -> None:
    carpeta = _copiar_tablas(tmp_path)
    shutil.copy(carpeta / "2014.meta.json", carpeta / "2015.meta.json")
    with pytest.raises(DatosReferenciaInvalidos, match=r"2015.meta.json: no hay tabla 2015.csv"):
        cargar_tablas_upc_adicional(carpeta)


def test_tabla_con_un_hueco_de_edades_no_se_puede_construir() -> None:
    def g(numero: int, desde: int, hasta: int | None) -> GrupoEtario:
        return GrupoEtario(numero, f"grupo {numero}", desde, hasta, None, 1, 1, 1)

    with pytest.raises(ValueError, match=r"la edad 10 .* ningún grupo"):
        TablaUPCAdicional(date(2030, 1, 1), "prueba", (g(1, 0, 9), g(2, 11, None)))
    with pytest.raises(ValueError, match="abierto por arriba"):
        TablaUPCAdicional(date(2030, 1, 1), "prueba", (g(1, 0, 9), g(2, 10, 200)))
    assert TablasUPCAdicional([]).todas() == []
