"""In-memory fakes: the affiliates read model, registration state, and the unit of work's
repositories (``bootstrap_en_memoria``), for handler tests that run in milliseconds."""

import copy
from collections.abc import Mapping
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, datetime
from types import TracebackType
from typing import Any, Self
from uuid import UUID, uuid4

from eps_contracts.events import DomainEvent
from eps_contracts.types import EstadoAfiliacion
from eps_runtime.auth import Rol
from eps_runtime.errores import ConflictoDeVersion
from eps_runtime.memoria import EventosEnMemoria, StreamEnMemoria
from identity.application.puertos import (
    Beneficiario,
    ConjuntoPreguntas,
    EmpleadorConocido,
    EnlaceCuenta,
    Fallos,
    IntentosRegistro,
    NuevoDelegado,
    NuevoUsuario,
    Renovacion,
    TiqueteUsado,
    Usuario,
)
from identity.domain.registro import AfiliadoValidable, Documento


class AfiliadosValidablesEnMemoria:
    """Fake for tests of the HTTP layer."""

    def __init__(self, *afiliados: AfiliadoValidable) -> None:
        self.afiliados = {a.documento: a for a in afiliados}

    async def por_documento(self, documento: Documento) -> AfiliadoValidable | None:
        return self.afiliados.get(documento)


class EstadoRegistroEnMemoria:
    """No document blocked, nobody registered, unless a test says otherwise."""

    def __init__(self) -> None:
        self.bloqueos: dict[Documento, datetime] = {}
        self.registrados: set[UUID] = set()

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None:
        return self.bloqueos.get(documento)

    async def ya_registrado(self, afiliado_id: UUID) -> bool:
        return afiliado_id in self.registrados


# -- the unit of work's fakes (bootstrap_en_memoria) ---------------------------------------


@dataclass
class _Cuenta:
    usuario: NuevoUsuario | None
    fila: Usuario
    documento: Documento
    totp_pendiente: str | None = None
    totp_ultimo_paso: int | None = None


@dataclass
class _Enlace:
    usuario_id: UUID
    proposito: str
    vence_en: datetime
    usado_en: datetime | None = None


@dataclass
class _Sesion:
    usuario_id: UUID
    vence_en: datetime
    revocada_en: datetime | None = None
    motivo: str | None = None


@dataclass
class _Renovacion:
    familia_id: UUID
    usado_en: datetime | None = None


@dataclass
class _Preguntas:
    documento: Documento
    afiliado_id: UUID
    correctas: dict[str, Any]
    vence_en: datetime
    usado_en: datetime | None = None


@dataclass
class _Tiquete:
    afiliado_id: UUID
    documento: Documento
    vence_en: datetime
    usado_en: datetime | None = None


@dataclass
class DatosIdentidad:
    """The state tables of one test, shared by its units of work (ADR 0004).

    ``afiliados`` is the affiliates read model (the same fake step 1 answers from);
    ``cotizantes`` says whose beneficiary each affiliate is (for ``representados``).
    """

    afiliados: AfiliadosValidablesEnMemoria = field(default_factory=AfiliadosValidablesEnMemoria)
    cotizantes: dict[UUID, UUID] = field(default_factory=dict)
    cuentas: dict[UUID, _Cuenta] = field(default_factory=dict)
    enlaces: dict[bytes, _Enlace] = field(default_factory=dict)
    sesiones: dict[UUID, _Sesion] = field(default_factory=dict)
    renovaciones: dict[bytes, _Renovacion] = field(default_factory=dict)
    fallos: list[tuple[str, datetime]] = field(default_factory=list)
    preguntas: dict[UUID, _Preguntas] = field(default_factory=dict)
    intentos: dict[Documento, IntentosRegistro] = field(default_factory=dict)
    tiquetes: dict[bytes, _Tiquete] = field(default_factory=dict)


