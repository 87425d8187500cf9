"""The ONLY wiring point of the audit service."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncEngine

from audit.adapters.archivo import ArchivoProjection, proyecciones_archivo
from audit.adapters.archivo_sql import ArchivoSql
from audit.adapters.informes_sql import InformesSql
from audit.adapters.memoria import (
    ArchivoEnMemoria,
    InformesEnMemoria,
    RegistroConsultasEnMemoria,
)
from audit.adapters.registro_consultas import RegistroConsultasSql
from audit.application.consultas import Auditoria
from audit.application.informes import Informes
from audit.settings import AuditSettings


@dataclass
class Aplicacion:
    auditoria: Auditoria
    informes: Informes


def bootstrap(engine: AsyncEngine, settings: AuditSettings | None = None) -> Aplicacion:
    settings = settings or AuditSettings()
    auditoria = Auditoria(
        ArchivoSql(engine), RegistroConsultasSql(engine), pagina_maxima=settings.pagina_maxima
    )
    return Aplicacion(auditoria, Informes(InformesSql(engine)))


@dataclass
class AplicacionEnMemoria(Aplicacion):
    archivo: ArchivoEnMemoria
    registro: RegistroConsultasEnMemoria
    fuente_informes: InformesEnMemoria


def bootstrap_en_memoria(pagina_maxima: int = 500) -> AplicacionEnMemoria:
    archivo, registro = ArchivoEnMemoria(), RegistroConsultasEnMemoria()
    fuente = InformesEnMemoria()
    return AplicacionEnMemoria(
        Auditoria(archivo, registro, pagina_maxima=pagina_maxima),
        Informes(fuente),
        archivo,
        registro,
        fuente,
    )


def proyecciones(settings: AuditSettings | None = None) -> list[ArchivoProjection]:
    """The archive's consumers: one per topic of the catalog."""
    settings = settings or AuditSettings()
    return proyecciones_archivo(settings.topic_prefix)
