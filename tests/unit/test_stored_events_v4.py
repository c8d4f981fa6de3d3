"""Events are forever: the events of counsel and bill review (schema v4, decision 0021) must load
in every later version — a register with its firm, lawyer and matter; a consent naming the
registered lawyer; a LEDES bill with a flagged line, reviewed, partly approved and paid; a rejected
bill; the matter's course to its conclusion."""

from __future__ import annotations

from uuid import UUID

from domain.counsel.register import REGISTER_ID
from tests.unit.test_stored_events_v3 import _load


def test_stored_v4_case_rebuilds_its_reviewed_bills_payment_and_matter():
    document, aggregates = _load("stored_events_v4.json")
    case = aggregates[UUID(document["case_id"])]

    first, second = case.invoices
    assert (first.source, first.status, first.covered_yen, first.reduced_yen) == ("ledes", "partly_approved", 297_400,
                                                                                   65_000)
    assert first.lines[4].fee_type == "handling_fee" and first.lines[4].source_code == "F:L120/A102"
    assert (second.status, second.covered_yen, second.decision_reason) == ("rejected", 0, "委任の範囲外")
    assert case.payments[1].amount_yen == 258_660 and case.payments[1].covered_fees_basis_yen == 297_400
    assert (case.lawyer_id, case.law_firm_id, case.lawyer_name) == (document["lawyer_id"], document["firm_id"],
                                                                   "佐藤 花子")
    assert [(s.stage, s.outcome) for s in case.matter_course] == [
        ("engaged", None), ("negotiation", None), ("concluded", "settlement")]


def test_stored_v4_register_rebuilds_its_firm_lawyer_and_matter():
    document, aggregates = _load("stored_events_v4.json")
    register = aggregates[REGISTER_ID]

    assert register.lawyer(document["lawyer_id"]).phone == "090-0000-0000"
    assert [m.case_id for m in register.matters_of(document["firm_id"])] == [document["case_id"]]


def test_stored_bills_and_consents_of_earlier_schemas_read_as_typed_received_and_unregistered():
    for fixture in ("stored_events_v1.json", "stored_events_v2.json", "stored_events_v3.json"):
        _, aggregates = _load(fixture)
        cases = [a for a in aggregates.values() if type(a).__name__ == "ClaimCase" and a.invoices]
        assert cases, fixture
        for case in cases:
            assert all((i.source, i.status) == ("typed", "received") for i in case.invoices)
            assert case.covered_fees_yen == sum(i.billed_covered_yen for i in case.invoices)
            assert (case.lawyer_id, case.matter_stage) == (None, "engaged") and case.lawyer_name
