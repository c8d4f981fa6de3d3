"""Events are forever: the events stored once policies, plans and limits existed must load in
every later version (see also test_stored_events_v1.py)."""

from __future__ import annotations

import json
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.application import ClaimsApplication

FIXTURE = Path(__file__).parents[1] / "fixtures" / "stored_events_v2.json"


def _load():
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    mapper = ClaimsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    aggregates = {}
    for r in document["events"]:
        event = mapper.to_domain_event(
            StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"].encode()))
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
    return document, aggregates


def test_stored_v2_case_rebuilds_with_its_coverage_and_payment():
    document, aggregates = _load()
    case = aggregates[UUID(document["case_id"])]
    assert (case.coverage, case.settled_yen, case.status, case.version) == ("covered", 288_000, "open", 9)
    assert aggregates[UUID(document["not_covered_case_id"])].coverage_reasons == ["policy_not_found"]


def test_stored_v2_policy_rebuilds_with_its_cover_and_the_limit_it_used():
    _document, aggregates = _load()
    policies = [a for a in aggregates.values() if type(a).__name__ == "Policy"]
    by_status = {p.status: p for p in policies}
    assert set(by_status) == {"in_force", "cancelled", "lapsed"}
    assert by_status["in_force"].remaining_for_year == 3_000_000 - 288_000
    assert by_status["in_force"].cover.policy_year == 2026


def test_stored_v2_plan_keeps_both_published_versions():
    _document, aggregates = _load()
    plans = {a.terms.code: a for a in aggregates.values() if type(a).__name__ == "Plan"}
    assert plans["H-A"].terms_version == 2 and plans["H-A"].terms.example is True


def test_stored_v2_premium_received_in_v1_shape_reads_with_no_bank_reference():
    _document, aggregates = _load()
    policies = [a for a in aggregates.values() if type(a).__name__ == "Policy" and a.premium_received_on is not None]
    assert policies and all(p.premium_bank_reference is None for p in policies)
