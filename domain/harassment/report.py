"""What the concierge takes down on the first report, and on every consultation after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from domain.harassment.vocabulary import CaseCategory, Channel, ClaimActKind
from domain.kernel.errors import InvalidInput


@dataclass(frozen=True)
class CaseReport:
    """The first report of a claim act."""

    policy_ref: str
    insured_name: str
    member_number: str
    occurred_at: datetime
    place: str
    in_japan: bool
    category: CaseCategory
    claim_act_kinds: tuple[ClaimActKind, ...]
    summary: str
    channel: Channel
    legal_characterisation: str | None = None
    insured_name_kana: str | None = None  # フリガナ: the name as it reads, for finding the case

    def check_kinds(self) -> None:
        if not self.claim_act_kinds:
            raise InvalidInput("name at least one claim-act kind", field="claim_act_kinds", reason="empty")
        if len(set(self.claim_act_kinds)) != len(self.claim_act_kinds):
            raise InvalidInput("claim-act kinds may not repeat", field="claim_act_kinds", reason="repeated")


@dataclass(frozen=True)
class ConsultationInput:
    """One consultation with the concierge: free, a service, never a payout."""

    held_at: datetime
    channel: Channel
    duration_minutes: int
    caller: str
    question: str
    advice: str
