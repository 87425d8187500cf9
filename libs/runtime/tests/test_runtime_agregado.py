"""The aggregate base, the event-sourced repositories (PostgreSQL and memory), the versioned
upsert and the consecutive numbers: the chassis every service is built on."""

from __future__ import annotations

import asyncio
import uuid
from datetime import date

import pytest
from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncEngine

from eps_contracts.events import DatosEmpleadorActualizados, EmpleadorRegistrado
from eps_runtime.agregado import Agregado, aplica
from eps_runtime.consecutivos import CONSECUTIVOS_DDL, ConsecutivosSql
from eps_runtime.db import run_ddl
from eps_runtime.errores import ConflictoDeVersion, DatosInvalidos
from eps_runtime.memoria import ConsecutivosEnMemoria, EventosEnMemoria, UnidadDeTrabajoEnMemoria
from eps_runtime.proyecciones import upsert_versionado, upsert_versionado_lote
from eps_runtime.repositorio import UnidadDeTrabajoSql


class Aportante(Agregado):
    evento_inicial = EmpleadorRegistrado

    def __init__(self) -> None:
        super().__init__()
        self.razon_social = ""

    @classmethod
    def registrar(cls, empleador_id: uuid.UUID, razon_social: str) -> Aportante:
        aportante = cls()
        aportante._registrar(
            EmpleadorRegistrado,
            empleador_id=empleador_id,
            tipo_documento="NIT",
            numero_documento="900123456",
            razon_social=razon_social,
        )
        return aportante

    def renombrar(self, razon_social: str) -> None:
        self._registrar(DatosEmpleadorActualizados, razon_social=razon_social)

    @aplica(EmpleadorRegistrado, DatosEmpleadorActualizados)
    def _nombre(self, evento: EmpleadorRegistrado | DatosEmpleadorActualizados) -> None:
        self.razon_social = evento.razon_social


class OtroAgregado(Agregado):
    evento_inicial = EmpleadorRegistrado

    @aplica(EmpleadorRegistrado)
    def _registrado(self, evento: EmpleadorRegistrado) -> None:
        pass


class Razones(Agregado):
    """A stream whose id is known before its first event: any of its events may come first."""

    evento_inicial = None

    def __init__(self, empleador_id: uuid.UUID | None = None) -> None:
        super().__init__(empleador_id)
        self.nombres: list[str] = []

    def renombrar(self, razon_social: str) -> None:
        self._registrar(DatosEmpleadorActualizados, razon_social=razon_social)

    @aplica(DatosEmpleadorActualizados)
    def _renombrado(self, evento: DatosEmpleadorActualizados) -> None:
        self.nombres.append(evento.razon_social)


def test_un_agregado_sin_evento_inicial_empieza_con_su_id_y_cualquier_evento() -> None:
    empleador_id = uuid.uuid4()
    razones = Razones(empleador_id)
    razones.renombrar("ACME SAS")
    razones.renombrar("ACME S.A.S.")

    copia = Razones.from_events(razones.cambios)
    assert (copia.id, copia.nombres, copia.version) == (
        empleador_id,
        ["ACME SAS", "ACME S.A.S."],
        2,
    )


def test_un_evento_de_otro_agregado_no_se_aplica() -> None:
    ajeno = DatosEmpleadorActualizados(empleador_id=uuid.uuid4(), razon_social="OTRA SAS")
    with pytest.raises(ValueError, match="otro"):
        Razones(uuid.uuid4())._registrar_cambio(ajeno)


def test_un_agregado_registra_eventos_pendientes_y_su_version() -> None:
    aportante = Aportante.registrar(uuid.uuid4(), "ACME SAS")
    aportante.renombrar("ACME S.A.S.")
    assert (aportante.version, aportante.version_guardada) == (2, 0)
    assert [type(e) for e in aportante.cambios] == [EmpleadorRegistrado, DatosEmpleadorActualizados]
    assert aportante.cambios[1].empleador_id == aportante.id  # the id is filled in
    reconstruido = Aportante.from_events(aportante.cambios)
    assert (reconstruido.razon_social, reconstruido.version, reconstruido.cambios) == (
        "ACME S.A.S.",
        2,
        [],
    )