class CuentasEnMemoria:
    """``RepositorioCuentas`` over a copy of ``DatosIdentidad`` (the transaction's)."""

    def __init__(self, datos: DatosIdentidad) -> None:
        self._d = datos

    def _afiliado(self, afiliado_id: UUID | None) -> AfiliadoValidable | None:
        return next(
            (a for a in self._d.afiliados.afiliados.values() if a.afiliado_id == afiliado_id),
            None,
        )

    def _con_estado(self, cuenta: _Cuenta) -> Usuario:
        afiliado = self._afiliado(cuenta.fila.afiliado_id)
        estado = afiliado.estado.value if afiliado is not None else None
        return replace(cuenta.fila, estado_afiliacion=estado)

    async def crear(self, usuario: NuevoUsuario, ahora: datetime) -> bool:
        for cuenta in self._d.cuentas.values():
            misma_persona = (
                usuario.rol == "afiliado" and cuenta.fila.afiliado_id == usuario.afiliado_id
            ) or (
                usuario.rol == "empleador"
                and cuenta.fila.rol == "empleador"
                and cuenta.fila.empleador_id == usuario.empleador_id
            )
            if cuenta.fila.usuario_id == usuario.usuario_id or misma_persona:
                return False
        fila = Usuario(
            usuario.usuario_id,
            usuario.rol,
            usuario.afiliado_id,
            usuario.empleador_id,
            None,
            None,
            usuario.email,
            usuario.nombre,
        )
        self._d.cuentas[usuario.usuario_id] = _Cuenta(usuario, fila, usuario.documento)
        return True

    async def crear_delegado(self, delegado: NuevoDelegado, ahora: datetime) -> bool:
        if delegado.usuario_id in self._d.cuentas:
            return False
        fila = Usuario(
            delegado.usuario_id,
            "delegado",
            None,
            delegado.empleador_id,
            delegado.contrasena_hash,
            None,
            delegado.email,
            delegado.nombre,
        )
        self._d.cuentas[delegado.usuario_id] = _Cuenta(None, fila, delegado.documento)
        return True

    async def crear_operador(
        self,
        usuario_id: UUID,
        documento: Documento,
        *,
        email: str,
        nombre: str,
        totp_cifrado: str,
        ahora: datetime,
    ) -> bool:
        if any(c.fila.rol == "operador" and c.documento == documento for c in self._cuentas()):
            return False
        fila = Usuario(usuario_id, "operador", None, None, None, totp_cifrado, email, nombre)
        self._d.cuentas[usuario_id] = _Cuenta(None, fila, documento)
        return True

    def _cuentas(self) -> list[_Cuenta]:
        return list(self._d.cuentas.values())

    async def por_id(self, usuario_id: UUID) -> Usuario | None:
        cuenta = self._d.cuentas.get(usuario_id)
        return self._con_estado(cuenta) if cuenta is not None else None

    async def por_documento(self, documento: Documento) -> Usuario | None:
        titular = self._d.afiliados.afiliados.get(documento)
        for cuenta in self._cuentas():
            if cuenta.fila.rol != "afiliado":
                continue
            if titular is not None and cuenta.fila.afiliado_id == titular.afiliado_id:
                return self._con_estado(cuenta)
            if (
                titular is None
                and cuenta.documento == documento
                and self._afiliado(cuenta.fila.afiliado_id) is None
            ):
                return cuenta.fila
        for cuenta in self._cuentas():
            if cuenta.fila.rol == "operador" and cuenta.documento == documento:
                return cuenta.fila
        return None

    async def de_empleador(
        self, documento: Documento, rol: Rol, empleador_id: UUID
    ) -> Usuario | None:
        for cuenta in self._cuentas():
            fila = cuenta.fila
            if (fila.rol, fila.empleador_id, cuenta.documento) == (
                str(rol),
                empleador_id,
                documento,
            ):
                return fila
        return None

    async def beneficiarios(self, cotizante_id: UUID) -> list[Beneficiario]:
        return [
            Beneficiario(a.afiliado_id, a.fecha_nacimiento)
            for a in self._d.afiliados.afiliados.values()
            if a.afiliado_id is not None
            and a.afiliado_id != cotizante_id
            and a.fecha_nacimiento is not None
            and self._d.cotizantes.get(a.afiliado_id) == cotizante_id
            and a.estado is not EstadoAfiliacion.RETIRADO
        ]

    async def guardar_enlace(
        self,
        token_hash: bytes,
        usuario_id: UUID,
        proposito: str,
        ahora: datetime,
        vence: datetime,
    ) -> None:
        self._d.enlaces[token_hash] = _Enlace(usuario_id, proposito, vence)

    async def enlace(self, token_hash: bytes) -> EnlaceCuenta | None:
        enlace = self._d.enlaces.get(token_hash)
        if enlace is None:
            return None
        fila = self._d.cuentas[enlace.usuario_id].fila
        return EnlaceCuenta(
            enlace.usuario_id, enlace.vence_en, enlace.usado_en, fila.email, fila.nombre
        )

    async def usar_enlace(self, token_hash: bytes, ahora: datetime) -> bool:
        enlace = self._d.enlaces.get(token_hash)
        if enlace is None or enlace.usado_en is not None or enlace.vence_en <= ahora:
            return False
        enlace.usado_en = ahora
        return True

    async def guardar_contrasena(
        self, usuario_id: UUID, contrasena_hash: str, ahora: datetime
    ) -> None:
        cuenta = self._d.cuentas[usuario_id]
        cuenta.fila = replace(cuenta.fila, contrasena_hash=contrasena_hash)

    async def revocar_sesiones(self, usuario_id: UUID, ahora: datetime, motivo: str) -> None:
        for sesion in self._d.sesiones.values():
            if sesion.usuario_id == usuario_id and sesion.revocada_en is None:
                sesion.revocada_en, sesion.motivo = ahora, motivo

    async def bloquear(self, clave: str) -> None:
        """One test, one task at a time: nothing to serialise."""

    async def fallos(self, clave: str, desde: datetime) -> Fallos:
        instantes = [t for k, t in self._d.fallos if k == clave and t > desde]
        return Fallos(len(instantes), min(instantes, default=None), max(instantes, default=None))

    async def registrar_fallo(self, clave: str, ahora: datetime, olvidar_hasta: datetime) -> None:
        self._d.fallos.append((clave, ahora))
        self._d.fallos = [(k, t) for k, t in self._d.fallos if k != clave or t > olvidar_hasta]

    async def olvidar_fallos(self, clave: str) -> None:
        self._d.fallos = [(k, t) for k, t in self._d.fallos if k != clave]

    async def crear_sesion(
        self, familia_id: UUID, usuario_id: UUID, ahora: datetime, vence: datetime
    ) -> None:
        self._d.sesiones[familia_id] = _Sesion(usuario_id, vence)

    async def guardar_renovacion(
        self, token_hash: bytes, familia_id: UUID, ahora: datetime
    ) -> None:
        self._d.renovaciones[token_hash] = _Renovacion(familia_id)

    async def renovacion(self, token_hash: bytes) -> Renovacion | None:
        renovacion = self._d.renovaciones.get(token_hash)
        if renovacion is None:
            return None
        sesion = self._d.sesiones[renovacion.familia_id]
        return Renovacion(
            renovacion.familia_id,
            renovacion.usado_en,
            sesion.usuario_id,
            sesion.vence_en,
            sesion.revocada_en,
        )

    async def usar_renovacion(self, token_hash: bytes, ahora: datetime) -> None:
        self._d.renovaciones[token_hash].usado_en = ahora

    async def familia_de(self, token_hash: bytes) -> UUID | None:
        renovacion = self._d.renovaciones.get(token_hash)
        return renovacion.familia_id if renovacion is not None else None

    async def revocar_familia(self, familia_id: UUID, ahora: datetime, motivo: str) -> None:
        sesion = self._d.sesiones.get(familia_id)
        if sesion is not None and sesion.revocada_en is None:
            sesion.revocada_en, sesion.motivo = ahora, motivo

    async def guardar_totp_pendiente(self, usuario_id: UUID, secreto_cifrado: str) -> None:
        self._d.cuentas[usuario_id].totp_pendiente = secreto_cifrado

    async def totp_pendiente(self, usuario_id: UUID) -> str | None:
        cuenta = self._d.cuentas.get(usuario_id)
        return cuenta.totp_pendiente if cuenta is not None else None

    async def activar_totp(self, usuario_id: UUID, paso: int) -> None:
        cuenta = self._d.cuentas[usuario_id]
        if cuenta.totp_pendiente is not None:
            cuenta.fila = replace(cuenta.fila, totp_secreto=cuenta.totp_pendiente)
            cuenta.totp_pendiente, cuenta.totp_ultimo_paso = None, paso

    async def desactivar_totp(self, usuario_id: UUID) -> None:
        cuenta = self._d.cuentas[usuario_id]
        cuenta.fila = replace(cuenta.fila, totp_secreto=None)
        cuenta.totp_pendiente = cuenta.totp_ultimo_paso = None

    async def usar_paso_totp(self, usuario_id: UUID, paso: int) -> bool:
        cuenta = self._d.cuentas[usuario_id]
        if cuenta.totp_ultimo_paso is not None and cuenta.totp_ultimo_paso >= paso:
            return False
        cuenta.totp_ultimo_paso = paso
        return True


