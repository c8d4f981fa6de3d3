"""Read model `case_list`: one row per case, for lists and filters.

The view row and the tracking position commit in one transaction; events this projection does
not use still record their position. The stage comes from the domain's own functions (case_stage,
owed_by_rule, incident_stage); no rule is restated here. Its queries (lists, filters) follow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any
from uuid import UUID

from eventsourcing.dispatch import singledispatchmethod
from eventsourcing.persistence import Tracking
from eventsourcing.projection import Projection
from psycopg_pool import ConnectionPool

from domain.cyber.incident import CyberIncident, incident_stage
from domain.harassment.case import ClaimCase, case_stage, owed_by_rule
from domain.kernel.clock import japan_day_start
from domain.kernel.errors import InvalidInput
from domain.kernel.payout import PayoutTerms
from infra.paging import Rows, decode_cursor, encode_cursor, equal_to, fetch_page
from projections.batching import BatchedView
from projections.instants import storable
from projections.search import like_pattern, search_key

COLUMNS = (
    "case_id", "version", "product", "policy_ref", "insured_name", "member_number", "category", "status",
    "escalation", "stage", "occurred_at", "reported_at", "last_activity_at", "consultations",
    "covered_fees_yen", "approved_yen", "settled_yen", "unsettled_payments",
    "coverage", "deductible_yen", "coinsurance_percent", "limit_exhausted", "kind", "costs_pending",
    "third_party_claims", "last_consultation_at", "liability_costs_pending", "expenses_costs_pending",
    "insured_name_kana", "search_text", "requests_waiting", "reserve_yen", "bills_under_review", "matter_stage",
)

Row = dict[str, Any]


class CaseListView(BatchedView):
    """Rows of case facts in `TABLE`; `derive` fills the columns computed from the facts."""

    TABLE = "case_list"
    COLUMNS: tuple[str, ...] = COLUMNS
    _rows: dict[Any, Row]  # the rows this view updated in the open share, as written
    _rows_share: object | None = None

    def _written_rows(self) -> dict[Any, Row] | None:
        """Rows updated earlier in the same batch share, so that the next event on that case reads
        the row without a round trip (a SELECT waited for its answer and broke the pipeline: one
        wait per event). Forgotten whenever the share changes; None outside a batch."""
        share = getattr(self.datastore, "share", None)
        if share is None:
            return None
        if self._rows_share is not share:
            self._rows, self._rows_share = {}, share
        return self._rows

    def track(self, tracking: Tracking) -> None:
        self.insert_tracking(tracking)

    def derive(self, row: Row, before: Row | None, at: Any) -> None:
        row["stage"] = _stage(row)

    def insert_case(self, row: Row, tracking: Tracking) -> None:
        self.derive(row, None, row["reported_at"])
        with self.datastore.transaction(commit=True) as curs:
            placeholders = ", ".join(f"%({c})s" for c in self.COLUMNS)
            # Only fixed column names are interpolated; every value is a bound parameter.
            curs.execute(f"INSERT INTO {self.TABLE} ({', '.join(self.COLUMNS)}) VALUES ({placeholders})", row)  # noqa: S608
            self._insert_tracking(curs, tracking)

    def update_case(self, case_id: Any, change: Callable[[Row], None], tracking: Tracking, at: Any) -> None:
        written = self._written_rows()
        with self.datastore.transaction(commit=True) as curs:
            found = written.get(case_id) if written is not None else None
            if found is None:
                curs.execute(f"SELECT * FROM {self.TABLE} WHERE case_id = %s FOR UPDATE", (case_id,))  # noqa: S608
                found = curs.fetchone()
            if found is not None:
                before = dict(found)
                row = dict(found)
                change(row)
                self.derive(row, before, at)
                assignments = ", ".join(f"{c} = %({c})s" for c in self.COLUMNS if c != "case_id")
                curs.execute(f"UPDATE {self.TABLE} SET {assignments} WHERE case_id = %(case_id)s", row)  # noqa: S608
                if written is not None:
                    written[case_id] = row
            self._insert_tracking(curs, tracking)


def _stage(row: Row) -> str:
    """The stage as the domain computes it, from the row's facts."""
    if row["kind"] == "incident":
        return incident_stage(status=row["status"], unsettled_payments=row["unsettled_payments"],
                              costs_pending=row["costs_pending"], third_party_claims=row["third_party_claims"],
                              requests_waiting=row["requests_waiting"]).value
    owed = owed_by_rule(
        status=row["status"], coverage=row["coverage"], escalation=row["escalation"],
        limit_exhausted=row["limit_exhausted"], covered_fees_yen=row["covered_fees_yen"],
        approved_yen=row["approved_yen"], terms=PayoutTerms(row["deductible_yen"], row["coinsurance_percent"]),
    )
    return case_stage(status=row["status"], escalation=row["escalation"], unsettled_payments=row["unsettled_payments"],
                      owed_now_yen=owed, consultations=row["consultations"],
                      requests_waiting=row["requests_waiting"], bills_under_review=row["bills_under_review"]).value


