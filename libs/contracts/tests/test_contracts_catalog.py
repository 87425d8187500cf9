import pytest

from eps_contracts.catalog import (
    SERVICES,
    SUBSCRIPTIONS,
    TOPICS,
    Subscription,
    UnknownTopic,
    catalog_problems,
    consumers_of,
    dlq_topic,
    service_named,
    topic_for,
    topic_named,
)
from eps_contracts.events import AfiliadoRegistrado, DatosContactoActualizados, UnknownEventType


def test_the_catalog_is_consistent() -> None:
    assert catalog_problems() == []


def test_services_and_their_sources() -> None:
    assert [s.name for s in SERVICES] == [
        "affiliation",
        "identity",
        "authorizations",
        "billing",
        "incapacities",
        "pqrs",
        "notifications",
        "portal",
        "audit",
    ]
    assert service_named("billing").ce_source == "/eps/billing"
    with pytest.raises(LookupError):
        service_named("nadie")


def test_afiliados_topic_is_owned_by_affiliation_and_keyed_by_afiliado() -> None:
    topic = topic_named("eps.affiliation.afiliados")

    assert topic.owner == "affiliation"
    assert topic.key == "afiliado_id"
    assert topic.partitions == 3
    assert topic.event_classes[:2] == (AfiliadoRegistrado, DatosContactoActualizados)
    assert all(cls.aggregate_id_field == "afiliado_id" for cls in topic.event_classes)
    assert topic in TOPICS


def test_empleadores_tienen_su_propio_topic_con_clave_empleador() -> None:
    topic = topic_named("eps.affiliation.empleadores")

    assert topic.key == "empleador_id"
    assert all(cls.aggregate_id_field == "empleador_id" for cls in topic.event_classes)


def test_topic_for_a_class_or_a_type() -> None:
    assert topic_for(AfiliadoRegistrado).name == "eps.affiliation.afiliados"
    assert topic_for(DatosContactoActualizados.ce_type()).name == "eps.affiliation.afiliados"
    with pytest.raises(UnknownEventType):
        topic_for("co.eps.nadie.Nada.v1")
    with pytest.raises(UnknownTopic):
        topic_named("eps.nadie")


def test_dead_letter_topic_name() -> None:
    assert dlq_topic("eps.affiliation.afiliados") == "eps.affiliation.afiliados.dlq"


def test_identity_consumes_afiliados_with_its_own_group() -> None:
    assert SUBSCRIPTIONS["identity"] == (
        Subscription(topic="eps.affiliation.afiliados", group_id="identity.afiliados"),
        Subscription(topic="eps.affiliation.empleadores", group_id="identity.empleadores"),
    )
    # Other services subscribe too (audit, billing, authorizations…): these three at least, sorted.
    consumidores = consumers_of("eps.affiliation.afiliados")
    assert {"identity", "notifications", "portal"} <= set(consumidores)
    assert list(consumidores) == sorted(consumidores)
    assert consumers_of("eps.otro") == ()


def test_every_topic_key_is_a_uuid_field_of_its_events() -> None:
    for topic in TOPICS:
        for cls in topic.event_classes:
            field = cls.model_json_schema()["properties"][topic.key]
            assert field["format"] == "uuid", (topic.name, cls.__name__)
