"""Who may act for whom in the Oficina Virtual (manual 4.1.1, 4.1.3 and 4.3; Ley 1581 de 2012).

An affiliate signed in (the *llamante*) may:

- **manage** (see and update personal data, upload support documents, request an IPS change)
  himself and the members of his family group who are minors *today*: beneficiaries or
  adicionales in his active group, whose stream names him as their cotizante, and younger
  than 18 on the date of the request (age from the birth date, never a stored flag);
- download **certificates** for himself and for every member of his active group, adults and
  minors alike (manual 4.3: "tanto del cotizante como sus beneficiarios mayores y menores de
  edad").

Adult beneficiaries and a spouse who is a cotizante act only for themselves: their data is
theirs (Ley 1581 de 2012), so they sign in on their own.

Guarantees: these are pure functions of the two affiliates and the date; membership needs both
sides to agree (the person is in the caller's group *and* names the caller as cotizante), so a
stale or inconsistent stream never widens access; a refusal is ``AfiliadoNoEncontrado``, the
same error an unknown id gives, so the API answers 404 and never reveals that someone exists.
"""

from datetime import date

from affiliation.application.errores import AfiliadoNoEncontrado
from affiliation.domain.afiliado import Afiliado


def es_de_su_grupo(llamante: Afiliado, persona: Afiliado) -> bool:
    """True when ``persona`` is an active member of ``llamante``'s family group."""
    return (
        llamante.es_cotizante
        and persona.afiliado_id != llamante.afiliado_id
        and persona.afiliado_id in llamante.grupo
        and persona.cotizante_id == llamante.afiliado_id
    )


def puede_gestionar(llamante: Afiliado, persona: Afiliado, hoy: date) -> bool:
    """Himself, or a member of his group who is a minor on ``hoy`` (manual 4.1.1, 4.1.3)."""
    if persona.afiliado_id == llamante.afiliado_id:
        return True
    return es_de_su_grupo(llamante, persona) and persona.es_menor_de_edad(hoy)


def puede_descargar_certificados(llamante: Afiliado, persona: Afiliado) -> bool:
    """Himself, or any member of his group, adult or minor (manual 4.3)."""
    return persona.afiliado_id == llamante.afiliado_id or es_de_su_grupo(llamante, persona)


def exigir_gestion(llamante: Afiliado, persona: Afiliado, hoy: date) -> None:
    """``AfiliadoNoEncontrado`` (a 404) unless ``llamante`` may manage ``persona``."""
    if not puede_gestionar(llamante, persona, hoy):
        raise AfiliadoNoEncontrado(persona.afiliado_id)


def exigir_certificados(llamante: Afiliado, persona: Afiliado) -> None:
    """``AfiliadoNoEncontrado`` (a 404) unless ``llamante`` may download ``persona``'s
    certificates."""
    if not puede_descargar_certificados(llamante, persona):
        raise AfiliadoNoEncontrado(persona.afiliado_id)
