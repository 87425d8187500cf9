"""Races resolved by PostgreSQL itself: the stream's primary key and the document guard."""

import asyncio
import io
from dataclasses import replace
from datetime import date
from pathlib import Path
from uuid import uuid4

import pytest
from PIL import Image

from affiliation.application.comandos import CargarSoporte, RegistrarAfiliado
from affiliation.application.consultas_afiliado import soportes_pendientes
from affiliation.bootstrap import bootstrap
from affiliation.domain.valores import DatosContacto, NombreCompleto
from eps_contracts.types import Regimen, Sexo, SubtipoCotizante, TipoAfiliado, TipoDocumento
from eps_contracts.valores import Documento
from eps_runtime.db import create_engine
from eps_runtime.errores import ConflictoDeVersion

pytestmark = pytest.mark.integration

DOCUMENTO = Documento(TipoDocumento.CC, "1000000001")


def registrar() -> RegistrarAfiliado:
    return RegistrarAfiliado(
        afiliado_id=uuid4(),
        documento=DOCUMENTO,
        nombre=NombreCompleto("Ana", "Pérez"),
        fecha_nacimiento=date(1990, 5, 17),
        sexo=Sexo.F,
        tipo_afiliado=TipoAfiliado.COTIZANTE,
        regimen=Regimen.CONTRIBUTIVO,
    )


async def test_el_segundo_escritor_de_una_misma_version_recibe_conflicto_y_no_deja_nada(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        registrado = await aplicacion.ejecutar(registrar())
        async with (
            aplicacion.nueva_unidad_de_trabajo() as primera,
            aplicacion.nueva_unidad_de_trabajo() as segunda,
        ):
            a = await primera.afiliados.obtener(registrado.afiliado_id)
            b = await segunda.afiliados.obtener(registrado.afiliado_id)
            assert a is not None and b is not None
            a.actualizar_datos_contacto(DatosContacto(email="a@example.org"))
            b.actualizar_datos_contacto(DatosContacto(email="b@example.org"))
            await primera.afiliados.guardar(a)
            await segunda.afiliados.guardar(b)
            await primera.commit()
            # Both read the same version: the second one's append finds the stream moved
            # (an append-only unit sends it at commit) — no lost update.
            with pytest.raises(ConflictoDeVersion):
                await segunda.commit()
        async with aplicacion.nueva_unidad_de_trabajo() as lectura:
            afiliado = await lectura.afiliados.obtener(registrado.afiliado_id)
            assert afiliado is not None and afiliado.contacto.email == "a@example.org"
    finally:
        await engine.dispose()


async def test_el_segundo_reclamo_de_un_documento_espera_y_lo_encuentra_tomado(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        async with (
            aplicacion.nueva_unidad_de_trabajo() as primera,
            aplicacion.nueva_unidad_de_trabajo() as segunda,
        ):
            assert await primera.documentos.reservar(DOCUMENTO, uuid4())
            segundo_reclamo = asyncio.create_task(segunda.documentos.reservar(DOCUMENTO, uuid4()))
            await asyncio.sleep(0.3)
            assert not segundo_reclamo.done()
            await primera.commit()
            assert await segundo_reclamo is False
    finally:
        await engine.dispose()


async def test_sin_commit_la_unidad_de_trabajo_no_deja_nada(
    affiliation_database_url: str,
) -> None:
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine)
    try:
        async with aplicacion.nueva_unidad_de_trabajo() as uow:
            assert await uow.documentos.reservar(DOCUMENTO, uuid4())
        await aplicacion.ejecutar(registrar())  # the document is free again
    finally:
        await engine.dispose()


async def test_cargas_simultaneas_de_una_persona_sin_version_todas_quedan_registradas(
    affiliation_database_url: str, tmp_path: Path
) -> None:
    """Issue 17: six parallel uploads for one person got five 409s though nobody else changed
    anything. A command without a version retries its own conflict."""
    engine = create_engine(affiliation_database_url)
    aplicacion = bootstrap(engine, soportes_dir=tmp_path)
    try:
        registrado = await aplicacion.ejecutar(
            replace(
                registrar(),
                subtipo_cotizante=SubtipoCotizante.CONTRATISTA,
                ibc=3_000_000,
                documento=Documento(TipoDocumento.CC, "1000000077"),
            )
        )
        async with aplicacion.nueva_unidad_de_trabajo() as uow:
            afiliado = await uow.afiliados.obtener(registrado.afiliado_id)
            assert afiliado is not None
            tipos = [p.tipo_soporte for p in soportes_pendientes(afiliado)]
        assert len(tipos) >= 2

        resultados = await asyncio.gather(
            *(
                aplicacion.ejecutar(
                    CargarSoporte(
                        afiliado_id=registrado.afiliado_id,
                        soporte_id=uuid4(),
                        tipo_soporte=tipo,
                        nombre_archivo="soporte.png",
                        contenido=_png(),
                    )
                )
                for tipo in tipos
            ),
            return_exceptions=True,
        )

        assert [r for r in resultados if isinstance(r, BaseException)] == []
        async with aplicacion.nueva_unidad_de_trabajo() as uow:
            afiliado = await uow.afiliados.obtener(registrado.afiliado_id)
            assert afiliado is not None
            assert soportes_pendientes(afiliado) == []
    finally:
        await engine.dispose()


def _png() -> bytes:
    salida = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(salida, format="PNG")
    return salida.getvalue()
