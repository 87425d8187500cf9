"""E-mails of a domain that exists only in the tests ("prueba"), registered on top of the
service's own: an OPS authorized to an affiliate given by id, with its PDF attached, and a
profile created for an employer given by id. Their templates extend the shared layout."""

from jinja2 import ChoiceLoader, DictLoader, PackageLoader

from eps_contracts.events.authorizations import OPSAutorizada
from eps_contracts.events.identity import PerfilCreado
from eps_contracts.suscripciones.notifications import CORREOS
from eps_contracts.topicos import Subscription
from notifications.application.avisos import RegistroAvisos
from notifications.domain.aviso import Aviso
from notifications.domain.correos import Adjunto, afiliado, empleador

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_de_la_ops(evento: OPSAutorizada) -> list[Adjunto]:
    return [Adjunto(f"OPS-{evento.numero_autorizacion}.pdf", "application/pdf", PDF)]


AVISO_OPS: Aviso[OPSAutorizada] = Aviso(
    evento=OPSAutorizada,
    plantilla="ops-autorizada",
    asunto=lambda e: f"Autorización {e.numero_autorizacion} - Oficina Virtual",
    para=lambda e: afiliado(e.afiliado_id),
    contexto=lambda e: {
        "numero": e.numero_autorizacion,
        "valor": e.valor_cuota,
        "vence": e.vence_el,
        "prestador": e.prestador_nombre,
    },
    adjuntos=pdf_de_la_ops,
    dominio="prueba",
)
AVISO_PERFIL: Aviso[PerfilCreado] = Aviso(
    evento=PerfilCreado,
    plantilla="perfil-creado",
    asunto="Perfil creado - Oficina Virtual",
    para=lambda e: empleador(e.empleador_id),
    contexto=lambda e: {"perfil": e.nombre_perfil},
    dominio="prueba",
)
PLANTILLAS = {
    "prueba/ops-autorizada.txt": (
        '{% extends "_base.txt" %}{% block cuerpo %}Su autorización {{ numero }} por '
        "{{ valor | pesos }} vence el {{ vence | fecha }}.\n{% endblock %}"
    ),
    "prueba/ops-autorizada.html": (
        '{% extends "_base.html" %}{% block cuerpo %}<p>{{ prestador }}</p>{% endblock %}'
    ),
    "prueba/perfil-creado.txt": (
        '{% extends "_base.txt" %}{% block cuerpo %}Perfil {{ perfil }} creado.\n{% endblock %}'
    ),
    "prueba/perfil-creado.html": (
        '{% extends "_base.html" %}{% block cuerpo %}<p>{{ perfil }}</p>{% endblock %}'
    ),
}
CON_OPS = (*CORREOS, Subscription("eps.authorizations.ops", "notifications.ops-prueba"))
"""The service's subscriptions plus the line the test domain would add for its topic."""


def registro_con_prueba() -> RegistroAvisos:
    return RegistroAvisos.descubrir().con(AVISO_OPS, AVISO_PERFIL)


def cargador(**extra: str) -> ChoiceLoader:
    """The test domain's templates in front of the service's (for ``_base``)."""
    return ChoiceLoader(
        [DictLoader({**PLANTILLAS, **extra}), PackageLoader("notifications", "plantillas")]
    )
