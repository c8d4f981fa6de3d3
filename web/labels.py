"""Japanese labels for the codes the pages show: roles, work queues, and every code the event
descriptions already read in Japanese (domain/descriptions.py)."""

from __future__ import annotations

from domain.descriptions import CODES_JA

ROLE_LABELS = {
    "concierge": "クレームコンシェル",
    "adjuster": "損害調査担当",
    "auditor": "監査",
    "admin": "管理者",
    "monitor": "監視",
}
QUEUE_LABELS = {
    "new_reports": "新規受付",
    "without_consultation": "相談が途絶えている事案",
    "awaiting_consent": "承諾待ち",
    "invoices_awaiting_decision": "請求の判断待ち",
    "payments_awaiting_settlement": "振込待ち",
}
LABELS: dict[str, str] = {**CODES_JA, **ROLE_LABELS, **QUEUE_LABELS}
