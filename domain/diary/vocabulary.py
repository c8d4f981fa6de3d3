"""The diary's words."""

from __future__ import annotations

from domain.kernel.labels import Labelled


class ActivityKind(Labelled):
    FIRST_CONSULTATION = "first_consultation", "初回の相談"
    BILL_DECISION = "bill_decision", "請求の判断と支払"
    TRANSFER = "transfer", "振込"
    FOLLOW_UP = "follow_up", "対応予定"  # opened by a person


class ActivityStatus(Labelled):
    OPEN = "open", "未完了"
    DONE = "done", "完了"