def _searchable(event: Any) -> str:
    return search_key(event.insured_name, event.insured_name_kana, event.member_number, event.policy_ref)


def _costs_pending(row: Row) -> int:
    """Costs recorded since their head's last payment (the heads are counted just before)."""
    return row["liability_costs_pending"] + row["expenses_costs_pending"]


class CaseListProjection(Projection[CaseListView]):
    name = "case_list"

    @singledispatchmethod
    def process_event(self, domain_event: Any, tracking: Tracking) -> None:
        self.view.track(tracking)  # not ours: the position still moves on

    @process_event.register(ClaimCase.Reported)
    def _reported(self, event: Any, tracking: Tracking) -> None:
        row: Row = {c: 0 for c in COLUMNS}
        row["last_consultation_at"] = row["matter_stage"] = None
        row.update(
            case_id=event.originator_id, version=event.originator_version, product="harassment",
            policy_ref=event.policy_ref, insured_name=event.insured_name, member_number=event.member_number,
            insured_name_kana=event.insured_name_kana, search_text=_searchable(event),
            category=event.category, status="open", escalation="none", occurred_at=storable(event.occurred_at),
            reported_at=event.timestamp, last_activity_at=event.timestamp, coverage=event.coverage,
            deductible_yen=event.deductible_yen, coinsurance_percent=event.coinsurance_percent, limit_exhausted=False,
            kind="case",
        )
        self.view.insert_case(row, tracking)

    def _update(self, event: Any, tracking: Tracking, **change: Callable[[Row], Any]) -> None:
        def apply(row: Row) -> None:
            for column, compute in change.items():
                row[column] = compute(row)
            row["version"] = event.originator_version
            row["last_activity_at"] = event.timestamp

        self.view.update_case(event.originator_id, apply, tracking, event.timestamp)

    @process_event.register(ClaimCase.ConsultationLogged)
    def _consultation(self, event: Any, tracking: Tracking) -> None:
        self._update(
            event, tracking,
            consultations=lambda r: r["consultations"] + 1,
            last_consultation_at=lambda r: max(filter(None, (r["last_consultation_at"], storable(event.held_at)))),
        )

    @process_event.register(ClaimCase.EscalationRecommended)
    def _recommended(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, escalation=lambda r: "recommended")

    @process_event.register(ClaimCase.EscalationApproved)
    def _approved(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, escalation=lambda r: "approved", matter_stage=lambda r: "engaged")

    @process_event.register(ClaimCase.EscalationDeclined)
    def _declined(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, escalation=lambda r: "declined")

    @process_event.register(ClaimCase.InvoiceRecorded)
    def _invoice(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, covered_fees_yen=lambda r: r["covered_fees_yen"] + event.covered_yen,
                     bills_under_review=lambda r: r["bills_under_review"] + (event.status == "under_review"))

    # ---- the bill's review and the matter's course (decision 0021) ------------------------------

    @process_event.register(ClaimCase.BillReviewStarted)
    def _review_started(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, bills_under_review=lambda r: r["bills_under_review"] + 1)

    @process_event.register(ClaimCase.BillLineReviewed)
    def _line_reviewed(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, covered_fees_yen=lambda r: r["covered_fees_yen"] + event.covered_change_yen)

    @process_event.register(ClaimCase.BillApproved)
    def _bill_approved(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, bills_under_review=lambda r: r["bills_under_review"] - 1)

    @process_event.register(ClaimCase.BillRejected)
    def _bill_rejected(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, bills_under_review=lambda r: r["bills_under_review"] - 1,
                     covered_fees_yen=lambda r: r["covered_fees_yen"] + event.covered_change_yen)

    @process_event.register(ClaimCase.MatterStepRecorded)
    def _matter_step(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, matter_stage=lambda r: event.stage)

    @process_event.register(ClaimCase.PaymentApproved)
    def _payment(self, event: Any, tracking: Tracking) -> None:
        self._update(
            event, tracking,
            approved_yen=lambda r: r["approved_yen"] + event.amount_yen,
            unsettled_payments=lambda r: r["unsettled_payments"] + 1,
            limit_exhausted=lambda r: r["limit_exhausted"] or event.limited_by is not None,
            requests_waiting=lambda r: r["requests_waiting"] - (event.request_number is not None),
        )

    @process_event.register(ClaimCase.PaymentSettled)
    def _settled(self, event: Any, tracking: Tracking) -> None:
        self._update(
            event, tracking,
            settled_yen=lambda r: r["settled_yen"] + event.amount_yen,
            unsettled_payments=lambda r: r["unsettled_payments"] - 1,
        )

    @process_event.register(ClaimCase.Closed)
    def _closed(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, status=lambda r: "closed")

    @process_event.register(ClaimCase.Reopened)
    def _reopened(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, status=lambda r: "open")

    # ---- cyber incidents share the list ------------------------------------------------------

    @process_event.register(CyberIncident.Opened)
    def _incident_opened(self, event: Any, tracking: Tracking) -> None:
        row: Row = {c: 0 for c in COLUMNS}
        row["last_consultation_at"] = row["matter_stage"] = None
        row.update(
            case_id=event.originator_id, version=event.originator_version, product=event.product,
            policy_ref=event.policy_ref, insured_name=event.insured_name, member_number=event.member_number,
            insured_name_kana=event.insured_name_kana, search_text=_searchable(event),
            category=event.incident_kinds[0], status="open", escalation="none", occurred_at=storable(event.occurred_at),
            reported_at=event.timestamp, last_activity_at=event.timestamp, coverage=event.coverage,
            deductible_yen=event.deductible_yen, coinsurance_percent=event.coinsurance_percent, limit_exhausted=False,
            kind="incident",
        )
        self.view.insert_case(row, tracking)

    @process_event.register(CyberIncident.ThirdPartyClaimReceived)
    def _incident_claim(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, third_party_claims=lambda r: r["third_party_claims"] + 1)

    @process_event.register(CyberIncident.CostRecorded)
    def _incident_cost(self, event: Any, tracking: Tracking) -> None:
        pending = f"{event.head}_costs_pending"
        self._update(event, tracking, covered_fees_yen=lambda r: r["covered_fees_yen"] + event.amount_yen,
                     **{pending: lambda r: r[pending] + 1}, costs_pending=_costs_pending)

    @process_event.register(CyberIncident.PaymentApproved)
    def _incident_payment(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, approved_yen=lambda r: r["approved_yen"] + event.amount_yen,
                     unsettled_payments=lambda r: r["unsettled_payments"] + 1,
                     requests_waiting=lambda r: r["requests_waiting"] - (event.request_number is not None),
                     **{f"{event.head}_costs_pending": lambda r: 0}, costs_pending=_costs_pending)

    @process_event.register(CyberIncident.PaymentSettled)
    def _incident_settled(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, settled_yen=lambda r: r["settled_yen"] + event.amount_yen,
                     unsettled_payments=lambda r: r["unsettled_payments"] - 1)

    @process_event.register(CyberIncident.Closed)
    def _incident_closed(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, status=lambda r: "closed")

    @process_event.register(CyberIncident.Reopened)
    def _incident_reopened(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, status=lambda r: "open")

    @process_event.register(CyberIncident.OffsetRecorded)
    @process_event.register(CyberIncident.RecourseDecided)
    @process_event.register(ClaimCase.NoteAdded)
    @process_event.register(CyberIncident.NoteAdded)
    def _incident_activity(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking)

    # ---- the adjuster's file: four eyes and reserves, on cases and incidents alike ---------------

    @process_event.register(ClaimCase.PaymentRequested)
    @process_event.register(CyberIncident.PaymentRequested)
    def _requested(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, requests_waiting=lambda r: r["requests_waiting"] + 1)

    @process_event.register(ClaimCase.PaymentRequestWithdrawn)
    @process_event.register(ClaimCase.PaymentRequestRefused)
    @process_event.register(CyberIncident.PaymentRequestWithdrawn)
    @process_event.register(CyberIncident.PaymentRequestRefused)
    def _request_decided(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, requests_waiting=lambda r: r["requests_waiting"] - 1)

    @process_event.register(ClaimCase.ReserveSet)
    @process_event.register(ClaimCase.ReserveLowered)
    @process_event.register(CyberIncident.ReserveSet)
    @process_event.register(CyberIncident.ReserveLowered)
    def _reserve(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, reserve_yen=lambda r: r["reserve_yen"] + event.outstanding_yen - event.previous_yen)

    @process_event.register(ClaimCase.ReserveReleased)
    @process_event.register(CyberIncident.ReserveReleased)
    def _released(self, event: Any, tracking: Tracking) -> None:
        self._update(event, tracking, reserve_yen=lambda r: r["reserve_yen"] - event.previous_yen)


