"""The employer's administration on PostgreSQL: its event stream plus the delegates' data.

Guarantee: a unit is the runtime's unit of work (one connection, one transaction; without
``commit()`` everything it wrote is rolled back) and the stream is a
``RepositorioEventos``: ``guardar`` appends exactly the aggregate's pending events after the
version it was loaded at, so a concurrent writer makes it raise ``ConflictoDeVersion``
and the delegates' rows written in the same unit vanish with it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

from eps_contracts.types import TipoDocumento
from eps_runtime.eventstore import EventStore
from eps_runtime.repositorio import RepositorioEventos, UnidadDeTrabajoSql
from identity.application.empleadores import (
    MENSAJE_DOCUMENTO_REPETIDO,
    Activacion,
    DatosDelegado,
    FichaDelegado,
    FiltroDelegados,
)
from identity.domain.empleadores import (
    AdministracionEmpleador,
    DelegadoRepetido,
    clave_comparacion,
)

_EMPLEADOR_REGISTRADO = text("SELECT 1 FROM empleadores_conocidos WHERE empleador_id = :id")

_OTRO_CON_DOCUMENTO = text(
    """
    SELECT 1 FROM delegados_empleador
    WHERE empleador_id = :empleador_id AND tipo_documento = :tipo
      AND numero_documento = :numero AND delegado_id IS DISTINCT FROM :excepto
    """
)

_GUARDAR_FICHA = text(
    """
    INSERT INTO delegados_empleador (
        delegado_id, empleador_id, perfil_id, nombres, nombres_busqueda, tipo_documento,
        numero_documento, cargo, telefono, celular, email, creado_en, actualizado_en)
    VALUES (:delegado_id, :empleador_id, :perfil_id, :nombres, :nombres_busqueda,
        :tipo_documento, :numero_documento, :cargo, :telefono, :celular, :email, :creado_en,
        :actualizado_en)
    ON CONFLICT (delegado_id) DO UPDATE SET
        perfil_id = EXCLUDED.perfil_id,
        nombres = EXCLUDED.nombres,
        nombres_busqueda = EXCLUDED.nombres_busqueda,
        tipo_documento = EXCLUDED.tipo_documento,
        numero_documento = EXCLUDED.numero_documento,
        cargo = EXCLUDED.cargo,
        telefono = EXCLUDED.telefono,
        celular = EXCLUDED.celular,
        email = EXCLUDED.email,
        actualizado_en = EXCLUDED.actualizado_en
    """
)

_COLUMNAS = """
    delegado_id, empleador_id, perfil_id, nombres, tipo_documento, numero_documento, cargo,
    telefono, celular, email, creado_en, actualizado_en
