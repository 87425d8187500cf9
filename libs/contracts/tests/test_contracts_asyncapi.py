"""The committed AsyncAPI documents and docs/events.md match the catalog."""

from typing import Any

import yaml

from eps_contracts import asyncapi, eventsdoc
from eps_contracts.catalog import TOPICS
from eps_contracts.paths import ASYNCAPI_DIR, EVENTS_MD


def test_committed_asyncapi_documents_are_up_to_date() -> None:
    expected = {
        f"{service}.yaml": asyncapi.render(asyncapi.asyncapi_document(service))
        for service in asyncapi.documented_services()
    }
    committed = {p.name: p.read_text(encoding="utf-8") for p in ASYNCAPI_DIR.glob("*.yaml")}

    assert committed.keys() == expected.keys(), "run `make docs`"
    for name, text in expected.items():
        assert committed[name] == text, f"docs/asyncapi/{name} is out of date: run `make docs`"


def test_committed_events_md_is_up_to_date() -> None:
    assert EVENTS_MD.read_text(encoding="utf-8") == eventsdoc.render(EVENTS_MD), "run make docs"


def test_documented_services_are_the_publishers_and_subscribers() -> None:
    assert asyncapi.documented_services() == (
        "affiliation",
        "identity",
        "authorizations",
        "billing",
        "incapacities",
        "pqrs",
        "notifications",
        "portal",
        "audit",
    )


def _load(service: str) -> dict[str, Any]:
    loaded = yaml.safe_load(asyncapi.render(asyncapi.asyncapi_document(service)))
    assert isinstance(loaded, dict)
    return loaded


def test_the_owner_sends_and_the_subscriber_receives_with_its_group() -> None:
    owner, reader = _load("affiliation"), _load("identity")

    assert owner["asyncapi"] == reader["asyncapi"] == "3.0.0"
    assert owner["operations"]["send.eps.affiliation.afiliados"]["action"] == "send"
    receive = reader["operations"]["receive.eps.affiliation.afiliados"]
    assert receive["action"] == "receive"
    assert receive["bindings"]["kafka"]["groupId"]["enum"] == ["identity.afiliados"]


def _resolve(document: dict[str, Any], ref: str) -> Any:
    assert ref.startswith("#/")
    node: Any = document
    for part in ref[2:].split("/"):
        node = node[part]
    return node


def _refs(node: Any) -> list[str]:
    if isinstance(node, dict):
        found = [node["$ref"]] if isinstance(node.get("$ref"), str) else []
        return found + [r for v in node.values() for r in _refs(v)]
    if isinstance(node, list):
        return [r for v in node for r in _refs(v)]
    return []


def test_every_reference_resolves_inside_the_document() -> None:
    for service in asyncapi.documented_services():
        document = _load(service)
        for ref in _refs(document):
            _resolve(document, ref)


def test_messages_describe_payload_headers_and_key() -> None:
    document = _load("affiliation")
    channel = document["channels"]["eps.affiliation.afiliados"]
    topic = TOPICS[0]

    assert channel["address"] == topic.name
    assert channel["bindings"]["kafka"]["partitions"] == topic.partitions
    for cls in topic.event_classes:
        message = document["components"]["messages"][cls.ce_type()]
        headers = message["headers"]["properties"]
        assert headers["ce_type"]["const"] == cls.ce_type()
        assert headers["ce_source"]["const"] == "/eps/affiliation"
        assert all(h["type"] == "string" for h in headers.values())
        assert message["bindings"]["kafka"]["key"] == {
            "type": "string",
            "format": "uuid",
            "description": "afiliado_id",
        }
        payload = _resolve(document, message["payload"]["$ref"])
        assert set(payload["properties"]) == set(cls.model_fields)
