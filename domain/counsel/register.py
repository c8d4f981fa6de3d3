"""The counsel register, event-sourced as one aggregate: law firms, their lawyers (name, kana,
弁護士登録番号, bar association, firm, contact) and the matters the insurer consented to, by case.

One register, not an aggregate per lawyer, so that "one entry per registration number" is decided
by the aggregate that holds them all, under optimistic concurrency, with no read model in between
(docs/decisions/0021). Registering and editing are the adjusters' and the administrator's; a
consent naming a registered lawyer records the matter here in the same transaction as the case.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from uuid import NAMESPACE_URL, UUID, uuid5

from eventsourcing.domain import Aggregate, event

from domain.counsel.errors import LawFirmNotFound, LawyerAlreadyRegistered, LawyerNotFound
from domain.kernel.actors import Actor, Role
from domain.kernel.errors import InvalidInput
from domain.kernel.inputs import optional_text, require_text

REGISTER_ID = uuid5(NAMESPACE_URL, "claims:counsel-register")
KEEPERS = (Role.ADJUSTER, Role.ADMIN)
READERS = (Role.CONCIERGE, Role.ADJUSTER, Role.AUDITOR, Role.ADMIN)
REGISTRATION_NUMBER = re.compile(r"^\d{1,6}$")


@dataclass(frozen=True)
class LawFirmInput:
    name: str
    name_kana: str | None = None
    address: str | None = None
    phone: str | None = None
    email: str | None = None


@dataclass(frozen=True)
class LawyerInput:
    name: str
    name_kana: str | None
    registration_number: str
    bar_association: str
    firm_id: UUID | str
    phone: str | None = None
    email: str | None = None


@dataclass
class LawFirm:
    id: str
    name: str
    name_kana: str | None
    address: str | None
    phone: str | None
    email: str | None


@dataclass
class Lawyer:
    id: str
    name: str
    name_kana: str | None
    registration_number: str
    bar_association: str
    firm_id: str
    phone: str | None
    email: str | None


@dataclass
class Matter:
    case_id: str
    lawyer_id: str
    firm_id: str
    consent_date: date


@dataclass
class Entries:
    firms: dict[str, LawFirm] = field(default_factory=dict)
    lawyers: dict[str, Lawyer] = field(default_factory=dict)
    matters: list[Matter] = field(default_factory=list)


def registration_number_of(value: str) -> str:
    """弁護士登録番号 as digits (full-width digits are taken)."""
    number = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not REGISTRATION_NUMBER.match(number):
        raise InvalidInput("registration_number: digits only, up to 6", field="registration_number",
                           reason="bad_registration_number")
    return number


def _firm_fields(firm: LawFirmInput) -> dict[str, Any]:
    return {"name": require_text(firm.name, "name"), "name_kana": optional_text(firm.name_kana),
            "address": optional_text(firm.address), "phone": optional_text(firm.phone),
            "email": optional_text(firm.email)}


class CounselRegister(Aggregate):
    TOPIC = "claims:CounselRegister"

    class Created(Aggregate.Created):
        TOPIC = "claims:CounselRegister.Created"

    @classmethod
    def open(cls) -> CounselRegister:
        return cls(id=REGISTER_ID)

    @event("Opened", topic="claims:CounselRegister.Opened")
    def __init__(self, id: Any) -> None:
        self.entries = Entries()

    # ---- commands -------------------------------------------------------------------------

    def register_law_firm(self, firm: LawFirmInput, firm_id: UUID, *, actor: Actor) -> None:
        actor.require(*KEEPERS, command="registering a law firm")
        self._law_firm_registered(firm_id=str(firm_id), **_firm_fields(firm), actor_id=actor.user_id,
                                  actor_role=actor.role.value)

    def edit_law_firm(self, firm_id: UUID | str, firm: LawFirmInput, *, actor: Actor) -> None:
        actor.require(*KEEPERS, command="changing a law firm's entry")
        found = self.firm(firm_id)
        self._law_firm_edited(firm_id=found.id, **_firm_fields(firm), actor_id=actor.user_id,
                              actor_role=actor.role.value)

    def register_lawyer(self, lawyer: LawyerInput, lawyer_id: UUID, *, actor: Actor) -> None:
        actor.require(*KEEPERS, command="registering a lawyer")
        fields = self._lawyer_fields(lawyer, None)
        self._lawyer_registered(lawyer_id=str(lawyer_id), **fields, actor_id=actor.user_id,
                                actor_role=actor.role.value)

    def edit_lawyer(self, lawyer_id: UUID | str, lawyer: LawyerInput, *, actor: Actor) -> None:
        actor.require(*KEEPERS, command="changing a lawyer's entry")
        found = self.lawyer(lawyer_id)
        fields = self._lawyer_fields(lawyer, found.id)
        self._lawyer_edited(lawyer_id=found.id, **fields, actor_id=actor.user_id, actor_role=actor.role.value)

    def open_matter(self, case_id: UUID | str, lawyer_id: UUID | str, consent_date: date, *, actor: Actor) -> None:
        """A consent named this registered lawyer: the case becomes one of the firm's matters."""
        lawyer = self.lawyer(lawyer_id)
        self._matter_opened(case_id=str(case_id), lawyer_id=lawyer.id, firm_id=lawyer.firm_id,
                            consent_date=consent_date, actor_id=actor.user_id, actor_role=actor.role.value)

    # ---- queries --------------------------------------------------------------------------

    def firm(self, firm_id: UUID | str) -> LawFirm:
        found = self.entries.firms.get(str(firm_id))
        if found is None:
            raise LawFirmNotFound(f"no law firm {firm_id}", field="firm_id")
        return found

    def lawyer(self, lawyer_id: UUID | str) -> Lawyer:
        found = self.entries.lawyers.get(str(lawyer_id))
        if found is None:
            raise LawyerNotFound(f"no lawyer {lawyer_id}", field="lawyer_id")
        return found

    def lawyers_of(self, firm_id: UUID | str) -> list[Lawyer]:
        return [x for x in self.entries.lawyers.values() if x.firm_id == str(firm_id)]

    def matters_of(self, firm_id: UUID | str) -> list[Matter]:
        return [m for m in self.entries.matters if m.firm_id == str(firm_id)]

    def _lawyer_fields(self, lawyer: LawyerInput, own_id: str | None) -> dict[str, Any]:
        number = registration_number_of(lawyer.registration_number)
        taken = next((x for x in self.entries.lawyers.values() if x.registration_number == number), None)
        if taken is not None and taken.id != own_id:
            raise LawyerAlreadyRegistered(f"registration number {number} is registered already",
                                          field="registration_number",
                                          params={"registration_number": number, "name": taken.name})
        return {"name": require_text(lawyer.name, "name"), "name_kana": optional_text(lawyer.name_kana),
                "registration_number": number,
                "bar_association": require_text(lawyer.bar_association, "bar_association"),
                "firm_id": self.firm(lawyer.firm_id).id, "phone": optional_text(lawyer.phone),
                "email": optional_text(lawyer.email)}

    # ---- events: record only --------------------------------------------------------------

    @event("LawFirmRegistered", topic="claims:CounselRegister.LawFirmRegistered")
    def _law_firm_registered(self, firm_id: str, name: str, name_kana: str | None, address: str | None,
                             phone: str | None, email: str | None, actor_id: str, actor_role: str) -> None:
        self.entries.firms[firm_id] = LawFirm(firm_id, name, name_kana, address, phone, email)

    @event("LawFirmEdited", topic="claims:CounselRegister.LawFirmEdited")
    def _law_firm_edited(self, firm_id: str, name: str, name_kana: str | None, address: str | None,
                         phone: str | None, email: str | None, actor_id: str, actor_role: str) -> None:
        self.entries.firms[firm_id] = LawFirm(firm_id, name, name_kana, address, phone, email)

    @event("LawyerRegistered", topic="claims:CounselRegister.LawyerRegistered")
    def _lawyer_registered(self, lawyer_id: str, name: str, name_kana: str | None, registration_number: str,
                           bar_association: str, firm_id: str, phone: str | None, email: str | None,
                           actor_id: str, actor_role: str) -> None:
        self.entries.lawyers[lawyer_id] = Lawyer(lawyer_id, name, name_kana, registration_number, bar_association,
                                                 firm_id, phone, email)

    @event("LawyerEdited", topic="claims:CounselRegister.LawyerEdited")
    def _lawyer_edited(self, lawyer_id: str, name: str, name_kana: str | None, registration_number: str,
                       bar_association: str, firm_id: str, phone: str | None, email: str | None,
                       actor_id: str, actor_role: str) -> None:
        self.entries.lawyers[lawyer_id] = Lawyer(lawyer_id, name, name_kana, registration_number, bar_association,
                                                 firm_id, phone, email)

    @event("MatterOpened", topic="claims:CounselRegister.MatterOpened")
    def _matter_opened(self, case_id: str, lawyer_id: str, firm_id: str, consent_date: date, actor_id: str,
                       actor_role: str) -> None:
        self.entries.matters.append(Matter(case_id, lawyer_id, firm_id, consent_date))
