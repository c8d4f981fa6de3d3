"""Events are forever: the events stored by the first version must load in every later one."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from uuid import UUID

from eventsourcing.persistence import StoredEvent

from domain.application import ClaimsApplication

FIXTURE = Path(__file__).parents[1] / "fixtures" / "stored_events_v1.json"


def _replay(events):
    cases = {}
    for event in events:
        cases[event.originator_id] = event.mutate(cases.get(event.originator_id))
    return cases


def test_stored_events_of_v1_still_rebuild_both_cases():
    mapper = ClaimsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    rows = json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]
    events = [
        mapper.to_domain_event(StoredEvent(UUID(r["originator_id"]), r["originator_version"], r["topic"], r["state"].encode()))
        for r in rows
    ]
    settled, declined = _replay(events).values()
    assert (settled.version, settled.status, settled.settled_yen, settled.excluded_fees_yen) == (9, "open", 288_000, 20_000)
    assert settled.consultations[0].caller == "事務長" and settled.reopen_reason == "再発"
    assert (declined.escalation, declined.decline_reason) == ("declined", "不要")


def test_v1_escalation_recommended_is_upcast_with_the_japan_date_of_its_recording():
    mapper = ClaimsApplication(env={"PERSISTENCE_MODULE": "eventsourcing.popo"}).mapper
    row = next(r for r in json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]
               if r["topic"] == "claims:ClaimCase.EscalationRecommended")
    event = mapper.to_domain_event(
        StoredEvent(UUID(row["originator_id"]), row["originator_version"], row["topic"], row["state"].encode()))
    assert event.recommended_on == date(2026, 11, 24)  # recorded 14:40 UTC = 23:40 in Japan


def test_fixture_holds_every_event_type_of_a_case():
    topics = {r["topic"] for r in json.loads(FIXTURE.read_text(encoding="utf-8"))["events"]}
    assert len(topics) == 10
