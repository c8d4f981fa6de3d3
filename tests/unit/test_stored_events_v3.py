"""Events are forever: the events stored once the domain was cut by product (schema v3) must
load in every later version, as must the v1 and v2 fixtures (test_stored_events_v1/v2.py).
v3 is the first with a cyber group member leaving from a later instant (CyberGroup.MemberLeft
v2), cyber incidents with costs, offsets and recourse, and a payment cut short by a limit."""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.accounts.account import account_id
from domain.application import ClaimsApplication

FIXTURES = Path(__file__).parents[1] / "fixtures"


def _load(name: str):
    document = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    mapper = ClaimsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    aggregates = {}
    for r in document["events"]:
        event = mapper.to_domain_event(
            StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"].encode()))
        aggregates[event.originator_id] = event.mutate(aggregates.get(event.originator_id))
    return document, aggregates


def _group(aggregates):
    return next(a for a in aggregates.values() if type(a).__name__ == "CyberGroup")


def test_stored_v3_group_member_counts_until_its_end_takes_effect():
    document, aggregates = _load("stored_events_v3.json")
    group, leaving_at = _group(aggregates), datetime.fromisoformat(document["leaving_at"])
    assert len(group.members) == 10
    assert document["leaving_policy"] in group.members_at(leaving_at - timedelta(seconds=1))
    assert group.formed_at(leaving_at - timedelta(seconds=1)) is True
    assert document["leaving_policy"] not in group.members_at(leaving_at)
    assert group.formed_at(leaving_at) is False


def test_stored_v3_incident_rebuilds_with_its_heads_offsets_and_payment():
    document, aggregates = _load("stored_events_v3.json")
    incident = aggregates[UUID(document["incident_id"])]
    assert (incident.costs_yen("expenses"), incident.offsets_yen("expenses"), incident.basis_yen("expenses")) == (
        400_000, 100_000, 300_000)
    assert incident.recourse == "waived" and incident.settled_yen == 300_000
    assert incident.payments[1].head == "expenses" and incident.payments[1].limited_by is None
    assert incident.insured_name_kana == "キンムイ イチ"


def test_stored_v3_case_payment_records_the_limit_that_cut_it():
    document, aggregates = _load("stored_events_v3.json")
    case = aggregates[UUID(document["case_id"])]
    assert case.approved_yen == 200_000 and case.limit_exhausted is True
    assert case.payments[1].limited_by == "limit_per_claim"
    assert case.owed_now_yen == 0
    assert case.insured_name_kana == "ヤマダ ハナコ"


def test_stored_v2_reports_read_as_having_no_kana():
    document, aggregates = _load("stored_events_v2.json")
    assert aggregates[UUID(document["case_id"])].insured_name_kana is None


def test_stored_v2_member_left_in_v1_shape_reads_as_leaving_when_it_was_recorded():
    document, aggregates = _load("stored_events_v2.json")
    group = _group(aggregates)
    left = next(e for e in document["events"] if e["topic"] == "claims:CyberGroup.MemberLeft")
    recorded = datetime.fromisoformat(json.loads(left["state"])["timestamp"]["_data_"])
    member = json.loads(left["state"])["policy_number"]
    assert group.leaving[member] == recorded
    assert member in group.members_at(recorded - timedelta(seconds=1))
    assert member not in group.members_at(recorded)


def test_stored_v3_premium_keeps_its_bank_reference():
    document, aggregates = _load("stored_events_v3.json")
    policy = next(a for a in aggregates.values()
                  if type(a).__name__ == "Policy" and a.policy_number == document["premium_policy"])
    assert policy.premium_bank_reference == "FB-V3-HAR" and policy.status == "in_force"


def test_stored_v3_user_account_rebuilds_with_every_change_and_who_made_it():
    document, _ = _load("stored_events_v3.json")
    account = str(account_id(document["user_id"]))
    events = [(e["topic"].rpartition(".")[2], json.loads(e["state"]).get("actor_id"))
              for e in document["events"] if e["originator_id"] == account]
    assert events == [("Opened", "admin-v3"), ("Registered", "admin-v3"), ("AuthorityLimitChanged", "admin-v3"),
                      ("PasswordReset", "admin-v3"), ("TokensRevoked", "admin-v3"), ("Deactivated", "admin-v3"),
                      ("Reactivated", "admin-v3"), ("RoleChanged", "admin-v3"), ("SignedIn", "adjuster-v3b")]
    _, aggregates = _load("stored_events_v3.json")
    assert aggregates[account_id(document["user_id"])].registered is True


def test_stored_v3_user_events_hold_no_secret():
    document, _ = _load("stored_events_v3.json")
    text = json.dumps(document["events"])
    assert "argon2" not in text and "$argon2id$v3" not in text