class RegistroEnMemoria:
    """``RepositorioRegistro`` over a copy of ``DatosIdentidad`` (the transaction's)."""

    def __init__(self, datos: DatosIdentidad) -> None:
        self._d = datos

    async def guardar_preguntas(
        self,
        conjunto_id: UUID,
        documento: Documento,
        afiliado_id: UUID,
        correctas: Mapping[str, Any],
        ahora: datetime,
        vence: datetime,
    ) -> None:
        self._d.preguntas[conjunto_id] = _Preguntas(documento, afiliado_id, dict(correctas), vence)

    async def conjunto(self, conjunto_id: UUID) -> ConjuntoPreguntas | None:
        p = self._d.preguntas.get(conjunto_id)
        if p is None:
            return None
        return ConjuntoPreguntas(p.documento, p.afiliado_id, p.correctas, p.vence_en, p.usado_en)

    async def usar_conjunto(self, conjunto_id: UUID, ahora: datetime) -> None:
        self._d.preguntas[conjunto_id].usado_en = ahora

    async def intentos(self, documento: Documento, ahora: datetime) -> IntentosRegistro:
        return self._d.intentos.setdefault(documento, IntentosRegistro(0, None))

    async def guardar_intentos(
        self, documento: Documento, fallidos: int, hasta: datetime | None, ahora: datetime
    ) -> None:
        self._d.intentos[documento] = IntentosRegistro(fallidos, hasta)

    async def guardar_tiquete(
        self, tiquete_hash: bytes, afiliado_id: UUID, documento: Documento, vence: datetime
    ) -> None:
        self._d.tiquetes[tiquete_hash] = _Tiquete(afiliado_id, documento, vence)

    async def usar_tiquete(self, tiquete_hash: bytes, ahora: datetime) -> TiqueteUsado | None:
        t = self._d.tiquetes.get(tiquete_hash)
        if t is None or t.usado_en is not None or t.vence_en <= ahora:
            return None
        t.usado_en = ahora
        return TiqueteUsado(t.afiliado_id, t.documento)