"""

_FICHA = text(
    f"SELECT {_COLUMNAS} FROM delegados_empleador "
    "WHERE empleador_id = :empleador_id AND delegado_id = :delegado_id"
)

# Every filter is optional (NULL: not applied). Names and e-mails match on a part, the
# document on its beginning; LIKE's wildcards typed by the user are escaped.
_FICHAS = text(
    f"""
    SELECT {_COLUMNAS} FROM delegados_empleador
    WHERE empleador_id = :empleador_id
      AND (CAST(:nombre AS text) IS NULL
           OR nombres_busqueda LIKE '%' || CAST(:nombre AS text) || '%' ESCAPE '\\')
      AND (CAST(:documento AS text) IS NULL
           OR numero_documento LIKE CAST(:documento AS text) || '%' ESCAPE '\\')
      AND (CAST(:correo AS text) IS NULL
           OR lower(email) LIKE '%' || CAST(:correo AS text) || '%' ESCAPE '\\')
    ORDER BY nombres_busqueda, delegado_id
    """
)

_BORRAR_FICHA = (
    text("DELETE FROM activaciones_delegado WHERE delegado_id = :delegado_id"),
    text("DELETE FROM delegados_empleador WHERE delegado_id = :delegado_id"),
)

_SEGUIR_FICHA = text(
    """
    UPDATE usuarios
    SET nombre = :nombres, email = :email,
        telefono_movil = coalesce(CAST(:celular AS text), telefono_movil)
    WHERE usuario_id = :delegado_id AND rol = 'delegado'
    """
)

_GUARDAR_ACTIVACION = text(
    """
    INSERT INTO activaciones_delegado (token_hash, delegado_id, empleador_id, creado_en, vence_en)
    VALUES (:token_hash, :delegado_id, :empleador_id, :creado_en, :vence_en)
    """
)

# Single use even under concurrency: only one UPDATE can flip usado_en from NULL.
_USAR_ACTIVACION = text(
    """
    UPDATE activaciones_delegado AS a SET usado_en = :ahora
    WHERE a.token_hash = :token_hash AND a.usado_en IS NULL AND a.vence_en > :ahora
      AND EXISTS (SELECT 1 FROM delegados_empleador d WHERE d.delegado_id = a.delegado_id)
    RETURNING a.empleador_id, a.delegado_id
    """
)


def _patron(valor: str | None) -> str | None:
    if valor is None or not valor.strip():
        return None
    escapado = valor.strip().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return escapado


def _ficha(fila: Any) -> FichaDelegado:
    return FichaDelegado(
        delegado_id=fila.delegado_id,
        empleador_id=fila.empleador_id,
        datos=DatosDelegado(
            nombres=fila.nombres,
            tipo_documento=TipoDocumento(fila.tipo_documento),
            numero_documento=fila.numero_documento,
            cargo=fila.cargo,
            telefono=fila.telefono,
            celular=fila.celular,
            email=fila.email,
            perfil_id=fila.perfil_id,
        ),
        creado_en=fila.creado_en,
        actualizado_en=fila.actualizado_en,
    )


class UnidadEmpleadoresSql(UnidadDeTrabajoSql):
    def _preparar(self, conn: AsyncConnection) -> None:
        self._administraciones: RepositorioEventos[AdministracionEmpleador] = self.repositorio(
            AdministracionEmpleador
        )

    async def empleador_registrado(self, empleador_id: UUID) -> bool:
        resultado = await self.conn.execute(_EMPLEADOR_REGISTRADO, {"id": empleador_id})
        return resultado.first() is not None

    async def cargar(self, empleador_id: UUID) -> AdministracionEmpleador:
        """The employer's administration; a new, empty one before its first event."""
        administracion = await self._administraciones.obtener(empleador_id)
        return administracion or AdministracionEmpleador(empleador_id)

    async def guardar(self, administracion: AdministracionEmpleador) -> None:
        await self._administraciones.guardar(administracion)

    async def otro_delegado_con_documento(
        self, empleador_id: UUID, tipo: TipoDocumento, numero: str, excepto: UUID | None
    ) -> bool:
        resultado = await self.conn.execute(
            _OTRO_CON_DOCUMENTO,
            {
                "empleador_id": empleador_id,
                "tipo": tipo.value,
                "numero": numero,
                "excepto": excepto,
            },
        )
        return resultado.first() is not None

    async def guardar_ficha(self, ficha: FichaDelegado) -> None:
        """Raises ``DelegadoRepetido`` when a concurrent command gave the document to another
        delegate of the employer first (the unique constraint decides the race)."""
        datos = ficha.datos
        try:
            await self._insertar_ficha(ficha, datos)
        except IntegrityError as error:
            if "delegados_empleador_documento" not in str(error):
                raise
            raise DelegadoRepetido(MENSAJE_DOCUMENTO_REPETIDO) from None

    async def _insertar_ficha(self, ficha: FichaDelegado, datos: DatosDelegado) -> None:
        await self.conn.execute(
            _GUARDAR_FICHA,
            {
                "delegado_id": ficha.delegado_id,
                "empleador_id": ficha.empleador_id,
                "perfil_id": datos.perfil_id,
                "nombres": datos.nombres,
                "nombres_busqueda": clave_comparacion(datos.nombres),
                "tipo_documento": datos.tipo_documento.value,
                "numero_documento": datos.numero_documento,
                "cargo": datos.cargo,
                "telefono": datos.telefono,
                "celular": datos.celular,
                "email": datos.email,
                "creado_en": ficha.creado_en,
                "actualizado_en": ficha.actualizado_en,
            },
        )
        # The delegate's account (once activated) follows the employer's changes: the e-mails
        # go to, and greet, whom the employer says now.
        await self.conn.execute(
            _SEGUIR_FICHA,
            {
                "delegado_id": ficha.delegado_id,
                "nombres": datos.nombres,
                "celular": datos.celular,
                "email": datos.email,
            },
        )

    async def ficha(self, empleador_id: UUID, delegado_id: UUID) -> FichaDelegado | None:
        resultado = await self.conn.execute(
            _FICHA, {"empleador_id": empleador_id, "delegado_id": delegado_id}
        )
        fila = resultado.first()
        return None if fila is None else _ficha(fila)

    async def fichas(self, empleador_id: UUID, filtro: FiltroDelegados) -> list[FichaDelegado]:
        nombre = None if filtro.nombre is None else clave_comparacion(filtro.nombre)
        correo = None if filtro.correo is None else filtro.correo.casefold()
        resultado = await self.conn.execute(
            _FICHAS,
            {
                "empleador_id": empleador_id,
                "nombre": _patron(nombre),
                "documento": _patron(filtro.documento),
                "correo": _patron(correo),
            },
        )
        return [_ficha(fila) for fila in resultado]

    async def borrar_ficha(self, delegado_id: UUID) -> None:
        for sentencia in _BORRAR_FICHA:
            await self.conn.execute(sentencia, {"delegado_id": delegado_id})

    async def guardar_activacion(
        self,
        token_hash: bytes,
        empleador_id: UUID,
        delegado_id: UUID,
        creado_en: datetime,
        vence_en: datetime,
    ) -> None:
        await self.conn.execute(
            _GUARDAR_ACTIVACION,
            {
                "token_hash": token_hash,
                "delegado_id": delegado_id,
                "empleador_id": empleador_id,
                "creado_en": creado_en,
                "vence_en": vence_en,
            },
        )

    async def usar_activacion(self, token_hash: bytes, ahora: datetime) -> Activacion | None:
        resultado = await self.conn.execute(
            _USAR_ACTIVACION, {"token_hash": token_hash, "ahora": ahora}
        )
        fila = resultado.first()
        return None if fila is None else Activacion(fila.empleador_id, fila.delegado_id)


class AdministracionEmpleadoresSql:
    """The ``FuenteUnidades`` of ``ServicioEmpleadores`` over the service's database."""

    def __init__(self, engine: AsyncEngine, store: EventStore | None = None) -> None:
        self._engine = engine
        self._store = store or EventStore()

    def unidad(self) -> UnidadEmpleadoresSql:
        return UnidadEmpleadoresSql(self._engine, self._store)
