"""What the notes, the reserve and the payment requests of a case's or an incident's page offer,
asked of the domain as the rest of the page is (web/case_view.py): each command is tried on a copy
of the claim by the signed-in person, with placeholder values; nothing is restated here."""

from __future__ import annotations

from datetime import datetime

from domain.kernel.lifecycle import ClaimLifecycle
from domain.kernel.notes import NoteCategory, NoteInput, corrections_of
from domain.kernel.payments import PaymentRequest
from infra.users import User
from web.trials import AsQuoted, accepts


class ClaimFileView:
    def __init__(self, claim: ClaimLifecycle, user: User, now: datetime) -> None:
        self.claim = claim
        self.user = user
        self.now = now

    @property
    def offers_note(self) -> bool:
        return accepts(self.claim, lambda c: c.add_note(NoteInput(NoteCategory.OTHER, "-"), actor=self.user.actor,
                                                        now=self.now))

    def offers_reserve(self, head: str | None = None) -> bool:
        different = self.claim.reserves.outstanding_yen(head) + 1  # a new figure (the same one is refused)
        return accepts(self.claim, lambda c: c.set_reserve(different, head=head, reason="-", actor=self.user.actor,
                                                           now=self.now))

    def offers_confirm(self, request: PaymentRequest) -> bool:
        """Confirming would go through for this person as the request stands (not their own, within
        their authority); the limits are decided again by the command itself."""
        as_asked = AsQuoted(self.claim.policy_ref.strip().upper(), request.amount_yen)
        return accepts(self.claim, lambda c: c.confirm_payment(request.number, policy=as_asked, actor=self.user.actor,
                                                               now=self.now))

    def offers_refuse(self, request: PaymentRequest) -> bool:
        return accepts(self.claim, lambda c: c.refuse_payment_request(request.number, reason="-",
                                                                      actor=self.user.actor))

    def offers_withdraw(self, request: PaymentRequest) -> bool:
        return accepts(self.claim, lambda c: c.withdraw_payment_request(request.number, reason="-",
                                                                        actor=self.user.actor))

    @property
    def corrections(self) -> dict[int, list[int]]:
        return corrections_of(self.claim.notes)

    @property
    def note_categories(self) -> list[NoteCategory]:
        return list(NoteCategory)

    @property
    def shows_reserve(self) -> bool:
        """The reserve is the insurer's figure: adjusters and auditors see it, the concierge does not."""
        return self.user.role.value in ("adjuster", "auditor")
