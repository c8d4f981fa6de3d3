"""The bodies of the events every claim records — a case and an incident alike. Each product's
aggregate binds them with `event(<name>, topic="claims:<Aggregate>.<name>")`, so each event keeps
its product's own stable topic while the recording is written once. Record only: these bodies run
again on every replay, so they hold no guards, clocks, ids or arithmetic."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from eventsourcing.domain import event

from domain.kernel.lifecycle import ClaimStatus
from domain.kernel.notes import Note
from domain.kernel.payments import PaymentRequest, RequestStatus
from domain.kernel.reserves import ReserveMove, ReserveMovement


def payment_settled(self: Any, payment_number: int, amount_yen: int, transfer_date: date, bank_reference: str,
                    actor_id: str, actor_role: str) -> None:
    self.book.record_settlement(payment_number, transfer_date, bank_reference)


def closed(self: Any, reason: str, actor_id: str, actor_role: str) -> None:
    self.status = ClaimStatus.CLOSED.value
    self.close_reason = reason


def reopened(self: Any, reason: str, actor_id: str, actor_role: str) -> None:
    self.status = ClaimStatus.OPEN.value
    self.reopen_reason = reason


def note_added(self: Any, number: int, category: str, text: str, corrects: int | None, written_at: datetime,
               actor_id: str, actor_role: str) -> None:
    self.notes.append(Note(number, category, text, corrects, actor_id, actor_role, written_at))


def reserve_set(self: Any, head: str | None, previous_yen: int, outstanding_yen: int, reason: str, set_at: datetime,
                actor_id: str, actor_role: str) -> None:
    self.reserves.record(ReserveMovement(ReserveMove.SET.value, head, previous_yen, outstanding_yen, reason, actor_id,
                                         set_at))


def reserve_lowered(self: Any, head: str | None, payment_number: int, previous_yen: int, outstanding_yen: int,
                    lowered_at: datetime, actor_id: str, actor_role: str) -> None:
    self.reserves.record(ReserveMovement(ReserveMove.LOWERED.value, head, previous_yen, outstanding_yen, "", actor_id,
                                         lowered_at, payment_number))


def reserve_released(self: Any, head: str | None, previous_yen: int, reason: str, released_at: datetime,
                     actor_id: str, actor_role: str) -> None:
    self.reserves.record(ReserveMovement(ReserveMove.RELEASED.value, head, previous_yen, 0, reason, actor_id,
                                         released_at))


def payment_requested(self: Any, request_number: int, head: str | None, amount_yen: int, owed_yen: int,
                      limited_by: str | None, actor_id: str, actor_role: str) -> None:
    self.book.record_request(PaymentRequest(request_number, amount_yen, owed_yen, limited_by, actor_id, head))


def payment_request_withdrawn(self: Any, request_number: int, reason: str, actor_id: str, actor_role: str) -> None:
    self.book.record_request_outcome(request_number, RequestStatus.WITHDRAWN, actor_id, reason)


def payment_request_refused(self: Any, request_number: int, reason: str, actor_id: str, actor_role: str) -> None:
    self.book.record_request_outcome(request_number, RequestStatus.REFUSED, actor_id, reason)


BODIES = {
    "PaymentSettled": payment_settled, "Closed": closed, "Reopened": reopened, "NoteAdded": note_added,
    "ReserveSet": reserve_set, "ReserveLowered": reserve_lowered, "ReserveReleased": reserve_released,
    "PaymentRequested": payment_requested, "PaymentRequestWithdrawn": payment_request_withdrawn,
    "PaymentRequestRefused": payment_request_refused,
}


def recorded(aggregate: str, name: str) -> Any:
    """The shared body of event `name`, bound as an `@event` of `aggregate` under its stable topic
    `claims:<aggregate>.<name>` (assigned in the aggregate's class body)."""
    return event(name, topic=f"claims:{aggregate}.{name}")(BODIES[name])


def describe_claim_file(aggregate: str, *, per_head: bool) -> None:
    """Register how the shared events read in histories, for one aggregate's topics. On an
    incident the reserve and the request name their head of loss. A note's words never appear:
    they may hold personal or medical details (the history and the audit log are read widely)."""
    from domain.kernel.descriptions import describe_events

    head_en, head_ja = (" under {head}", "（{head}）") if per_head else ("", "")
    describe_events({
        f"claims:{aggregate}.NoteAdded": ("File note {number} written ({category})", "メモ {number} を記録（{category}）"),
        f"claims:{aggregate}.ReserveSet": (
            f"Reserve{head_en} set from ¥{{previous_yen:,}} to ¥{{outstanding_yen:,}}",
            f"支払備金{head_ja}を ¥{{previous_yen:,}} から ¥{{outstanding_yen:,}} に変更"),
        f"claims:{aggregate}.ReserveLowered": (
            f"Reserve{head_en} lowered by payment {{payment_number}} to ¥{{outstanding_yen:,}}",
            f"支払 {{payment_number}} により支払備金{head_ja}を ¥{{outstanding_yen:,}} に減額"),
        f"claims:{aggregate}.ReserveReleased": (
            f"Reserve{head_en} of ¥{{previous_yen:,}} released on closing",
            f"終了により支払備金{head_ja} ¥{{previous_yen:,}} を取崩し"),
        f"claims:{aggregate}.PaymentRequested": (
            f"Payment of ¥{{amount_yen:,}}{head_en} requested for a second adjuster's confirmation"
            " (request {request_number}, above the requester's authority)",
            f"支払 ¥{{amount_yen:,}}{head_ja}の確認を依頼（依頼 {{request_number}}、決裁権限超過）"),
        f"claims:{aggregate}.PaymentRequestWithdrawn": (
            "Payment request {request_number} withdrawn", "確認依頼 {request_number} を取下げ"),
        f"claims:{aggregate}.PaymentRequestRefused": (
            "Payment request {request_number} refused", "確認依頼 {request_number} を差戻し"),
    })