class EstadoRegistroDeDatos:
    """``EstadoRegistro`` (step 1) read from the committed ``DatosIdentidad``."""

    def __init__(self, datos: DatosIdentidad) -> None:
        self._d = datos

    async def bloqueado_hasta(self, documento: Documento) -> datetime | None:
        intentos = self._d.intentos.get(documento)
        return intentos.bloqueado_hasta if intentos is not None else None

    async def ya_registrado(self, afiliado_id: UUID) -> bool:
        return any(
            c.fila.rol == "afiliado" and c.fila.afiliado_id == afiliado_id
            for c in self._d.cuentas.values()
        )


class EventosIdentidadEnMemoria:
    """``Eventos``: appends kept pending until the unit of work commits."""

    def __init__(self, eventos: EventosEnMemoria) -> None:
        self._eventos = eventos
        self.pendientes: list[tuple[UUID, int, DomainEvent]] = []

    def _version(self, stream_id: UUID) -> int:
        return self._eventos.version(stream_id) + sum(
            1 for s, _, _ in self.pendientes if s == stream_id
        )

    async def registrar(self, stream_id: UUID, evento: DomainEvent) -> None:
        self.pendientes.append((stream_id, self._version(stream_id), evento))

    async def iniciar(self, stream_id: UUID, evento: DomainEvent) -> None:
        if self._version(stream_id) != 0:
            raise ConflictoDeVersion(stream_id, 0)
        self.pendientes.append((stream_id, 0, evento))

    def verificar(self) -> None:
        vistos: dict[UUID, int] = {}
        for stream_id, version, _ in self.pendientes:
            esperada = vistos.get(stream_id, self._eventos.version(stream_id))
            if version != esperada:
                raise ConflictoDeVersion(stream_id, version)
            vistos[stream_id] = esperada + 1

    def confirmar(self) -> None:
        ahora = datetime.now(UTC)
        for stream_id, _, evento in self.pendientes:
            stream = self._eventos.streams.setdefault(
                stream_id, StreamEnMemoria(evento.aggregate_type)
            )
            stream.append(evento)
            stream.ids.append(uuid4())
            stream.instantes.append(ahora)
        self.pendientes.clear()


