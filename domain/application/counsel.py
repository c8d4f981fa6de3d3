"""The counsel register's commands and queries, by name: law firms and lawyers registered and
changed by adjusters and the administrator; a firm's matters with what was billed and paid."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from uuid import UUID, uuid4

from domain.application.cases import CaseCommands
from domain.application.machinery import Change, CommandResult, Idempotency
from domain.counsel.register import READERS, CounselRegister, LawFirmInput, LawyerInput, Matter
from domain.harassment.case import ClaimCase
from domain.kernel.actors import Actor


@dataclass(frozen=True)
class FirmMatter:
    """One matter of a firm: the case as it stands, what its bills asked and what was paid."""

    matter: Matter
    case: ClaimCase

    @property
    def billed_yen(self) -> int:
        return sum(invoice.billed_yen for invoice in self.case.invoices)

    @property
    def covered_yen(self) -> int:
        return self.case.covered_fees_yen

    @property
    def paid_yen(self) -> int:
        return self.case.approved_yen


class CounselCommands(CaseCommands):
    def register_law_firm(self, firm: LawFirmInput, actor: Actor, *,
                          idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_register(lambda register: register.register_law_firm(firm, uuid4(), actor=actor), idempotency)

    def edit_law_firm(self, firm_id: UUID, firm: LawFirmInput, actor: Actor, *,
                      idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_register(lambda register: register.edit_law_firm(firm_id, firm, actor=actor), idempotency)

    def register_lawyer(self, lawyer: LawyerInput, actor: Actor, *,
                        idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_register(lambda register: register.register_lawyer(lawyer, uuid4(), actor=actor),
                                 idempotency)

    def edit_lawyer(self, lawyer_id: UUID, lawyer: LawyerInput, actor: Actor, *,
                    idempotency: Idempotency | None = None) -> CommandResult:
        return self._on_register(lambda register: register.edit_lawyer(lawyer_id, lawyer, actor=actor), idempotency)

    # ---- queries --------------------------------------------------------------------------

    def read_counsel_register(self, actor: Actor) -> CounselRegister:
        actor.require(*READERS, command="reading the counsel register")
        return self.counsel_register()

    def firm_matters(self, firm_id: UUID | str, actor: Actor) -> list[FirmMatter]:
        """The firm's matters, newest consent first, each with its case as it stands now."""
        register = self.read_counsel_register(actor)
        register.firm(firm_id)
        matters = sorted(register.matters_of(firm_id), key=lambda m: m.consent_date, reverse=True)
        return [FirmMatter(m, self.get_case(UUID(m.case_id))) for m in matters]

    # ---- machinery ------------------------------------------------------------------------

    def _on_register(self, command: object, idempotency: Idempotency | None) -> CommandResult:
        def decide(register: CounselRegister, _now: datetime) -> Change:
            command(register)  # type: ignore[operator]
            return Change(register)

        return self._run(self.counsel_register, decide, idempotency=idempotency)