def test_un_evento_invalido_se_rechaza_sin_registrar_nada_ni_mostrar_valores() -> None:
    aportante = Aportante.registrar(uuid.uuid4(), "ACME SAS")
    with pytest.raises(DatosInvalidos) as error:
        aportante.renombrar("")
    assert "razon_social" in error.value.mensaje
    assert aportante.version == 1 and len(aportante.cambios) == 1


def test_un_stream_debe_empezar_por_su_evento_inicial() -> None:
    renombrado = DatosEmpleadorActualizados(empleador_id=uuid.uuid4(), razon_social="X")
    with pytest.raises(ValueError):
        Aportante.from_events([renombrado])


async def test_en_memoria_un_guardado_con_version_vieja_es_un_conflicto() -> None:
    eventos = EventosEnMemoria()
    empleador_id = uuid.uuid4()
    async with UnidadDeTrabajoEnMemoria(eventos) as uow:
        await uow.repositorio(Aportante).guardar(Aportante.registrar(empleador_id, "ACME"))
        await uow.commit()
    primera, segunda = UnidadDeTrabajoEnMemoria(eventos), UnidadDeTrabajoEnMemoria(eventos)
    async with primera, segunda:
        a = await primera.repositorio(Aportante).obtener(empleador_id)
        b = await segunda.repositorio(Aportante).obtener(empleador_id)
        assert a is not None and b is not None
        a.renombrar("UNO")
        b.renombrar("DOS")
        await primera.repositorio(Aportante).guardar(a)
        await primera.commit()
        with pytest.raises(ConflictoDeVersion):
            await segunda.repositorio(Aportante).guardar(b)
            await segunda.commit()
    async with UnidadDeTrabajoEnMemoria(eventos) as uow:
        final = await uow.repositorio(Aportante).obtener(empleador_id)
        assert final is not None and final.razon_social == "UNO"
        assert await uow.repositorio(OtroAgregado).obtener(empleador_id) is None


async def test_en_memoria_sin_commit_no_queda_nada() -> None:
    eventos = EventosEnMemoria()
    async with UnidadDeTrabajoEnMemoria(eventos) as uow:
        await uow.repositorio(Aportante).guardar(Aportante.registrar(uuid.uuid4(), "ACME"))
    assert eventos.streams == {}


@pytest.mark.integration
async def test_en_postgres_dos_escritores_a_la_vez_uno_gana_y_el_otro_recibe_conflicto(
    engine: AsyncEngine,
) -> None:
    empleador_id = uuid.uuid4()
    async with UnidadDeTrabajoSql(engine) as uow:
        await uow.repositorio(Aportante).guardar(Aportante.registrar(empleador_id, "ACME"))
        await uow.commit()

    async def renombrar(nombre: str, leidos: asyncio.Barrier) -> str:
        async with UnidadDeTrabajoSql(engine) as uow:
            aportante = await uow.repositorio(Aportante).obtener(empleador_id)
            assert aportante is not None
            await leidos.wait()
            aportante.renombrar(nombre)
            try:
                await uow.repositorio(Aportante).guardar(aportante)
                await uow.commit()
            except ConflictoDeVersion:
                return "conflicto"
            return "ok"

    barrera = asyncio.Barrier(2)
    resultados = await asyncio.gather(renombrar("UNO", barrera), renombrar("DOS", barrera))
    assert sorted(resultados) == ["conflicto", "ok"]
    async with UnidadDeTrabajoSql(engine) as uow:
        final = await uow.repositorio(Aportante).obtener(empleador_id)
        assert final is not None and final.version == 2
        assert await uow.repositorio(OtroAgregado).obtener(empleador_id) is None
        historial = await uow.repositorio(Aportante).historial(empleador_id)
        assert [r.version for r in historial] == [1, 2]


