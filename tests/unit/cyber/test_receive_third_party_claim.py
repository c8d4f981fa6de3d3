"""CyberIncident.receive_third_party_claim: a third party's claim against the insured (損害賠償請求);
liability costs may be recorded only after one. Given / When / Then, one behaviour each."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime

import pytest

from domain.cyber.incident import CyberIncident
from domain.kernel.actors import Actor
from domain.kernel.errors import CaseClosed, DomainError, RoleNotAllowed
from tests.builders import (
    ADJUSTER,
    AUDITOR,
    NOT_ADJUSTER,
    NOW,
    TODAY,
    TOMORROW,
    a_closed_incident,
    a_not_covered_incident,
    a_third_party_claim,
    an_incident,
    an_incident_with_claim,
    invalid,
    only_event,
    refused,
    role_id,
)


def receive(incident: CyberIncident, actor: Actor = ADJUSTER, now: datetime = NOW, **claim_overrides: object) -> None:
    incident.receive_third_party_claim(a_third_party_claim(**claim_overrides), actor=actor, now=now)


def test_receive_third_party_claim_by_adjuster_records_third_party_claim_received_event() -> None:
    incident = an_incident()

    receive(incident)

    event = only_event(incident, "ThirdPartyClaimReceived")
    assert (event.claimant, event.amount_claimed_yen, event.received_on) == ("患者A", 1_000_000, TODAY)
    assert event.summary == "個人情報漏えいの損害賠償請求"
    assert (event.actor_id, event.actor_role) == ("adjuster-1", "adjuster")


def test_receive_third_party_claim_moves_the_incident_to_liability_claim() -> None:
    incident = an_incident()

    receive(incident, claimant=" 患者A ")

    assert [c.claimant for c in incident.third_party_claims] == ["患者A"]
    assert incident.stage == "liability_claim"


def test_receive_third_party_claim_second_one_is_kept_beside_the_first() -> None:
    incident = an_incident_with_claim()

    receive(incident, claimant="患者B", amount_claimed_yen=300_000)

    assert [(c.claimant, c.amount_claimed_yen) for c in incident.third_party_claims] == [("患者A", 1_000_000), ("患者B", 300_000)]


def test_receive_third_party_claim_on_a_not_covered_incident_is_recorded() -> None:
    incident = a_not_covered_incident()

    receive(incident)

    assert len(incident.third_party_claims) == 1


def test_receive_third_party_claim_dated_today_in_japan_while_utc_is_still_yesterday_is_accepted() -> None:
    incident = an_incident()

    receive(incident, now=datetime(2025, 6, 15, 23, 0, tzinfo=UTC), received_on=date(2025, 6, 16))  # 08:00 JST on the 16th

    assert incident.third_party_claims[0].received_on == date(2025, 6, 16)


@pytest.mark.parametrize("actor", NOT_ADJUSTER, ids=role_id)
def test_receive_third_party_claim_by_non_adjuster_is_refused_with_role_not_allowed(actor: Actor) -> None:
    incident = an_incident()

    refused(lambda: receive(incident, actor=actor), RoleNotAllowed, "role_not_allowed")


def test_receive_third_party_claim_on_a_closed_incident_is_refused_with_case_closed() -> None:
    incident = a_closed_incident()

    refused(lambda: receive(incident), CaseClosed, "case_is_closed", "status")


def test_receive_third_party_claim_received_tomorrow_is_invalid_naming_received_on() -> None:
    incident = an_incident()

    invalid(lambda: receive(incident, received_on=TOMORROW), "received_on")


@pytest.mark.parametrize("amount", [0, -1, 1_000.5, True, "1000000"])
def test_receive_third_party_claim_of_no_positive_whole_yen_is_invalid_naming_amount_claimed_yen(amount: object) -> None:
    incident = an_incident()

    invalid(lambda: receive(incident, amount_claimed_yen=amount), "amount_claimed_yen")


@pytest.mark.parametrize("field", ["claimant", "summary"])
def test_receive_third_party_claim_with_empty_text_is_invalid_naming_the_field(field: str) -> None:
    incident = an_incident()

    invalid(lambda: receive(incident, **{field: "  "}), field)


REFUSALS: dict[str, tuple[Callable[[], CyberIncident], Callable[[CyberIncident], object]]] = {
    "by_auditor": (an_incident, lambda i: receive(i, actor=AUDITOR)),
    "closed": (a_closed_incident, lambda i: receive(i)),
    "zero_amount": (an_incident, lambda i: receive(i, amount_claimed_yen=0)),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_receive_third_party_claim_refused_records_no_event_and_keeps_the_version(name: str) -> None:
    given, command = REFUSALS[name]
    incident = given()
    version_before = incident.version

    with pytest.raises(DomainError):
        command(incident)

    assert incident.collect_events() == []
    assert (incident.version, incident.third_party_claims) == (version_before, [])
