"""What the system puts in the diary by itself, read from the events a claim's command records:

| when a claim records            | the diary                                                        |
| ------------------------------- | ---------------------------------------------------------------- |
| a case reported                 | opens "first consultation", due 2 business days later (concierge) |
| the first consultation logged   | completes "first consultation"                                    |
| a lawyer's bill / a vendor cost | opens "decide and pay", due 30 days later (adjusters)             |
| a bill rejected                 | completes that bill's "decide and pay" (the decision is made; nothing is paid) |
| a payment approved              | completes the bills it pays; opens "transfer", due 5 business days later (the approver) |
| a payment settled               | completes its "transfer"                                          |
| the claim closed                | completes whatever of these is still open                         |

The 30 days: the Insurance Act, art. 21, asks the insurer to pay within a reasonable period after
the claim is complete, and Japanese non-life insurers' standard conditions name 30 days; the day a
bill is recorded is taken as the day the claim is complete (the basis is recorded on the activity).
Pure: the application loads and saves the activities in the command's own transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from domain.diary.activity import Assignee
from domain.diary.vocabulary import ActivityKind
from domain.kernel.actors import Actor, Role
from domain.kernel.calendar import add_business_days
from domain.kernel.clock import japan_date, japanese_date

FIRST_CONSULTATION_BUSINESS_DAYS = 2
PAYMENT_DAYS = 30  # calendar days (保険法第21条・約款)
TRANSFER_BUSINESS_DAYS = 5


@dataclass(frozen=True)
class Opening:
    kind: ActivityKind
    key: str
    subject: str
    due_on: date
    assignee: Assignee
    basis: str
    actor: Actor


@dataclass(frozen=True)
class Completion:
    kind: ActivityKind
    key: str
    note: str
    actor: Actor


def _actor_of(event: Any) -> Actor:
    return Actor(event.actor_id, Role(event.actor_role))


def follow_ups(events: list[Any], *, invoice_numbers: list[str], payment_numbers: list[int], now: datetime
               ) -> list[Opening | Completion]:
    """What the diary does because of these events of one claim (in their order). `invoice_numbers`
    and `payment_numbers` are the claim's, for closing."""
    today = japan_date(now)
    found: list[Opening | Completion] = []
    for event in events:
        name = type(event).__name__
        actor = _actor_of(event) if hasattr(event, "actor_id") else None
        if actor is None:
            continue
        if name == "Reported":
            due = add_business_days(today, FIRST_CONSULTATION_BUSINESS_DAYS)
            found.append(Opening(
                ActivityKind.FIRST_CONSULTATION, "", "初回の相談（受付から2営業日以内）", due, Assignee(Role.CONCIERGE),
                f"受付（{japanese_date(today)}）から {FIRST_CONSULTATION_BUSINESS_DAYS} 営業日以内に初回の相談を行う"
                "（土日・祝日・年末年始 12月31日〜1月3日を除く）", actor))
        elif name == "ConsultationLogged" and event.number == 1:  # later ones find it done: not even loaded
            found.append(Completion(ActivityKind.FIRST_CONSULTATION, "", f"相談 {event.number} を記録", actor))
        elif name in ("InvoiceRecorded", "CostRecorded"):
            number = event.invoice_number
            due = today + timedelta(days=PAYMENT_DAYS)
            found.append(Opening(
                ActivityKind.BILL_DECISION, number, f"請求書 {number} の判断と支払（30日以内）", due,
                Assignee(Role.ADJUSTER),
                f"保険法第21条（保険金は請求の完了から相当の期間内に支払う）と損害保険各社の約款の30日。"
                f"請求書 {number} を記録した {japanese_date(today)} を請求の完了日とし、その {PAYMENT_DAYS} 日後まで",
                actor))
        elif name == "BillRejected":
            found.append(Completion(ActivityKind.BILL_DECISION, event.invoice_number,
                                    f"請求書 {event.invoice_number} を不承認（理由: {event.reason}）", actor))
        elif name == "PaymentApproved":
            found.extend(Completion(ActivityKind.BILL_DECISION, n, f"支払 {event.payment_number} で承認", actor)
                         for n in event.invoice_numbers)
            due = add_business_days(today, TRANSFER_BUSINESS_DAYS)
            found.append(Opening(
                ActivityKind.TRANSFER, str(event.payment_number), f"支払 {event.payment_number} の振込（5営業日以内）", due,
                Assignee(Role.ADJUSTER, event.actor_id),
                f"支払の承認（{japanese_date(today)}）から {TRANSFER_BUSINESS_DAYS} 営業日以内に振り込む", actor))
        elif name == "PaymentSettled":
            found.append(Completion(ActivityKind.TRANSFER, str(event.payment_number),
                                    f"{japanese_date(event.transfer_date)} に振込済", actor))
        elif name == "Closed":
            note = "事案の終了により完了"
            found.append(Completion(ActivityKind.FIRST_CONSULTATION, "", note, actor))
            found.extend(Completion(ActivityKind.BILL_DECISION, n, note, actor) for n in invoice_numbers)
            found.extend(Completion(ActivityKind.TRANSFER, str(n), note, actor) for n in payment_numbers)
    return found