class UnidadDeTrabajoIdentidadEnMemoria:
    """The in-memory twin of ``UnidadDeTrabajoIdentidad``: the block works on a copy of the
    state tables; ending normally commits the copy and the events together (a stale stream
    version raises ``ConflictoDeVersion`` and commits nothing), an exception leaves both
    untouched."""

    def __init__(self, datos: DatosIdentidad, streams: EventosEnMemoria) -> None:
        self._datos = datos
        self._streams = streams

    async def __aenter__(self) -> Self:
        self._copia = copy.deepcopy(self._datos)
        self.cuentas = CuentasEnMemoria(self._copia)
        self.registro = RegistroEnMemoria(self._copia)
        self.eventos = EventosIdentidadEnMemoria(self._streams)
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if exc_type is not None:
            return
        self.eventos.verificar()
        self.eventos.confirmar()
        for campo in fields(DatosIdentidad):
            if campo.name != "afiliados":
                setattr(self._datos, campo.name, getattr(self._copia, campo.name))
        self._streams.commits += 1


class ContrasenasEnMemoria:
    """``Contrasenas`` without argon2id's cost, for unit tests (never in production)."""

    async def cifrar(self, contrasena: str) -> str:
        return "prueba$" + contrasena[::-1]

    async def verificar(self, hash_guardado: str | None, contrasena: str) -> bool:
        return hash_guardado is not None and hash_guardado == "prueba$" + contrasena[::-1]


class EmpleadoresConocidosEnMemoria:
    """``BuscarEmpleadores`` over the employers a test lists."""

    def __init__(self, *empleadores: EmpleadorConocido) -> None:
        self.empleadores = list(empleadores)

    async def por_documento(self, tipo_documento: str, numero: str) -> EmpleadorConocido | None:
        return next(
            (
                e
                for e in self.empleadores
                if (e.tipo_documento, e.numero_documento) == (tipo_documento, numero)
            ),
            None,
        )
