"""Read model `payouts`: a row per payment approved or settled; totals are sums over the rows.

An approval is booked on the Japan date it was approved; a settlement on its transfer date. The
fiscal year (April–March) is that date's. Amounts come from the events, never recomputed.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection

from domain.claim_case import ClaimCase
from domain.clock import japan_date
from domain.cover import fiscal_year_of_date
from domain.incident import CyberIncident
from projections.sql_view import SqlView, Statement

INSERT_SUBJECT = (
    "INSERT INTO payout_subjects (case_id, kind, product, policy_ref)"
    " VALUES (%(case_id)s, %(kind)s, %(product)s, %(policy_ref)s)"
)
INSERT_ENTRY = (
    "INSERT INTO payouts (position, case_id, kind, product, policy_ref, payment_number, entry, amount_yen, head,"
    " booked_on, fiscal_year, recorded_at, actor_id)"
    " SELECT %(position)s, s.case_id, s.kind, s.product, s.policy_ref, %(payment_number)s, %(entry)s, %(amount_yen)s,"
    " %(head)s, %(booked_on)s, %(fiscal_year)s, %(recorded_at)s, %(actor_id)s"
    " FROM payout_subjects s WHERE s.case_id = %(case_id)s"
)


def _entry(event: Any, tracking: Tracking, entry: str, booked_on: date) -> Statement:
    return INSERT_ENTRY, {
        "position": tracking.notification_id, "case_id": event.originator_id, "payment_number": event.payment_number,
        "entry": entry, "amount_yen": event.amount_yen, "head": getattr(event, "head", None), "booked_on": booked_on,
        "fiscal_year": fiscal_year_of_date(booked_on), "recorded_at": event.timestamp, "actor_id": event.actor_id,
    }


class PayoutsProjection(Projection[SqlView]):
    name = "payouts"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking)

    @process_event.register(ClaimCase.Reported)
    def _case(self, event: Any, tracking: Tracking) -> None:
        subject = {"case_id": event.originator_id, "kind": "case", "product": "harassment", "policy_ref": event.policy_ref}
        self.view.apply(tracking, (INSERT_SUBJECT, subject))

    @process_event.register(CyberIncident.Opened)
    def _incident(self, event: Any, tracking: Tracking) -> None:
        subject = {"case_id": event.originator_id, "kind": "incident", "product": event.product,
                   "policy_ref": event.policy_ref}
        self.view.apply(tracking, (INSERT_SUBJECT, subject))

    @process_event.register(ClaimCase.PaymentApproved)
    @process_event.register(CyberIncident.PaymentApproved)
    def _approved(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _entry(event, tracking, "approved", japan_date(event.timestamp)))

    @process_event.register(ClaimCase.PaymentSettled)
    @process_event.register(CyberIncident.PaymentSettled)
    def _settled(self, event: Any, tracking: Tracking) -> None:
        self.view.apply(tracking, _entry(event, tracking, "settled", event.transfer_date))
