"""CyberIncident.open: the concierge or an adjuster opens an incident on a notice of circumstances
(事故の通知), before any claim exists, with its coverage decision and its plan's payout terms.
Given / When / Then, one behaviour each."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any
from uuid import uuid4

import pytest

from domain.cyber.incident import CyberIncident
from domain.cyber.notice import IncidentNotice
from domain.cyber.vocabulary import IncidentKind
from domain.kernel.actors import Actor
from domain.kernel.coverage import CoverageDecision
from domain.kernel.errors import RoleNotAllowed
from domain.kernel.payout import PayoutTerms
from tests.builders import (
    ADJUSTER,
    ADMIN,
    AUDITOR,
    CONCIERGE,
    COVERED,
    DISCOVERED_AT,
    NOW,
    OCCURRED_AT,
    a_notice,
    a_physician_notice,
    invalid,
    only_event,
    refused,
    role_id,
)

INSTITUTION_TERMS = PayoutTerms(deductible_yen=50_000, coinsurance_percent=100)


def open_incident(notice: IncidentNotice | None = None, actor: Actor = CONCIERGE, *, now: datetime = NOW,
                  coverage: CoverageDecision = COVERED, terms: PayoutTerms = INSTITUTION_TERMS) -> CyberIncident:
    return CyberIncident.open(notice or a_notice(), actor, now, uuid4(), coverage, terms)


def test_open_by_concierge_records_opened_event_with_the_notice_and_the_actor() -> None:
    incident = open_incident()

    event = only_event(incident, "Opened")
    assert (event.product, event.policy_ref, event.insured_party) == ("cyber_institution", "CYI-2025-0001", "policyholder")
    assert (event.occurred_at, event.discovered_at, event.country) == (OCCURRED_AT, DISCOVERED_AT, "JP")
    assert event.incident_kinds == ["cyber_incident", "information_leak"]
    assert (event.business, event.personal_data, event.medical_data, event.people_affected) == ("medical_care", True, True, 1_200)
    assert (event.actor_id, event.actor_role) == ("concierge-1", "concierge")


def test_open_records_the_coverage_decision_and_the_payout_terms() -> None:
    incident = open_incident(terms=PayoutTerms(deductible_yen=50_000, coinsurance_percent=80))

    event = only_event(incident, "Opened")
    assert (event.coverage, event.coverage_reasons) == ("covered", [])
    assert (event.deductible_yen, event.coinsurance_percent) == (50_000, 80)
    assert incident.payout_terms == PayoutTerms(50_000, 80)


def test_open_not_covered_records_the_decision_and_its_reasons() -> None:
    decision = CoverageDecision(("group_not_formed", "business_not_in_scope"))

    incident = open_incident(a_physician_notice(), coverage=decision)

    event = only_event(incident, "Opened")
    assert (event.coverage, event.coverage_reasons) == ("not_covered", ["group_not_formed", "business_not_in_scope"])
    assert incident.stage == "notice_of_circumstances"


def test_open_by_adjuster_is_accepted() -> None:
    incident = open_incident(actor=ADJUSTER)

    assert (only_event(incident, "Opened").actor_role, incident.status) == ("adjuster", "open")


def test_open_by_concierge_opens_an_incident_awaiting_nothing_but_its_notice() -> None:
    incident_id = uuid4()

    incident = CyberIncident.open(a_notice(), CONCIERGE, NOW, incident_id, COVERED, INSTITUTION_TERMS)

    assert (incident.id, incident.version, incident.status) == (incident_id, 1, "open")
    assert incident.stage == "notice_of_circumstances"
    assert (incident.third_party_claims, incident.costs, incident.offsets, incident.payments) == ([], [], [], {})
    assert incident.recourse is None
    assert (incident.owed_now_yen("liability"), incident.owed_now_yen("expenses")) == (0, 0)


def test_open_of_a_physician_notice_records_its_product() -> None:
    incident = open_incident(a_physician_notice(), terms=PayoutTerms(0, 100))

    assert (incident.product, incident.business, incident.incident_kinds) == (
        "cyber_physician", "education_research", ["information_leak"])


def test_open_of_a_notice_from_abroad_records_the_country() -> None:
    incident = open_incident(a_notice(country="US"))

    assert incident.country == "US"


def test_open_with_padded_text_stores_it_stripped() -> None:
    incident = open_incident(a_notice(insured_name="  医療法人 青葉会 ", country=" JP "))

    assert (incident.insured_name, incident.country) == ("医療法人 青葉会", "JP")


@pytest.mark.parametrize("people", [None, 0], ids=["unknown", "none"])
def test_open_with_no_people_affected_or_unknown_is_accepted(people: int | None) -> None:
    assert open_incident(a_notice(people_affected=people)).people_affected == people


def test_open_occurred_and_discovered_exactly_now_is_accepted() -> None:
    incident = open_incident(a_notice(occurred_at=NOW, discovered_at=NOW))

    assert incident.occurred_at == incident.discovered_at == NOW


@pytest.mark.parametrize("actor", [AUDITOR, ADMIN], ids=role_id)
def test_open_by_auditor_or_admin_is_refused_with_role_not_allowed(actor: Actor) -> None:
    refused(lambda: open_incident(actor=actor), RoleNotAllowed, "role_not_allowed")


INVALID_NOTICES: list[tuple[str, dict[str, Any], str]] = [
    ("harassment_product", {"product": "harassment"}, "product"),
    ("unknown_product", {"product": "dental"}, "product"),
    ("occurred_in_future", {"occurred_at": NOW + timedelta(seconds=1)}, "occurred_at"),
    ("discovered_in_future", {"discovered_at": NOW + timedelta(seconds=1)}, "discovered_at"),
    ("naive_occurred_at", {"occurred_at": datetime(2025, 5, 16, 14, 30)}, "occurred_at"),
    ("discovered_before_occurred", {"discovered_at": OCCURRED_AT - timedelta(minutes=1)}, "discovered_at"),
    ("no_incident_kind", {"incident_kinds": ()}, "incident_kinds"),
    ("kind_of_the_physician_product", {"incident_kinds": (IncidentKind.DIGITAL_CONTENT_WRONGFUL_ACT,)}, "incident_kinds"),
    ("negative_people_affected", {"people_affected": -1}, "people_affected"),
    ("unknown_insured_party", {"insured_party": "patient"}, "insured_party"),
    ("unknown_business", {"business": "banking"}, "business"),
]


@pytest.mark.parametrize(("name", "overrides", "field"), INVALID_NOTICES, ids=[n[0] for n in INVALID_NOTICES])
def test_open_with_a_notice_breaking_its_own_rule_is_invalid_naming_the_field(
    name: str, overrides: dict[str, Any], field: str
) -> None:
    invalid(lambda: open_incident(a_notice(**overrides)), field)


def test_open_of_a_physician_notice_naming_an_institution_kind_is_invalid_naming_incident_kinds() -> None:
    notice = a_physician_notice(incident_kinds=(IncidentKind.CYBER_INCIDENT,))

    invalid(lambda: open_incident(notice), "incident_kinds")


def test_open_naming_a_kind_of_the_other_product_says_which_kinds_the_product_has() -> None:
    notice = a_physician_notice(incident_kinds=(IncidentKind.CYBER_INCIDENT,))

    refusal = invalid(lambda: open_incident(notice), "incident_kinds")

    assert refusal.reason == "kind_not_in_product"
    assert refusal.params == {"product": "cyber_physician", "allowed": [
        "information_leak", "digital_content_wrongful_act", "cyber_attack", "it_user_business"]}


@pytest.mark.parametrize("field", ["policy_ref", "insured_name", "member_number", "found", "country"])
@pytest.mark.parametrize("blank", ["", "   "], ids=["empty", "spaces"])
def test_open_with_empty_text_is_invalid_naming_the_field(field: str, blank: str) -> None:
    invalid(lambda: open_incident(a_notice(**{field: blank})), field)