# ---- queries ------------------------------------------------------------------------------

@dataclass(frozen=True)
class CaseFilter:
    status: str | None = None
    stage: str | None = None
    product: str | None = None
    kind: str | None = None
    coverage: str | None = None
    policy_ref: str | None = None
    member_number: str | None = None
    text: str | None = None  # a name (kanji or kana), a member or policy number, or part of one
    reported_from: date | None = None  # Japan dates, inclusive
    reported_to: date | None = None
    occurred_from: date | None = None
    occurred_to: date | None = None

    def clauses(self) -> tuple[list[str], dict[str, Any]]:
        clauses, params = equal_to(self, ("status", "stage", "product", "kind", "coverage", "policy_ref", "member_number"))
        pattern = like_pattern(self.text or "")
        if pattern:
            clauses.append("search_text LIKE %(text)s")
            params["text"] = pattern
        for column in ("reported", "occurred"):
            start, end = getattr(self, f"{column}_from"), getattr(self, f"{column}_to")
            if start and end and end < start:
                raise InvalidInput(f"{column}_to may not precede {column}_from", field=f"{column}_to")
            if start:
                clauses.append(f"{column}_at >= %({column}_from)s")
                params[f"{column}_from"] = japan_day_start(start)
            if end:
                clauses.append(f"{column}_at < %({column}_to)s")
                params[f"{column}_to"] = japan_day_start(end + timedelta(days=1))
        return clauses, params


def list_cases(pool: ConnectionPool, where: CaseFilter, limit: int, cursor: str | None) -> tuple[Rows, str | None]:
    clauses, params = where.clauses()
    if cursor:
        params["at"], params["id"] = decode_cursor(cursor, datetime.fromisoformat, UUID)
        clauses.append("(reported_at, case_id) < (%(at)s, %(id)s)")
    sql = "SELECT * FROM case_list" + (" WHERE " + " AND ".join(clauses) if clauses else "")  # noqa: S608
    sql += " ORDER BY reported_at DESC, case_id DESC LIMIT %(limit)s"
    rows, more = fetch_page(pool, sql, params, limit)
    return rows, encode_cursor(rows[-1]["reported_at"].isoformat(), rows[-1]["case_id"]) if more else None