@pytest.mark.integration
async def test_el_upsert_versionado_nunca_devuelve_una_fila_en_el_tiempo(
    engine: AsyncEngine,
) -> None:
    await run_ddl(
        engine,
        [
            "CREATE TABLE vista (id int PRIMARY KEY, nombre text, version int, "
            "actualizado_en timestamptz)"
        ],
    )
    guardar = upsert_versionado("vista", ("id", "nombre", "version"), ("id",))
    async with engine.begin() as conn:
        for nombre, version in (("b", 2), ("a", 1), ("c", 3), ("c-otra-vez", 3)):
            await conn.execute(guardar, {"id": 1, "nombre": nombre, "version": version})
        fila = (await conn.execute(text("SELECT nombre, version FROM vista"))).one()
    assert tuple(fila) == ("c", 3)


@pytest.mark.integration
async def test_el_upsert_versionado_por_lotes_escribe_todo_el_lote_y_nunca_retrocede(
    engine: AsyncEngine,
) -> None:
    await run_ddl(
        engine,
        [
            "CREATE TABLE vista_lote (id uuid PRIMARY KEY, nombre text, nacido date, "
            "version int NOT NULL, actualizado_en timestamptz NOT NULL DEFAULT now())"
        ],
    )
    guardar = upsert_versionado_lote("vista_lote", ("id", "nombre", "nacido", "version"), ("id",))
    a, b, c = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    async with engine.begin() as conn:
        await guardar(
            conn,
            [
                {"id": a, "nombre": "Ana", "nacido": date(1990, 5, 17), "version": 2},
                {"id": b, "nombre": "Beto", "nacido": None, "version": 1},
            ],
        )
        await guardar(conn, [])  # an empty batch writes nothing
        await guardar(
            conn,
            [
                {"id": a, "nombre": "Ana vieja", "nacido": None, "version": 1},  # older
                {"id": b, "nombre": "Beto nuevo", "nacido": date(2015, 3, 9), "version": 2},
                {"id": c, "nombre": "Ceci", "nacido": None, "version": 1},
            ],
        )
        filas = await conn.execute(text("SELECT id, nombre, nacido, version FROM vista_lote"))
        vista = {f.id: (f.nombre, f.nacido, f.version) for f in filas}
    assert vista == {
        a: ("Ana", date(1990, 5, 17), 2),
        b: ("Beto nuevo", date(2015, 3, 9), 2),
        c: ("Ceci", None, 1),
    }


@pytest.mark.integration
async def test_consecutivos_concurrentes_son_unicos_y_sin_huecos_aunque_uno_se_deshaga(
    engine: AsyncEngine,
) -> None:
    await run_ddl(engine, CONSECUTIVOS_DDL)

    async def radicar(n: int) -> int | None:
        async with engine.connect() as conn, conn.begin() as transaccion:
            numero = await ConsecutivosSql(conn).siguiente("2026")
            if n % 5 == 0:
                await transaccion.rollback()  # a filing that fails gives its number back
                return None
            return numero

    numeros = [n for n in await asyncio.gather(*(radicar(n) for n in range(1, 31))) if n]
    assert sorted(numeros) == list(range(1, len(numeros) + 1))


async def test_consecutivos_en_memoria_devuelven_los_numeros_sin_confirmar() -> None:
    ultimos: dict[str, int] = {}
    primera = ConsecutivosEnMemoria(ultimos)
    assert [await primera.siguiente("A"), await primera.siguiente("A")] == [1, 2]
    segunda = ConsecutivosEnMemoria(ultimos)  # the first did not commit
    assert await segunda.siguiente("A") == 1
    segunda.confirmar()
    assert await ConsecutivosEnMemoria(ultimos).siguiente("A") == 2
