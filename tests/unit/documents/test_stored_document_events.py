"""Events are forever: the file's first stored events (tests/fixtures/stored_events_documents_v1.json)
must load in every later version, and read as they did."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.application import ClaimsApplication
from domain.documents.document import Document, Owner
from domain.documents.registers import ContentRegister, DocumentFolder, content_register_id, folder_id
from domain.kernel.history import history_of

FIXTURE = Path(__file__).parents[2] / "fixtures" / "stored_events_documents_v1.json"


def load() -> tuple[dict, dict, dict]:
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mapper = ClaimsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    aggregates, events = {}, {}
    for r in document["events"]:
        event = mapper.to_domain_event(
            StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"].encode()))
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
        events.setdefault(event.originator_id, []).append(event)
    return document, aggregates, events


def test_stored_v1_documents_load_with_their_withdrawal_and_registers():
    fixture, aggregates, events = load()
    withdrawn: Document = aggregates[UUID(fixture["withdrawn_document"])]
    on_policy: Document = aggregates[UUID(fixture["policy_document"])]
    case, policy = Owner.case(fixture["case_id"]), Owner.policy(fixture["policy_number"])

    assert (withdrawn.owner, withdrawn.category, withdrawn.sha256) == (case, "consent_letter", fixture["sha256"])
    assert withdrawn.withdrawn and withdrawn.withdrawal_reason == "別の事案の書類"
    assert (on_policy.owner, on_policy.withdrawn) == (policy, False)
    folder: DocumentFolder = aggregates[folder_id(case)]
    assert folder.documents == [fixture["withdrawn_document"]] and folder.in_force == {}
    register: ContentRegister = aggregates[content_register_id(fixture["sha256"])]
    assert [(u.owner, u.withdrawn) for u in register.others_than(on_policy.id)] == [(case, True)]
    assert [e.description_ja for e in history_of(events[withdrawn.id])] == [
        "書類を事案に添付（承諾書、PDF、61 バイト）", "書類を取り下げ"]
